"""The tracing app's background job: the duplicate scan of the camp registrations."""

from __future__ import annotations

from typing import Any, Final

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from haven.apps.jobs.registry import JobContext, job_kind
from haven.apps.tracing.services import duplicate_scan

SCAN_KIND: Final = "tracing.duplicate_scan"
# The roles policy.toml grants duplicate.review (a test keeps the two in step).
SCAN_ROLES: Final = (
    "registration_clerk",
    "caseworker",
    "supervisor",
    "protection_specialist",
)


def _stage(stage: str) -> str:
    return {
        "reading registrations": _("Reading the camp registrations"),
        "scoring pairs": _("Scoring pairs of registrations"),
        "saving pairs": _("Saving the pairs to review"),
        "done": _("Done"),
    }.get(stage, stage)


@job_kind(
    SCAN_KIND,
    label=gettext_lazy("Duplicate scan"),
    roles=SCAN_ROLES,
    result_url=lambda result: reverse("tracing:duplicate_queue"),
)
def duplicate_scan_job(job: JobContext) -> dict[str, Any]:
    """Run the scan; the result counts the open pairs of each band (no names)."""
    found = duplicate_scan(
        actor=job.actor,
        now=timezone.now(),
        progress=lambda done, total, stage: job.progress(done, total, _stage(stage)),
    )
    return {
        "very_likely": found.very_likely,
        "to_review": found.to_review,
        "registrations": found.registrations,
    }
