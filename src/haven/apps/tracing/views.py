"""Pages: a person's tracing requests, candidates with reasons, the duplicate queue."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from haven.apps.accounts.policy import scope_q
from haven.apps.accounts.roles import may_review_duplicates, may_trace
from haven.apps.core.actors import Actor
from haven.apps.core.views import add_errors, audit_read, role_required
from haven.apps.errors import ApplicationError
from haven.apps.jobs.models import Job
from haven.apps.jobs.services import job_enqueue
from haven.apps.people.models import Person, person_listed_q
from haven.apps.people.reasons import contribution_rows
from haven.apps.people.selectors import person_get
from haven.apps.tracing.forms import (
    DecisionForm,
    MergeChooseForm,
    ReasonForm,
    ResolveForm,
    TracingRequestForm,
)
from haven.apps.tracing.jobs import SCAN_KIND
from haven.apps.tracing.models import MergeConflict, TracingRequest
from haven.apps.tracing.presentation import conflict_kinds, conflict_rows, plan_rows
from haven.apps.tracing.selectors import (
    candidate_get,
    candidate_list,
    duplicate_pair_get,
    duplicate_queue,
    merge_get,
    merge_list,
    tracing_consent_active,
    tracing_request_get,
    tracing_request_list,
)
from haven.apps.tracing.services import (
    duplicate_dismiss,
    duplicate_merge,
    match_decide,
    merge_conflict_resolve,
    merge_preview,
    merge_undo,
    person_merge,
    tracing_request_create,
    tracing_request_search,
)

# The most likely pairs shown at once; a decision takes a pair off the list.
QUEUE_PAGE = 100


def _person_or_404(pk: int) -> Person:
    person = person_get(pk=pk)
    if person is None:
        raise Http404
    return person


def _request_or_404(pk: int) -> TracingRequest:
    item = tracing_request_get(pk=pk)
    if item is None:
        raise Http404
    return item


@role_required(may_trace)
def person_tracing_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a person's tracing requests; take down a new one (POST)."""
    person = _person_or_404(pk)
    form = TracingRequestForm(
        request.POST or None, initial={"requested_by": _("The child")}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = tracing_request_create(
                person=person,
                actor=Actor.of_request(request),
                now=timezone.now(),
                **data,
            )
        except ApplicationError as error:
            add_errors(form, error)
        else:
            return redirect("tracing:request_detail", created.pk)
    with transaction.atomic():
        audit_read(request, "person", person.pk)
    return render(
        request,
        "tracing/person_tracing.html",
        {
            "person": person,
            "requests": tracing_request_list(person=person),
            "form": form,
            "consent": tracing_consent_active(person=person),
        },
    )


@role_required(may_trace)
def request_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a request and its candidates, each field's contribution plainly."""
    item = _request_or_404(pk)
    with transaction.atomic():
        audit_read(request, "tracing_request", item.pk)
    candidates = [
        {
            "candidate": c,
            "rows": contribution_rows(c.contributions),
            "decisions": list(c.decisions.all()),
        }
        for c in candidate_list(request=item)
    ]
    return render(
        request,
        "tracing/request_detail.html",
        {
            "item": item,
            "person": item.person,
            "candidates": candidates,
            "decision_form": DecisionForm(),
            "consent": tracing_consent_active(person=item.person),
        },
    )


@require_POST
@role_required(may_trace)
def request_search_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Run the search; a missing consent is shown, not searched around."""
    item = _request_or_404(pk)
    try:
        tracing_request_search(
            request=item,
            actor=Actor.of_request(request),
            now=timezone.now(),
            today=timezone.localdate(),
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("tracing:request_detail", item.pk)


@require_POST
@role_required(may_trace)
def candidate_decide_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm or reject a candidate with a reason."""
    candidate = candidate_get(pk=pk)
    if candidate is None:
        raise Http404
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            match_decide(
                candidate=candidate,
                actor=Actor.of_request(request),
                now=timezone.now(),
                **form.cleaned_data,
            )
        except ApplicationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Decision recorded."))
    else:
        messages.error(request, _("Choose a decision and give a reason."))
    return redirect("tracing:request_detail", candidate.request_id)


@role_required(may_review_duplicates)
def duplicate_queue_view(request: HttpRequest) -> HttpResponse:
    """Show pairs to review, and the merges made (each can be undone)."""
    visible = duplicate_queue().filter(scope_q(request.user, "duplicate", "review"))
    open_pairs = visible.count()
    pairs = [
        {"pair": p, "rows": contribution_rows(p.explanation)}
        for p in visible[:QUEUE_PAGE]
    ]
    in_scope = scope_q(request.user, "duplicate", "review", record="merge")
    merges = merge_list().filter(in_scope)[:100]
    return render(
        request,
        "tracing/duplicate_queue.html",
        {
            "pairs": pairs,
            "open_pairs": open_pairs,
            "merges": merges,
            "form": ReasonForm(),
            "scan_running": Job.objects.filter(
                kind=SCAN_KIND, state__in=[Job.State.QUEUED, Job.State.RUNNING]
            ).exists(),
        },
    )


@require_POST
@role_required(may_review_duplicates)
def duplicate_scan_view(request: HttpRequest) -> HttpResponse:
    """Start a duplicate scan in the background and show its job page."""
    running = Job.objects.filter(
        kind=SCAN_KIND, state__in=[Job.State.QUEUED, Job.State.RUNNING]
    )
    if running.exists():
        messages.info(
            request,
            _("A scan is already running; its pairs will appear here when it ends."),
        )
        return redirect("tracing:duplicate_queue")
    try:
        job = job_enqueue(kind=SCAN_KIND, params={}, actor=Actor.of_request(request))
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("tracing:duplicate_queue")
    return redirect("jobs:job_detail", pk=job.pk)


def _reason(request: HttpRequest) -> str | None:
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason."))
        return None
    return str(form.cleaned_data["reason"])


@require_POST
@role_required(may_review_duplicates)
def duplicate_merge_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Merge the two people of a pair."""
    pair = duplicate_pair_get(pk=pk)
    if pair is None:
        raise Http404
    reason = _reason(request)
    if reason is not None:
        try:
            duplicate_merge(
                pair=pair,
                reason=reason,
                actor=Actor.of_request(request),
                now=timezone.now(),
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Records merged."))
    return redirect("tracing:duplicate_queue")


@require_POST
@role_required(may_review_duplicates)
def duplicate_dismiss_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Keep the two people of a pair apart."""
    pair = duplicate_pair_get(pk=pk)
    if pair is None:
        raise Http404
    reason = _reason(request)
    if reason is not None:
        try:
            duplicate_dismiss(
                pair=pair,
                reason=reason,
                actor=Actor.of_request(request),
                now=timezone.now(),
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Kept apart."))
    return redirect("tracing:duplicate_queue")


@require_POST
@role_required(may_review_duplicates)
def merge_undo_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Undo a merge."""
    merge = merge_get(pk=pk)
    if merge is None:
        raise Http404
    try:
        merge_undo(merge=merge, actor=Actor.of_request(request), now=timezone.now())
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Merge undone."))
    return redirect("tracing:merge_detail", merge.pk)


def _other_in_scope(request: HttpRequest, number: str) -> Person | None:
    """The other record of a merge, found by number among the user's records."""
    return (
        Person.objects.filter(person_listed_q(), registration_number=number.strip())
        .filter(scope_q(request.user, "duplicate", "review", record="person"))
        .first()
    )


@role_required(may_review_duplicates)
def person_merge_view(request: HttpRequest, pk: int) -> HttpResponse:
    """
    Merge this record and another: choose the other and the survivor, see the
    plan's preview (what moves, what conflicts), then confirm with a reason.
    """
    person = _person_or_404(pk)
    form = MergeChooseForm(request.POST or None)
    preview = None
    other: Person | None = None
    survivor = merged = None
    if request.method == "POST" and form.is_valid():
        other = _other_in_scope(request, form.cleaned_data["other"])
        if other is None:
            form.add_error(
                "other", _("No record with this registration number among yours.")
            )
        elif other.pk == person.pk:
            form.add_error("other", _("Give the number of another record."))
        else:
            keep_this = form.cleaned_data["survivor"] == MergeChooseForm.Survivor.THIS
            survivor, merged = (person, other) if keep_this else (other, person)
            if request.POST.get("confirm") == "1":
                reason = form.cleaned_data["reason"]
                if not reason.strip():
                    form.add_error("reason", _("Give a reason."))
                else:
                    try:
                        merge = person_merge(
                            survivor=survivor,
                            merged=merged,
                            reason=reason,
                            actor=Actor.of_request(request),
                            now=timezone.now(),
                        )
                    except ApplicationError as error:
                        add_errors(form, error)
                    else:
                        messages.success(request, _("Records merged."))
                        return redirect("tracing:merge_detail", merge.pk)
            if not form.errors:
                try:
                    preview = merge_preview(
                        survivor=survivor, merged=merged, now=timezone.now()
                    )
                except ApplicationError as error:
                    add_errors(form, error)
    with transaction.atomic():
        audit_read(request, "person", person.pk)
        if preview is not None and other is not None:
            audit_read(request, "person", other.pk)
    merges = merge_list(active=False).filter(Q(survivor=person) | Q(merged=person))
    return render(
        request,
        "tracing/person_merge.html",
        {
            "person": person,
            "form": form,
            "preview": preview,
            "moved_rows": plan_rows(preview.moved) if preview else [],
            "stayed_rows": plan_rows(preview.stayed) if preview else [],
            "conflicts": conflict_kinds(preview.conflicts) if preview else [],
            "survivor": survivor,
            "merged": merged,
            "merges": merges[:50],
        },
    )


@role_required(may_review_duplicates)
def merge_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A merge: what moved, the conflicts to resolve, and its undo."""
    merge = merge_get(pk=pk)
    if merge is None:
        raise Http404
    with transaction.atomic():
        audit_read(request, "merge", merge.pk)
    counts: dict[str, int] = {}
    for key, ids in (merge.moved or {}).items():
        if ":" in key or "." not in key:
            continue
        label = key.rsplit(".", 1)[0]
        counts[label] = counts.get(label, 0) + len(ids)
    return render(
        request,
        "tracing/merge_detail.html",
        {
            "merge": merge,
            "moved_rows": plan_rows({k: v for k, v in counts.items() if v}),
            "conflicts": conflict_rows(merge.conflicts.all()),
            "resolve_form": ResolveForm(),
        },
    )


@require_POST
@role_required(may_review_duplicates)
def conflict_resolve_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Keep one side's row of a merge conflict; the other is closed."""
    conflict = MergeConflict.objects.select_related("merge").filter(pk=pk).first()
    if conflict is None:
        raise Http404
    form = ResolveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose which record's to keep."))
    else:
        try:
            merge_conflict_resolve(
                conflict=conflict,
                keep=form.cleaned_data["keep"],
                actor=Actor.of_request(request),
                now=timezone.now(),
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Conflict resolved."))
    return redirect("tracing:merge_detail", conflict.merge_id)
