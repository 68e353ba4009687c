from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SharingConfig(AppConfig):
    """Data-sharing agreements and the disclosures made under them."""

    name = "haven.apps.sharing"
    label = "sharing"
    verbose_name = _("Sharing")
