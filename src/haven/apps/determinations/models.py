"""
Stored determinations.

A ``Determination`` keeps the facts it was run on, their hash and the engine version,
so the same facts are never determined twice and a change in the record is noticed.
The requests drafted from a determination are ``cases.DublinRequest`` rows.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from haven.apps.cases.models import REGIME_CHOICES
from haven.apps.people.models import Person


class Determination(models.Model):
    """One run of the responsibility engine for a person, frozen as it came out."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="determinations"
    )
    regime = models.CharField(_("regime"), max_length=8, choices=REGIME_CHOICES)
    responsible_state = models.CharField(
        _("responsible state"), max_length=2, blank=True
    )
    article = models.CharField(_("article"), max_length=200, blank=True)
    result = models.JSONField(_("result"))
    facts = models.JSONField(_("facts"))
    # The caseworker's changes to the facts built from the record, kept so that a
    # re-determination after a change in the record applies them again.
    edits = models.JSONField(_("edits"), default=dict, blank=True)
    facts_hash = models.CharField(_("facts hash"), max_length=64)
    engine_version = models.CharField(_("engine version"), max_length=40)
    determination_date = models.DateField(_("determination date"))
    determined_at = models.DateTimeField(_("determined at"))
    determined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-determined_at", "-pk"]
        verbose_name = _("determination")
        indexes = [models.Index(fields=["person", "-determined_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(regime__in=["dublin3", "ammr", "dubs"]),
                name="determination_regime_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.regime} {self.responsible_state or '-'}"
