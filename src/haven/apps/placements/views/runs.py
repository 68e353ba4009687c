"""Allocation runs: start one, read why each family went where, override, record."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.apps.accounts.roles import may_read_ledger, may_write_ledger
from haven.apps.core.actors import Actor
from haven.apps.core.views import add_errors, role_required
from haven.apps.errors import ApplicationError
from haven.apps.jobs.models import Job
from haven.apps.jobs.services import job_enqueue
from haven.apps.placements.forms import OverrideForm, RunForm
from haven.apps.placements.jobs import KIND as ALLOCATION_RUN
from haven.apps.placements.models import AllocationRun
from haven.apps.placements.runs import (
    allocation_run_from_csv,
    effective_assignments,
    run_override,
    run_placements_record,
)
from haven.apps.placements.selectors import run_get, run_list, scheme_get, scheme_list


def _schemes() -> list[tuple[str, str]]:
    return [(scheme.key, scheme.name) for scheme in scheme_list()]


@role_required(may_read_ledger)
def run_list_view(request: HttpRequest) -> HttpResponse:
    """List the runs; planners start a new one on a scheme or on two CSV files."""
    form = RunForm(schemes=_schemes())
    if request.method == "POST":
        if not may_write_ledger(request.user):
            return HttpResponse(status=403)
        form = RunForm(request.POST, request.FILES, schemes=_schemes())
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data.get("families_file"):
                    run = _start_csv(request, data)
                    return redirect("placements:run_detail", pk=run.pk)
                job = _enqueue(request, data)
            except ApplicationError as error:
                add_errors(form, error)
            else:
                return redirect("jobs:job_detail", pk=job.pk)
    runs = run_list()[:50]
    return render(
        request,
        "placements/run_list.html",
        {"form": form, "runs": runs, "may_write": may_write_ledger(request.user)},
    )


def _start_csv(request: HttpRequest, data: dict[str, object]) -> AllocationRun:
    """Run on an uploaded pair at once: the files are not kept for a job."""
    user_id = request.user.pk
    assert user_id is not None  # role_required lets in logged-in users only
    return allocation_run_from_csv(
        families_text=_text(data["families_file"]),
        places_text=_text(data["places_file"]),
        solver=str(data["solver"]),
        objective=str(data["objective"]),
        created_by_id=user_id,
        now=timezone.now(),
    )


def _enqueue(request: HttpRequest, data: dict[str, object]) -> Job:
    """Queue a run on a scheme as a background job (docs/adr/0036)."""
    scheme = scheme_get(key=str(data["scheme"]))
    if scheme is None:
        raise Http404
    return job_enqueue(
        kind=ALLOCATION_RUN,
        params={
            "scheme": scheme.key,
            "solver": str(data["solver"]),
            "objective": str(data["objective"]),
        },
        actor=Actor.of_request(request),
    )


def _text(upload: object) -> str:
    raw = upload.read()  # type: ignore[attr-defined]
    try:
        return str(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise ApplicationError(
            _("The files are invalid."),
            field_errors={"families_file": [_("A file is not UTF-8 text.")]},
        ) from error


@role_required(may_read_ledger)
def run_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a run's figures, each placement with its reasons, and the unplaced."""
    run = run_get(pk=pk)
    if run is None:
        raise Http404
    report = run.report
    families = [
        (item["family_id"], item["label"])
        for item in [*report.get("assignments", []), *report.get("unplaced", [])]
    ]
    form = OverrideForm(families=families, places=report.get("places", []))
    may_write = may_write_ledger(request.user)
    if request.method == "POST":
        if not may_write:
            return HttpResponse(status=403)
        actor = Actor.of_request(request)
        user_id = actor.user_id
        assert user_id is not None  # role_required lets in logged-in users only
        if "record" in request.POST:
            try:
                recorded = run_placements_record(
                    run_id=run.pk, actor=actor, now=timezone.now()
                )
            except ApplicationError as error:
                messages.error(request, error.message)
            else:
                messages.success(
                    request,
                    _("%(count)d placements recorded against their pledges.")
                    % {"count": len(recorded)},
                )
            return redirect("placements:run_detail", pk=run.pk)
        form = OverrideForm(
            request.POST, families=families, places=report.get("places", [])
        )
        if form.is_valid():
            try:
                run_override(
                    run_id=run.pk,
                    family_id=form.cleaned_data["family_id"],
                    place_id=form.cleaned_data["place_id"],
                    reason=form.cleaned_data["reason"],
                    overridden_by_id=user_id,
                    now=timezone.now(),
                )
            except ApplicationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The change and its reason are recorded."))
                return redirect("placements:run_detail", pk=run.pk)
    chosen = effective_assignments(run)
    return render(
        request,
        "placements/run_detail.html",
        {
            "run": run,
            "report": report,
            "form": form,
            "may_write": may_write,
            "overridden": {
                override.family_id: chosen[override.family_id]
                for override in run.overrides.all()
            },
        },
    )
