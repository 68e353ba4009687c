"""The placements' background job: an allocation run on a scheme's pledges."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from haven.apps.accounts.roles import may_write_ledger
from haven.apps.errors import NotFoundError
from haven.apps.jobs.registry import JobContext, job_kind
from haven.apps.placements.runs import allocation_run_from_database
from haven.apps.placements.selectors import scheme_get

KIND = "placements.allocation_run"
# A job is not bound by the web request's 30 s: the optimiser may take 5 minutes.
TIME_LIMIT = 300.0


def _run_link(result: Mapping[str, Any]) -> str | None:
    run_id = result.get("run_id")
    return reverse("placements:run_detail", kwargs={"pk": run_id}) if run_id else None


@job_kind(
    KIND,
    label=gettext_lazy("Allocation run"),
    allowed=may_write_ledger,
    result_url=_run_link,
)
def allocation_run_job(job: JobContext) -> dict[str, Any]:
    """Run the optimiser on a scheme (params: scheme key, solver, objective)."""
    scheme = scheme_get(key=str(job.params["scheme"]))
    if scheme is None:
        raise NotFoundError(_("The scheme no longer exists."))
    run = allocation_run_from_database(
        scheme=scheme,
        solver=str(job.params["solver"]),
        objective=str(job.params["objective"]),
        created_by_id=job.actor.staff_id,
        now=timezone.now(),
        time_limit=float(job.params.get("time_limit", TIME_LIMIT)),
        progress=job.progress,
    )
    return {
        "run_id": run.pk,
        "families_placed": run.families_placed,
        "persons_placed": run.persons_placed,
        "persons_unplaced": run.persons_unplaced,
    }
