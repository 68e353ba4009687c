"""
A background job as the user sees it: its kind, state, progress and outcome.

The queue library keeps its own rows (the task to run); this row is ours and is the
one the pages, the API and the audit trail name. Parameters and result summaries
hold ids and counts only, never personal data (docs/adr/0036).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    """One run of one kind of job, started by a member of staff or by a schedule."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Finished")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    kind = models.CharField(_("kind"), max_length=60)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.QUEUED
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The actor's name and role when the job was enqueued (a process has no user).
    actor_name = models.CharField(_("started by"), max_length=150)
    actor_role = models.CharField(_("role"), max_length=40, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    progress_done = models.PositiveIntegerField(_("done"), default=0)
    progress_total = models.PositiveIntegerField(_("total"), default=0)
    progress_message = models.CharField(_("progress"), max_length=200, blank=True)
    result = models.JSONField(_("result"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("created at"))
    run_after = models.DateTimeField(_("run after"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("job")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    state__in=["queued", "running", "succeeded", "failed", "cancelled"]
                ),
                name="job_state_valid",
            ),
            models.CheckConstraint(
                condition=Q(progress_total=0)
                | Q(progress_done__lte=models.F("progress_total")),
                name="job_progress_within_total",
            ),
        ]
        indexes = [
            models.Index(fields=["started_by", "-created_at"], name="job_by_user"),
            models.Index(fields=["state"], name="job_state"),
        ]

    def __str__(self) -> str:
        return f"job {self.pk} {self.kind} ({self.state})"

    @property
    def finished(self) -> bool:
        """Return whether the job will not change any more."""
        return self.state in (
            self.State.SUCCEEDED,
            self.State.FAILED,
            self.State.CANCELLED,
        )

    @property
    def percent(self) -> int:
        """Return the progress as a whole percentage (0 when the total is unknown)."""
        if self.state == self.State.SUCCEEDED:
            return 100
        if not self.progress_total:
            return 0
        return min(100, self.progress_done * 100 // self.progress_total)
