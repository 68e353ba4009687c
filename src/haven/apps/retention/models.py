"""
Legal holds: a reason, given by a person, why a record must not be erased yet.

Holds that follow from the record itself (an appeal pending, a person in custody
on a move, an open missing-person alert, an open case) are not stored; they are
read from those records each time (``selectors.legal_holds_get``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from haven.apps.people.models import Person


class LegalHold(models.Model):
    """A statutory or manual hold on one person's record, until released."""

    class Kind(models.TextChoices):
        STATUTORY = "statutory", _("Statutory retention")
        MANUAL = "manual", _("Manual hold")

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="legal_holds"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # Emptied when the person is erased; ``legal_hold_place`` refuses an empty one.
    reason = models.TextField(_("reason"))
    until = models.DateTimeField(_("held until"), null=True, blank=True)
    placed_at = models.DateTimeField(_("placed at"))
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-placed_at", "-id"]
        verbose_name = _("legal hold")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["statutory", "manual"]),
                name="legal_hold_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} hold {self.pk}"
