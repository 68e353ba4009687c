from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TracingConfig(AppConfig):
    """Family tracing requests, candidate matches and the duplicate review queue."""

    name = "haven.apps.tracing"
    label = "tracing"
    verbose_name = _("Family tracing")

    def ready(self) -> None:
        """Give registration the latest scan's model for its duplicate warning."""
        from haven.apps.people.duplicates import scan_model_provider
        from haven.apps.tracing.selectors import latest_scan_model

        scan_model_provider(latest_scan_model)
