from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    """A person's case: its stage, requests, reasoned decisions, appeals, returns."""

    name = "haven.apps.cases"
    label = "cases"
    verbose_name = _("Cases")
