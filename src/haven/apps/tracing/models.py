"""
Tracing requests and their candidates; caseworkers' decisions; duplicates and merges.

Candidates and duplicate pairs point at registrations, not only at people, because a
registration is what one registry recorded and never changes; the person it belongs
to may change when records are merged, and changes back when a merge is undone.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from haven.apps.people.models import Person, Registration


class TracingRequest(models.Model):
    """Someone asks to find a relative: who is sought, by whom, and what is known."""

    class Relation(models.TextChoices):
        FATHER = "father", _("Father")
        MOTHER = "mother", _("Mother")
        BROTHER = "brother", _("Brother")
        SISTER = "sister", _("Sister")
        UNCLE = "uncle", _("Uncle")
        AUNT = "aunt", _("Aunt")
        COUSIN = "cousin", _("Cousin")
        GRANDFATHER = "grandfather", _("Grandfather")
        GRANDMOTHER = "grandmother", _("Grandmother")
        OTHER = "other", _("Other relative")

    class Status(models.TextChoices):
        OPEN = "open", _("Not yet searched")
        SEARCHED = "searched", _("Candidates to review")
        NO_MATCH = "no_match", _("No likely match")
        MATCHED = "matched", _("Relative found")

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="tracing_requests"
    )
    requested_by = models.CharField(_("asked by"), max_length=200)
    relation = models.CharField(_("relation"), max_length=12, choices=Relation.choices)
    name_as_remembered = models.CharField(_("name as remembered"), max_length=300)
    approx_age = models.PositiveSmallIntegerField(
        _("approximate age"), null=True, blank=True
    )
    last_known_city = models.CharField(_("last known city"), max_length=120, blank=True)
    nationality = models.CharField(_("nationality"), max_length=2, blank=True)
    remembered = models.TextField(_("what else is remembered"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    probability_absent = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField(_("created at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    searched_at = models.DateTimeField(_("searched at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("tracing request")

    def __str__(self) -> str:
        return f"tracing request {self.pk}"


class Candidate(models.Model):
    """A registration that may be the sought relative, with the model's reasons."""

    request = models.ForeignKey(
        TracingRequest, on_delete=models.CASCADE, related_name="candidates"
    )
    registration = models.ForeignKey(
        Registration, on_delete=models.PROTECT, related_name="+"
    )
    rank = models.PositiveSmallIntegerField(_("rank"))
    probability = models.FloatField(_("probability"))
    bayes_factor = models.FloatField()
    # [{"field": ..., "level": ..., "match_weight": ...}, ...] in the model's order.
    contributions = models.JSONField(default=list)

    class Meta:
        ordering = ["request", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "registration"], name="candidate_unique"
            )
        ]

    def __str__(self) -> str:
        return f"candidate {self.rank} of request {self.request_id}"


