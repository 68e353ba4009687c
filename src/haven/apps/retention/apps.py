from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RetentionConfig(AppConfig):
    """Retention periods, legal holds and the erasure of a person."""

    name = "haven.apps.retention"
    label = "retention"
    verbose_name = _("Retention and erasure")
