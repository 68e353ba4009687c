"""The transfers' periodic job: the missing-person sweep, every 5 minutes."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from haven.apps.jobs.registry import JobContext, job_kind, schedule
from haven.apps.transfers.services import missing_sweep


@job_kind("transfers.sweep", label=_("Missing-person sweep"))
def sweep_job(job: JobContext) -> dict[str, Any]:
    """Run ``missing_sweep`` now; the result counts the alerts raised (ids only)."""
    raised = missing_sweep(now=timezone.now())
    return {"alerts_raised": len(raised), "alert_ids": [a.pk for a in raised][:100]}


# Until issue 17 a timer ran `haven transfers sweep`; the worker runs it now.
schedule("transfers.sweep", minutes=5)