class MatchDecision(models.Model):
    """A caseworker's confirm or reject of one candidate: a label for the model."""

    class Decision(models.TextChoices):
        CONFIRM = "confirm", _("Confirmed: this is the relative")
        REJECT = "reject", _("Rejected: not the relative")

    candidate = models.ForeignKey(
        Candidate, on_delete=models.PROTECT, related_name="decisions"
    )
    decision = models.CharField(_("decision"), max_length=8, choices=Decision.choices)
    reason = models.TextField(_("reason"))
    decided_at = models.DateTimeField(_("decided at"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-decided_at"]
        verbose_name = _("match decision")

    def __str__(self) -> str:
        return f"{self.decision} candidate {self.candidate_id}"


class DuplicatePair(models.Model):
    """Two registrations the model scored as the same person, and what became of it."""

    class Band(models.TextChoices):
        # "auto" is the value stored since the scan merged these itself; it no
        # longer does, and the band waits for review like the other.
        AUTO = "auto", _("Very likely the same person")
        REVIEW = "review", _("To review")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        MERGED = "merged", _("Merged")
        DISMISSED = "dismissed", _("Not the same person")

    left = models.ForeignKey(Registration, on_delete=models.PROTECT, related_name="+")
    right = models.ForeignKey(Registration, on_delete=models.PROTECT, related_name="+")
    band = models.CharField(_("band"), max_length=6, choices=Band.choices)
    probability = models.FloatField(_("probability"))
    explanation = models.JSONField(default=list)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    scanned_at = models.DateTimeField(_("found at"))
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-probability", "pk"]
        verbose_name = _("possible duplicate")
        constraints = [
            models.UniqueConstraint(fields=["left", "right"], name="duplicate_unique"),
            models.CheckConstraint(
                condition=Q(left__lt=models.F("right")), name="duplicate_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"registrations {self.left_id} and {self.right_id}"


class Merge(models.Model):
    """
    One person's records moved onto another; undone by moving exactly them back.

    ``moved`` lists the primary keys of every row that changed owner, by model, so
    that an unmerge restores the merged person with every registration, spelling,
    relationship, need, consent and history entry it had.
    """

    survivor = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="merges_survived"
    )
    merged = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="merges_away"
    )
    pair = models.ForeignKey(
        DuplicatePair,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merges",
    )
    moved = models.JSONField(default=dict)
    reason = models.TextField(_("reason"), blank=True)
    merged_at = models.DateTimeField(_("merged at"))
    merged_by_name = models.CharField(_("merged by"), max_length=150)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    unmerged_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    unmerged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-merged_at"]
        verbose_name = _("merge")
        constraints = [
            models.CheckConstraint(
                condition=~Q(survivor=models.F("merged")), name="merge_not_self"
            ),
            models.UniqueConstraint(
                fields=["merged"],
                condition=Q(unmerged_at__isnull=True),
                name="merge_one_active_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"person {self.merged_id} into {self.survivor_id}"


class MergeConflict(models.Model):
    """
    Two rows of a kind a person holds only one of (a case, a bed, a place on one
    manifest, a placement), one from each side of a merge.

    The survivor's row stays in force; the merged person's stays on them, closed as
    merged where the kind has such a state, until a member of staff chooses which
    to keep. ``effects`` records what that choice changed, so that undoing the
    merge puts it back.
    """

    class Resolution(models.TextChoices):
        OPEN = "", _("To resolve")
        SURVIVOR = "survivor", _("Kept the surviving record's")
        MERGED = "merged", _("Kept the merged record's")

    merge = models.ForeignKey(Merge, on_delete=models.CASCADE, related_name="conflicts")
    kind = models.CharField(_("kind"), max_length=64)
    survivor_row = models.PositiveBigIntegerField()
    merged_row = models.PositiveBigIntegerField()
    resolution = models.CharField(
        _("resolution"),
        max_length=8,
        choices=Resolution.choices,
        default=Resolution.OPEN,
        blank=True,
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by_name = models.CharField(_("resolved by"), max_length=150, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    effects = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["merge", "kind", "pk"]
        verbose_name = _("merge conflict")
        constraints = [
            models.CheckConstraint(
                condition=Q(resolution__in=["", "survivor", "merged"]),
                name="merge_conflict_resolution_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} in merge {self.merge_id}"


class ScanModel(models.Model):
    """
    The linkage model the latest duplicate scan trained on the camp's registrations.

    Registration scores a new person against the people found by name with it, so
    a warning carries the same calibrated probability the scan's bands use. Only
    the latest is kept: it holds parameters, no personal data.
    """

    trained_at = models.DateTimeField(_("trained at"))
    registrations = models.PositiveIntegerField(_("registrations"))
    settings_json = models.TextField()

    class Meta:
        ordering = ["-trained_at", "-pk"]
        verbose_name = _("scan model")

    def __str__(self) -> str:
        return f"scan model of {self.trained_at:%Y-%m-%d %H:%M}"
