from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CryptoConfig(AppConfig):
    """Encrypted model fields and their keyring."""

    name = "haven.apps.crypto"
    label = "crypto"
    verbose_name = _("Field encryption")
