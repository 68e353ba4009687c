"""
What the operations app stores: the responses to idempotent API requests.

An ``IdempotencyKey`` is written in the same transaction as the operation it guards,
so a request is either done and remembered, or neither (docs/adr/0016).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class IdempotencyKey(models.Model):
    """A client's ``Idempotency-Key``, the request it named and the answer it got."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(_("key"), max_length=255)
    request_hash = models.CharField(_("request hash"), max_length=64)
    status_code = models.PositiveSmallIntegerField(_("status code"))
    body = models.JSONField(_("body"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("idempotency key")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], name="idempotency_key_unique_per_user"
            ),
            models.CheckConstraint(
                condition=models.Q(status_code__gte=100, status_code__lt=600),
                name="idempotency_key_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["created_at"], name="idempotency_key_age")]

    def __str__(self) -> str:
        return f"{self.user_id}/{self.key}"
