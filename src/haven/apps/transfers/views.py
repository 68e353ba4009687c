"""Manifests, custody check-out and check-in, the dashboard of open alerts."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from haven.apps.accounts.policy import scope_q
from haven.apps.accounts.roles import may_run_transfers, role_of
from haven.apps.core.actors import Actor
from haven.apps.core.views import add_errors, audit_read, role_required
from haven.apps.errors import ApplicationError, PermissionDeniedError
from haven.apps.people.models import Person
from haven.apps.people.selectors import person_search
from haven.apps.transfers.forms import EntriesForm, ManifestForm, PeopleSearchForm
from haven.apps.transfers.models import ManifestEntry, MissingPersonAlert
from haven.apps.transfers.selectors import (
    alert_get,
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
    manifest_entries_add,
    manifest_entry_remove,
    manifest_outside_scope,
    manifest_print,
    missing_sweep,
)
from haven.engines.workflow import ALERT

SEARCH_LIMIT = 25


def _within(request: HttpRequest) -> Q:
    """The people in the user's scope for running transfers (policy.toml)."""
    return scope_q(request.user, "transfer", "run", record="person")


def _error(request: HttpRequest, error: ApplicationError) -> None:
    details = [m for problems in error.field_errors.values() for m in problems]
    messages.error(request, "; ".join([error.message, *details]))


@role_required(may_run_transfers)
def manifest_list_view(request: HttpRequest) -> HttpResponse:
    """List manifests and centres' occupancy; plan a new group move."""
    form = ManifestForm(
        initial={
            "departure_planned": timezone.localtime().replace(second=0, microsecond=0)
        }
    )
    if request.method == "POST":
        form = ManifestForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            escorts = [(data["escort_name"], data["escort_agency"])]
            if data["second_escort_name"]:
                escorts.append(
                    (data["second_escort_name"], data["second_escort_agency"])
                )
            try:
                manifest = manifest_create(
                    mode=data["mode"],
                    origin_key=data["origin"].key,
                    departure_planned=data["departure_planned"],
                    check_in_within_hours=data["check_in_within_hours"],
                    escorts=escorts,
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


def _chosen(request: HttpRequest) -> list[int]:
    chosen = []
    for value in request.POST.getlist("person"):
        if value.isdigit() and len(value) < 19:
            chosen.append(int(value))
    return chosen


@role_required(may_run_transfers)
def manifest_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    """
    Show a manifest person by person; find people by name (POST: names never
    reach a URL), tick several and add them to a place chosen by name.
    """
    missing_sweep(now=timezone.now())
    within = _within(request)
    manifest = manifest_get(pk=pk, within=within)
    if manifest is None:
        raise Http404
    search = PeopleSearchForm()
    entries = EntriesForm()
    results: list[Person] | None = None
    total = 0
    chosen: list[int] = []
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action == "search":
        search = PeopleSearchForm(request.POST)
        if search.is_valid():
            found = person_search(query=search.cleaned_data["query"], within=within)
            total = found.count()
            results = list(found[:SEARCH_LIMIT])
    elif action == "add":
        entries = EntriesForm(request.POST)
        chosen = _chosen(request)
        if entries.is_valid():
            try:
                added = manifest_entries_add(
                    manifest=manifest,
                    person_ids=chosen,
                    destination_key=entries.cleaned_data["destination"].key,
                    override_reason=entries.cleaned_data["override_reason"],
                    escort=manifest.escorts.first(),
                    now=timezone.now(),
                    actor=Actor.of_request(request),
                    within=within,
                )
            except ApplicationError as error:
                add_errors(entries, error)
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)d person added.",
                        "%(count)d people added.",
                        len(added),
                    )
                    % {"count": len(added)},
                )
                return redirect("transfers:manifest_detail", pk=pk)
        # The ticked people stay on the page, with what blocked them.
        results = list(
            Person.objects.filter(within, pk__in=chosen, erased_at__isnull=True)
        )
        total = len(results)
    with transaction.atomic():
        audit_read(request, "manifest", pk)
    return render(
        request,
        "transfers/manifest_detail.html",
        {
            "manifest": manifest,
            "search": search,
            "entries_form": entries,
            "results": results,
            "total": total,
            "limit": SEARCH_LIMIT,
            "chosen": set(chosen),
            "hidden": manifest_outside_scope(manifest, within),
        },
    )


