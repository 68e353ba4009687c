"""Manifests, custody check-out and check-in, the dashboard of open alerts."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from haven.apps.accounts.roles import may_run_transfers, role_of
from haven.apps.core.actors import Actor
from haven.apps.core.views import add_errors, role_required
from haven.apps.errors import ApplicationError
from haven.apps.transfers.forms import EntryForm, ManifestForm
from haven.apps.transfers.models import MissingPersonAlert
from haven.apps.transfers.selectors import (
    centres_occupancy,
    entry_get,
    manifest_get,
    manifest_list,
    open_alerts,
)
from haven.apps.transfers.services import (
    alert_escalate,
    custody_check_in,
    custody_check_out,
    custody_report_missing,
    manifest_create,
    manifest_depart,
    manifest_entry_add,
    missing_sweep,
)
from haven.engines.workflow import ALERT


def _error(request: HttpRequest, error: ApplicationError) -> None:
    details = [m for problems in error.field_errors.values() for m in problems]
    messages.error(request, "; ".join([error.message, *details]))


@role_required(may_run_transfers)
def manifest_list_view(request: HttpRequest) -> HttpResponse:
    """List manifests and centres' occupancy; plan a new group move."""
    form = ManifestForm(initial={"departure_planned": timezone.now()})
    if request.method == "POST":
        form = ManifestForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                manifest = manifest_create(
                    mode=data["mode"],
                    origin_key=data["origin_key"],
                    departure_planned=data["departure_planned"],
                    check_in_within_hours=data["check_in_within_hours"],
                    escorts=[(data["escort_name"], data["escort_agency"])],
                    now=timezone.now(),
                    actor=Actor.of_request(request),
                )
            except ApplicationError as error:
                add_errors(form, error)
            else:
                return redirect("transfers:manifest_detail", pk=manifest.pk)
    missing_sweep(now=timezone.now())
    return render(
        request,
        "transfers/manifest_list.html",
        {
            "manifests": manifest_list()[:100],
            "form": form,
            "centres": centres_occupancy(),
        },
    )


@role_required(may_run_transfers)
def manifest_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a manifest person by person; add people; record the departure."""
    missing_sweep(now=timezone.now())
    manifest = manifest_get(pk=pk)
    if manifest is None:
        raise Http404
    form = EntryForm()
    if request.method == "POST":
        form = EntryForm(request.POST)
        if form.is_valid():
            try:
                manifest_entry_add(
                    manifest=manifest,
                    registration_number=form.cleaned_data["registration_number"],
                    destination_key=form.cleaned_data["destination_key"],
                    escort=manifest.escorts.first(),
                    now=timezone.now(),
                    actor=Actor.of_request(request),
                )
            except ApplicationError as error:
                add_errors(form, error)
            else:
                return redirect("transfers:manifest_detail", pk=pk)
    return render(
        request, "transfers/manifest_detail.html", {"manifest": manifest, "form": form}
    )


@require_POST
@role_required(may_run_transfers)
def manifest_depart_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the departure of the group."""
    manifest = manifest_get(pk=pk)
    if manifest is None:
        raise Http404
    try:
        manifest_depart(
            manifest=manifest, now=timezone.now(), actor=Actor.of_request(request)
        )
        messages.success(request, _("Departure recorded."))
    except ApplicationError as error:
        _error(request, error)
    return redirect("transfers:manifest_detail", pk=pk)


_CUSTODY = {
    "check_out": custody_check_out,
    "check_in": custody_check_in,
}


@require_POST
@role_required(may_run_transfers)
def custody_view(
    request: HttpRequest, pk: int, entry_pk: int, action: str
) -> HttpResponse:
    """Check one person out or in, or report them missing."""
    entry = entry_get(manifest_pk=pk, pk=entry_pk)
    if entry is None or action not in (*_CUSTODY, "missing"):
        raise Http404
    reason = request.POST.get("reason", "").strip() or action.replace("_", " ")
    try:
        if action == "missing":
            custody_report_missing(
                entry=entry,
                reason=reason,
                now=timezone.now(),
                actor=Actor.of_request(request),
            )
        else:
            _CUSTODY[action](
                entry=entry,
                reason=reason,
                now=timezone.now(),
                actor=Actor.of_request(request),
            )
        messages.success(request, _("Custody step recorded."))
    except ApplicationError as error:
        _error(request, error)
    return redirect("transfers:manifest_detail", pk=pk)


@role_required(may_run_transfers)
def alert_list_view(request: HttpRequest) -> HttpResponse:
    """The dashboard of open missing-person alerts, oldest first."""
    missing_sweep(now=timezone.now())
    role = role_of(request.user)
    alerts = [(alert, ALERT.targets(alert.state, role=role)) for alert in open_alerts()]
    labels = dict(MissingPersonAlert.State.choices)
    return render(
        request, "transfers/alert_list.html", {"alerts": alerts, "labels": labels}
    )


@require_POST
@role_required(may_run_transfers)
def alert_escalate_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Escalate or close one alert."""
    alert = MissingPersonAlert.objects.filter(pk=pk).first()
    if alert is None:
        raise Http404
    try:
        alert_escalate(
            alert=alert,
            target=request.POST.get("target", ""),
            reference=request.POST.get("reference", ""),
            reason=request.POST.get("reason", ""),
            now=timezone.now(),
            actor=Actor.of_request(request),
        )
        messages.success(request, _("Alert updated."))
    except ApplicationError as error:
        _error(request, error)
    return redirect("transfers:alert_list")
