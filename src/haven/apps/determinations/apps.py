from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeterminationsConfig(AppConfig):
    """Stored responsibility determinations and the Dublin request tracker."""

    name = "haven.apps.determinations"
    label = "determinations"
    verbose_name = _("Determinations")
