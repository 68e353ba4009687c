"""
Movements of people in custody: a manifest per vehicle, one line per person, each
check-out and check-in logged, and an alert when somebody does not arrive.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from haven.apps.people.models import Location, Person


class Manifest(models.Model):
    """A group move (bus, coach, flight): who travels, with whom, from where."""

    class Mode(models.TextChoices):
        BUS = "bus", _("Bus")
        COACH = "coach", _("Coach")
        FLIGHT = "flight", _("Flight")
        TRAIN = "train", _("Train")
        CAR = "car", _("Car")

    class State(models.TextChoices):
        PLANNED = "planned", _("Planned")
        DEPARTED = "departed", _("Departed")

    reference = models.CharField(_("reference"), max_length=24, unique=True)
    mode = models.CharField(_("mode"), max_length=8, choices=Mode.choices)
    origin = models.ForeignKey(
        Location, on_delete=models.PROTECT, related_name="departures"
    )
    departure_planned = models.DateTimeField(_("planned departure"))
    departed_at = models.DateTimeField(_("departed at"), null=True, blank=True)
    check_in_within_hours = models.PositiveSmallIntegerField(
        _("check-in within (hours)"), default=12
    )
    state = models.CharField(
        _("state"), max_length=8, choices=State.choices, default=State.PLANNED
    )
    created_at = models.DateTimeField()
    created_by = models.CharField(max_length=150)

    class Meta:
        ordering = ["-departure_planned", "-id"]
        verbose_name = _("manifest")

    def __str__(self) -> str:
        return self.reference


class Escort(models.Model):
    """A member of staff travelling with the group."""

    manifest = models.ForeignKey(
        Manifest, on_delete=models.CASCADE, related_name="escorts"
    )
    name = models.CharField(_("name"), max_length=150)
    agency = models.CharField(_("agency"), max_length=150)
    phone = models.CharField(_("phone"), max_length=32, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class ManifestEntry(models.Model):
    """One person on a manifest: destination, escort and custody state."""

    class State(models.TextChoices):
        PLANNED = "planned", _("Planned")
        CHECKED_OUT = "checked_out", _("Checked out")
        IN_TRANSIT = "in_transit", _("In transit")
        CHECKED_IN = "checked_in", _("Checked in")
        MISSING = "missing", _("Missing")

    manifest = models.ForeignKey(
        Manifest, on_delete=models.CASCADE, related_name="entries"
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="manifest_entries"
    )
    destination = models.ForeignKey(
        Location, on_delete=models.PROTECT, related_name="arrivals"
    )
    escort = models.ForeignKey(
        Escort, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    state = models.CharField(
        _("custody"), max_length=12, choices=State.choices, default=State.PLANNED
    )
    checked_out_at = models.DateTimeField(null=True, blank=True)
    check_in_due = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    # A person whose case stage blocks the move is added only with an override:
    # the codes of the checks that blocked (transfers.checks) and the reason.
    override_codes = models.JSONField(default=list, blank=True)
    override_reason = models.TextField(_("override reason"), blank=True)
    added_by = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["manifest", "person"], name="manifest_person_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.manifest_id}/{self.person_id}"


class CustodyEvent(models.Model):
    """One custody step of a person on a manifest: from, to, when, who, why."""

    entry = models.ForeignKey(
        ManifestEntry, on_delete=models.CASCADE, related_name="events"
    )
    from_state = models.CharField(max_length=12)
    to_state = models.CharField(max_length=12)
    at = models.DateTimeField()
    actor = models.CharField(max_length=150)
    role = models.CharField(max_length=32)
    reason = models.TextField()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_state} → {self.to_state}"


class MissingPersonAlert(models.Model):
    """A person who did not arrive, and the escalation of the search."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        POLICE_NOTIFIED = "police_notified", _("Police notified")
        TRAFFICKING_REFERRED = "trafficking_referred", _("Trafficking referral made")
        FOUND = "found", _("Found")
        CLOSED = "closed", _("Closed")

    entry = models.ForeignKey(
        ManifestEntry, on_delete=models.PROTECT, related_name="alerts"
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="missing_alerts"
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.OPEN
    )
    raised_at = models.DateTimeField(_("raised at"))
    raised_by = models.CharField(max_length=150)
    police_reference = models.CharField(
        _("police reference"), max_length=64, blank=True
    )
    referral_reference = models.CharField(
        _("trafficking referral reference"), max_length=64, blank=True
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_at", "-id"]
        verbose_name = _("missing-person alert")

    def __str__(self) -> str:
        return f"alert {self.pk} ({self.state})"


class AlertEvent(models.Model):
    """One escalation step of an alert."""

    alert = models.ForeignKey(
        MissingPersonAlert, on_delete=models.CASCADE, related_name="events"
    )
    from_state = models.CharField(max_length=20)
    to_state = models.CharField(max_length=20)
    at = models.DateTimeField()
    actor = models.CharField(max_length=150)
    role = models.CharField(max_length=32)
    reason = models.TextField()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_state} → {self.to_state}"


class ManifestPrint(models.Model):
    """
    One printing of a manifest for the escort: who printed it, when, and the
    people on the paper (their ids), so that the audit event of the print names
    them all.
    """

    manifest = models.ForeignKey(
        Manifest, on_delete=models.PROTECT, related_name="prints"
    )
    printed_at = models.DateTimeField()
    printed_by = models.CharField(max_length=150)
    people = models.JSONField(default=list)

    class Meta:
        ordering = ["-printed_at", "-id"]

    def __str__(self) -> str:
        return f"print {self.pk} of {self.manifest_id}"
