"""Staff users: each has one role and belongs to one agency."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A member of staff. People registered in haven are never users."""

    class Role(models.TextChoices):
        REGISTRATION_CLERK = "registration_clerk", _("Registration clerk")
        CASEWORKER = "caseworker", _("Caseworker")
        SUPERVISOR = "supervisor", _("Supervisor")
        HEALTH_OFFICER = "health_officer", _("Health officer")
        PROTECTION_SPECIALIST = "protection_specialist", _("Protection specialist")
        DUBLIN_OFFICER = "dublin_officer", _("Dublin officer")
        ALLOCATION_PLANNER = "allocation_planner", _("Allocation planner")
        GOVERNMENT_LIAISON = "government_liaison", _("Government liaison")
        AUDITOR = "auditor", _("Auditor")
        SYSTEM_ADMINISTRATOR = "system_administrator", _("System administrator")

    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    agency = models.CharField(_("agency"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.username
