from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """The audit trail."""

    name = "haven.apps.audit"
    label = "audit"
    verbose_name = _("Audit")
