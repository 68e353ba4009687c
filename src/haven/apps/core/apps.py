from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The shared layer below the domain apps (docs/adr/0032); it has no models."""

    name = "haven.apps.core"
    label = "core"
    verbose_name = _("Core")
