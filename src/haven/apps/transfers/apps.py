from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransfersConfig(AppConfig):
    """Movements of people: manifests, custody check-out and check-in, alerts."""

    name = "haven.apps.transfers"
    label = "transfers"
    verbose_name = _("Transfers")
