from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    """Files that leave haven: sealed, defused, audited and expiring."""

    name = "haven.apps.exports"
    label = "exports"
    verbose_name = _("Exports")
