"""
Stored determinations and the take-charge and take-back requests they lead to.

A ``Determination`` keeps the facts it was run on, their hash and the engine version,
so the same facts are never determined twice and a change in the record is noticed.
A ``DublinRequest`` keeps what was sent and what came back; its deadlines are
computed by the engine whenever they are shown, never stored or typed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from haven.apps.people.models import Person


class Regime(models.TextChoices):
    """The instruments the responsibility engine applies."""

    DUBLIN3 = "dublin3", _("Dublin III")
    AMMR = "ammr", _("AMMR")
    DUBS = "dubs", _("UK s.67")


class Determination(models.Model):
    """One run of the responsibility engine for a person, frozen as it came out."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="determinations"
    )
    regime = models.CharField(_("regime"), max_length=8, choices=Regime.choices)
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


class DublinRequest(models.Model):
    """A take-charge or take-back request, and the requested state's reply."""

    class Kind(models.TextChoices):
        TAKE_CHARGE = "take_charge", _("Take-charge request")
        TAKE_BACK = "take_back", _("Take-back request")

    class Reply(models.TextChoices):
        NONE = "", _("No reply yet")
        ACCEPTED = "accepted", _("Accepted")
        REFUSED = "refused", _("Refused")

    class Status(models.TextChoices):
        OPEN = "open", _("Awaiting reply")
        ACCEPTED = "accepted", _("Accepted")
        REFUSED = "refused", _("Refused")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="dublin_requests"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    regime = models.CharField(_("regime"), max_length=8, choices=Regime.choices)
    requesting_state = models.CharField(_("requesting state"), max_length=2)
    requested_state = models.CharField(_("requested state"), max_length=2)
    sent = models.DateField(_("sent on"))
    urgent = models.BooleanField(_("urgent"), default=False)
    eurodac_hit = models.BooleanField(_("rests on a Eurodac hit"), default=False)
    reply = models.CharField(
        _("reply"), max_length=8, choices=Reply.choices, blank=True, default=""
    )
    reply_date = models.DateField(_("reply date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(_("created at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["sent", "pk"]
        verbose_name = _("Dublin request")
        indexes = [models.Index(fields=["status", "sent"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(requesting_state=models.F("requested_state")),
                name="dublin_request_other_state",
            ),
            models.CheckConstraint(
                condition=Q(reply="") | Q(reply_date__isnull=False),
                name="dublin_request_reply_dated",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["take_charge", "take_back"]),
                name="dublin_request_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.requesting_state}->{self.requested_state}"
