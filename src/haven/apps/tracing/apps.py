from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TracingConfig(AppConfig):
    """Family tracing requests, candidate matches and the duplicate review queue."""

    name = "haven.apps.tracing"
    label = "tracing"
    verbose_name = _("Family tracing")
