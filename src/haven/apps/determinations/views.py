"""The determination page of a person, and the tracker of Dublin requests."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from haven.apps.accounts.policy import scope_q
from haven.apps.accounts.roles import (
    may_determine,
    may_record_requests,
    may_track_requests,
)
from haven.apps.cases.forms import ReplyForm, RequestDraftForm, RequestStepForm
from haven.apps.cases.models import DublinRequest
from haven.apps.cases.selectors import (
    TrackedRequest,
    request_get,
    request_list,
    request_track,
    request_tracker,
)
from haven.apps.cases.services import (
    request_replies,
    request_reply,
    request_transition,
    request_withdraw,
)
from haven.apps.core.actors import Actor
from haven.apps.core.views import add_errors, audit_read, role_required
from haven.apps.determinations.forms import FactsForm
from haven.apps.determinations.models import Determination
from haven.apps.determinations.presentation import DEADLINE_LABELS, result_view
from haven.apps.determinations.selectors import (
    applicant_status,
    determination_facts_from_record,
    determination_latest,
    determination_list,
    request_prefill,
)
from haven.apps.determinations.services import (
    InvalidFactsInputError,
    determination_create,
    determination_stale,
    facts_merge,
    request_draft,
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


def _request_form(history: list[Determination]) -> RequestDraftForm | None:
    """Return the request form pre-filled from the latest determination, if any."""
    if not history or not history[0].responsible_state:
        return None
    return RequestDraftForm(initial=request_prefill(history[0]).initial())


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
    today = timezone.localdate()
    requests: list[tuple[TrackedRequest, list[tuple[str, str]]]] = [
        (request_track(item, today=today), [])
        for item in request_list().filter(case__person=person)
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
            "request_form": _request_form(history),
            "may_record_requests": may_record_requests(request.user),
            "applicant_status": applicant_status(person, today=today),
        },
    )


def _form_errors(request: HttpRequest, form: forms.Form) -> None:
    for field, problems in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for problem in problems:
            messages.error(request, f"{label}: {problem}" if label else str(problem))


def _back(request: HttpRequest, default: str) -> HttpResponse:
    """Go back to the page the form was on, if it is one of ours."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) and target.startswith("/"):
        return redirect(target)
    return redirect(default)


@require_POST
@role_required(may_record_requests)
def dublin_request_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Draft a request from the person's latest determination."""
    person = _person_or_404(pk)
    default = reverse("determinations:determination_page", kwargs={"pk": person.pk})
    determination = determination_latest(person=person)
    if determination is None:
        messages.error(
            request, _("Determine responsibility before drafting a request.")
        )
        return _back(request, default)
    form = RequestDraftForm(request.POST)
    if form.is_valid():
        try:
            request_draft(
                determination=determination,
                actor=Actor.of_request(request),
                now=timezone.now(),
                **form.cleaned_data,
            )
        except ApplicationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Request drafted."))
            return _back(request, default)
    _form_errors(request, form)
    return _back(request, default)


@role_required(may_track_requests)
def request_tracker_view(request: HttpRequest) -> HttpResponse:
    """
    List every request, drafted and sent, with its next limit, most urgent first;
    closed ones on asking (``?closed=1``).
    """
    today = timezone.localdate()
    closed = request.GET.get("closed") == "1"
    tracked = request_tracker(
        today=today,
        within=scope_q(request.user, "dublin_request", "read"),
        closed=closed,
    )
    with transaction.atomic():
        for item in tracked:
            audit_read(request, "person", item.request.case.person_id)
    rows = [
        (
            item,
            str(DEADLINE_LABELS.get(item.limit.name, item.limit.name))
            if item.limit is not None
            else "",
            ReplyForm(
                auto_id=f"reply-{item.request.pk}-%s",
                replies=request_replies(item.request),
                initial={"replied_on": today},
            )
            if request_replies(item.request)
            else None,
        )
        for item in tracked
    ]
    return render(
        request,
        "determinations/request_tracker.html",
        {
            "today": today,
            "rows": rows,
            "closed": closed,
            "overdue": sum(1 for item in tracked if item.overdue),
            "may_record_requests": may_record_requests(request.user),
        },
    )


def _request_or_404(pk: int) -> DublinRequest:
    item = request_get(pk=pk)
    if item is None:
        raise Http404
    return item


def _acting(request: HttpRequest) -> dict[str, Any]:
    return {"actor": Actor.of_request(request), "now": timezone.now()}


@require_POST
@role_required(may_record_requests)
def request_reply_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the reply to one request: the choice is the officer's, never a default."""
    item = _request_or_404(pk)
    form = ReplyForm(request.POST, replies=request_replies(item))
    if form.is_valid():
        try:
            request_reply(
                request=item,
                reply=form.cleaned_data["reply"],
                replied_on=form.cleaned_data["replied_on"],
                **_acting(request),
            )
        except ApplicationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Reply recorded."))
            return _back(request, reverse("determinations:request_tracker"))
    _form_errors(request, form)
    return _back(request, reverse("determinations:request_tracker"))


@require_POST
@role_required(may_record_requests)
def request_step_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Send a request, record its receipt, or withdraw a draft with a reason."""
    item = _request_or_404(pk)
    form = RequestStepForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["target"] == DublinRequest.State.WITHDRAWN:
                request_withdraw(
                    request=item, reason=data["reason"], **_acting(request)
                )
            else:
                request_transition(
                    request=item,
                    target=data["target"],
                    reason=data["reason"],
                    on=data["on"],
                    **_acting(request),
                )
        except ApplicationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Step recorded."))
            return _back(request, reverse("determinations:request_tracker"))
    _form_errors(request, form)
    return _back(request, reverse("determinations:request_tracker"))
