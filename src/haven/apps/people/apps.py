from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    """Registration of people at first contact."""

    name = "haven.apps.people"
    label = "people"
    verbose_name = _("People")
