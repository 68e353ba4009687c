"""The exports' periodic job: delete the exports past their 30 days, hourly."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from haven.apps.exports.services import purge_expired_exports
from haven.apps.jobs.registry import JobContext, job_kind, schedule


@job_kind("exports.purge", label=_("Purge of expired exports"))
def purge_job(job: JobContext) -> dict[str, Any]:
    """Delete expired exports now; the result counts them."""
    return {"deleted": purge_expired_exports(now=timezone.now())}


schedule("exports.purge", minutes=60)
