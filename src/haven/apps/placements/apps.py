from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacementsConfig(AppConfig):
    """The pledge and quota ledger, placements and allocation runs."""

    name = "haven.apps.placements"
    label = "placements"
    verbose_name = _("Placements")