@role_required(may_run_transfers)
def manifest_print_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The manifest on A4 paper for the escort, watermarked and audited."""
    within = _within(request)
    manifest = manifest_get(pk=pk, within=within)
    if manifest is None:
        raise Http404
    try:
        printed = manifest_print(
            manifest=manifest,
            now=timezone.now(),
            actor=Actor.of_request(request),
            within=within,
        )
    except PermissionDeniedError as error:
        messages.error(request, error.message)
        return redirect("transfers:manifest_detail", pk=pk)
    destinations = list(
        {e.destination_id: e.destination for e in manifest.entries.all()}.values()
    )
    return render(
        request,
        "transfers/manifest_print.html",
        {"manifest": manifest, "printed": printed, "destinations": destinations},
    )


@role_required(may_run_transfers)
def manifest_depart_view(request: HttpRequest, pk: int) -> HttpResponse:
    """
    Confirm, then record, the departure: the page lists who boarded (checked out)
    and who did not; only the latter, on this manifest, are reported missing.
    """
    within = _within(request)
    manifest = manifest_get(pk=pk, within=within)
    if manifest is None:
        raise Http404
    if request.method == "POST":
        chosen = [
            int(v)
            for v in request.POST.getlist("did_not_board")
            if v.isdigit() and len(v) < 19
        ]
        try:
            manifest_depart(
                manifest=manifest,
                did_not_board=chosen,
                now=timezone.now(),
                actor=Actor.of_request(request),
                within=within,
            )
        except ApplicationError as error:
            _error(request, error)
        else:
            messages.success(request, _("Departure recorded."))
            return redirect("transfers:manifest_detail", pk=pk)
    lines = list(manifest.entries.all())
    with transaction.atomic():
        audit_read(request, "manifest", pk)
    boarded = [e for e in lines if e.state == ManifestEntry.State.CHECKED_OUT]
    missing = [e for e in lines if e.state == ManifestEntry.State.PLANNED]
    return render(
        request,
        "transfers/manifest_depart.html",
        {
            "manifest": manifest,
            "boarded": boarded,
            "not_boarded": missing,
            "hidden": manifest_outside_scope(manifest, within),
        },
    )


@require_POST
@role_required(may_run_transfers)
def entry_remove_view(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    """Take a person not yet checked out off the manifest."""
    within = _within(request)
    entry = entry_get(manifest_pk=pk, pk=entry_pk, within=within)
    if entry is None:
        raise Http404
    try:
        manifest_entry_remove(
            entry=entry,
            now=timezone.now(),
            actor=Actor.of_request(request),
            within=within,
        )
        messages.success(request, _("Taken off the manifest."))
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
    within = _within(request)
    entry = entry_get(manifest_pk=pk, pk=entry_pk, within=within)
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
                within=within,
            )
        else:
            _CUSTODY[action](
                entry=entry,
                reason=reason,
                now=timezone.now(),
                actor=Actor.of_request(request),
                within=within,
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
    alerts = [
        (alert, ALERT.targets(alert.state, role=role))
        for alert in open_alerts(within=_within(request))
    ]
    labels = dict(MissingPersonAlert.State.choices)
    return render(
        request, "transfers/alert_list.html", {"alerts": alerts, "labels": labels}
    )


@require_POST
@role_required(may_run_transfers)
def alert_escalate_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Escalate or close one alert."""
    alert = alert_get(pk=pk, within=_within(request))
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
