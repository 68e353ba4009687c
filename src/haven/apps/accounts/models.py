"""Staff users: each has one role and belongs to one agency."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from haven.apps.crypto.fields import EncryptedTextField


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
    # A team within the agency: the "group" scope of the access policy.
    team = models.CharField(_("team"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.username


class TotpDevice(models.Model):
    """A user's authenticator (TOTP, RFC 6238); the secret is encrypted at rest."""

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="totp_device"
    )
    row_uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    secret = EncryptedTextField(_("secret"), row_uid_field="row_uid")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The last 30-second step accepted: a code is never accepted twice.
    last_step = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"TOTP of user {self.user_id}"


class RecoveryCode(models.Model):
    """A one-time code standing in for the authenticator; only its hash is kept."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="recovery_codes"
    )
    code_hash = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "code_hash"], name="recovery_code_unique"
            )
        ]

    def __str__(self) -> str:
        return f"recovery code of user {self.user_id}"


class LoginThrottle(models.Model):
    """Attempts and failures for one user name (hashed), known or not."""

    name_hash = models.CharField(max_length=64, unique=True)
    window_start = models.DateTimeField()
    window_attempts = models.PositiveIntegerField(default=0)
    failures = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name_hash[:12]


class UserSession(models.Model):
    """A session opened by a log-in, so that it can be listed and ended."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sessions")
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"session of user {self.user_id}"
