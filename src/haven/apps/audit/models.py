"""
The audit trail: one row per event, chained by hashes, never updated or deleted.

A row holds who, what, when and where, and never a field's value: object ids and
action names only (specs/security.md R-09). Database triggers refuse UPDATE and
DELETE on ``audit_auditevent`` (migration 0002); ``AuditHead`` is the one mutable
row, the signed head of the chain, locked by every writer (docs/adr/0013).
"""

from __future__ import annotations

from django.db import models


class AuditEvent(models.Model):
    """One audited event, sealed into the chain by ``hash`` and ``mac``."""

    class Outcome(models.TextChoices):
        SUCCESS = "success"
        FAILURE = "failure"
        DENIED = "denied"

    seq = models.BigIntegerField(unique=True)
    at = models.DateTimeField()
    actor_id = models.BigIntegerField(null=True, blank=True)
    actor_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=60)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    request_id = models.CharField(max_length=32, blank=True)
    ip_hash = models.CharField(max_length=32, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    mac = models.CharField(max_length=64)

    class Meta:
        ordering = ["seq"]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
            models.Index(fields=["actor_id", "at"], name="audit_actor_at"),
        ]

    def __str__(self) -> str:
        return f"{self.seq} {self.action}"


class AuditHead(models.Model):
    """The head of the chain: last ``seq`` and ``hash``, signed with the audit key."""

    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64)
    signature = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"head {self.seq}"
