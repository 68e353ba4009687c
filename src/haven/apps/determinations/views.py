"""The determination page of a person, and the tracker of open Dublin requests."""

from __future__ import annotations

import json

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from haven.apps.accounts.policy import scope_q
from haven.apps.accounts.roles import (
    may_determine,
    may_record_requests,
    may_track_requests,
)
from haven.apps.core.actors import Actor
from haven.apps.core.views import add_errors, audit_read, role_required
from haven.apps.determinations.forms import DublinRequestForm, FactsForm, ReplyForm
from haven.apps.determinations.models import Determination, DublinRequest
from haven.apps.determinations.presentation import DEADLINE_LABELS, result_view
from haven.apps.determinations.selectors import (
    determination_facts_from_record,
    determination_latest,
    determination_list,
    dublin_request_get,
    dublin_request_list,
    dublin_request_tracker,
    request_reply_deadline,
)
from haven.apps.determinations.services import (
    InvalidFactsInputError,
    determination_create,
    determination_stale,
    dublin_request_create,
    dublin_request_reply_record,
    facts_merge,
)
from haven.apps.errors import ApplicationError
from haven.apps.people.models import Person
from haven.apps.people.selectors import person_get


def _person_or_404(pk: int) -> Person:
    person = person_get(pk=pk)
    if person is None:
        raise Http404
    return person


def _editable_facts(person: Person, *, from_record: bool) -> str:
    """Return the facts to edit: the record's, with the latest edits unless reset."""
    facts = determination_facts_from_record(person=person)
    latest = determination_latest(person=person)
    if latest is not None and not from_record:
        facts = facts_merge(facts, latest.edits)
    return json.dumps(facts, indent=2, ensure_ascii=False)


def _request_initial(history: list[Determination]) -> dict[str, object]:
    """Pre-fill a request from the latest determination: who asks whom."""
    initial: dict[str, object] = {"sent": timezone.localdate()}
    if history:
        latest = history[0]
        initial["requesting_state"] = latest.facts.get("determining_state", "")
        initial["requested_state"] = latest.responsible_state
    return initial


@role_required(may_determine)
def determination_page_view(request: HttpRequest, pk: int) -> HttpResponse:
    """
    Show the facts pre-filled from the record, run a determination on them, and
    show the result with its reasons, deadlines and flags, and the history.
    """
    person = _person_or_404(pk)
    fact_errors: list[tuple[str, str]] = []
    if request.method == "POST":
        form = FactsForm(request.POST)
        if form.is_valid():
            try:
                run = determination_create(
                    person=person,
                    actor=Actor.of_request(request),
                    facts=form.cleaned_data["facts"],
                    now=timezone.now(),
                )
            except InvalidFactsInputError as error:
                fact_errors = [
                    (path, problem)
                    for path, problems in error.field_errors.items()
                    for problem in problems
                ]
                form.add_error("facts", error.message)
            except ApplicationError as error:
                add_errors(form, error)
            else:
                if run.reused:
                    messages.info(
                        request,
                        _(
                            "The same facts were determined today by the same "
                            "engine version; that determination is shown."
                        ),
                    )
                else:
                    messages.success(request, _("Determined."))
                return redirect("determinations:determination_page", pk=person.pk)
    else:
        with transaction.atomic():
            audit_read(request, "person", person.pk)
        reset = request.GET.get("from") == "record"
        form = FactsForm(initial={"facts": _editable_facts(person, from_record=reset)})
    history = list(determination_list(person=person))
    requests = [
        (item, request_reply_deadline(item))
        for item in dublin_request_list(person=person)
    ]
    return render(
        request,
        "determinations/determination_page.html",
        {
            "person": person,
            "form": form,
            "fact_errors": fact_errors,
            "latest": history[0] if history else None,
            "result": result_view(history[0].result) if history else None,
            "history": [(item, result_view(item.result)) for item in history],
            "stale": determination_stale(person=person),
            "requests": requests,
            "request_form": DublinRequestForm(initial=_request_initial(history)),
            "may_record_requests": may_record_requests(request.user),
        },
    )


@require_POST
@role_required(may_record_requests)
def dublin_request_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a request sent for the person."""
    person = _person_or_404(pk)
    form = DublinRequestForm(request.POST)
    if form.is_valid():
        try:
            dublin_request_create(
                person=person,
                actor=Actor.of_request(request),
                now=timezone.now(),
                **form.cleaned_data,
            )
        except ApplicationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Request recorded."))
            return redirect("determinations:determination_page", pk=person.pk)
    for field, problems in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for problem in problems:
            messages.error(request, f"{label}: {problem}" if label else str(problem))
    return redirect("determinations:determination_page", pk=person.pk)


@role_required(may_track_requests)
def request_tracker_view(request: HttpRequest) -> HttpResponse:
    """List every open request with its next deadline, most urgent first."""
    today = timezone.localdate()
    tracked = dublin_request_tracker(
        today=today, within=scope_q(request.user, "dublin_request", "read")
    )
    rows = [
        (item, str(DEADLINE_LABELS.get(item.deadline.name, item.deadline.name)))
        for item in tracked
    ]
    return render(
        request,
        "determinations/request_tracker.html",
        {
            "today": today,
            "rows": rows,
            "overdue": sum(1 for item in tracked if item.overdue),
            "reply_form": ReplyForm(auto_id=False, initial={"reply_date": today}),
            "may_record_requests": may_record_requests(request.user),
        },
    )


@require_POST
@role_required(may_record_requests)
def request_reply_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the reply to one request."""
    item = dublin_request_get(pk=pk)
    if item is None or item.status == DublinRequest.Status.WITHDRAWN:
        raise Http404
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            dublin_request_reply_record(
                request=item,
                actor=Actor.of_request(request),
                now=timezone.now(),
                **form.cleaned_data,
            )
        except ApplicationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Reply recorded."))
    else:
        for problems in form.errors.values():
            for problem in problems:
                messages.error(request, str(problem))
    return redirect("determinations:request_tracker")
