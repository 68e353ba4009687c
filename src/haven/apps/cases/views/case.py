"""Case pages: list, open, detail, steps, requests, decisions, letters, appeals."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from haven.apps.accounts.policy import scope_q
from haven.apps.accounts.roles import (
    may_decide,
    may_determine,
    may_read_cases,
    may_record_requests,
    may_trace,
    may_work_cases,
    role_of,
)
from haven.apps.cases.forms import (
    AppealForm,
    AppealStepForm,
    CaseOpenForm,
    DecisionForm,
    DeliveryForm,
    RequestDraftForm,
    ReturnForm,
    TransitionForm,
)
from haven.apps.cases.letters import letter_pdf
from haven.apps.cases.models import Appeal, Case, Decision, DublinRequest, Letter
from haven.apps.cases.selectors import (
    case_get,
    case_history,
    case_list,
    request_list,
    request_track,
)
from haven.apps.cases.services import (
    REPLY_STATES,
    appeal_lodge,
    appeal_transition,
    case_open,
    case_transition,
    decision_record,
    delivery_record,
    request_transition,
    return_record,
    status_code_issue,
)
from haven.apps.core.actors import Actor
from haven.apps.core.views import add_errors, role_required
from haven.apps.determinations.selectors import determination_latest, request_prefill
from haven.apps.errors import ApplicationError
from haven.apps.people.models import Person
from haven.engines.workflow import CASE, request_machine


def _case_or_404(pk: int) -> Case:
    case = case_get(pk=pk)
    if case is None:
        raise Http404
    return case


def _error(request: HttpRequest, error: ApplicationError) -> None:
    # A refused step names its problem in the message already: say it once.
    details = [
        m
        for problems in error.field_errors.values()
        for m in problems
        if m not in error.message
    ]
    text = error.message if not details else f"{error.message}: {'; '.join(details)}"
    messages.error(request, text)


@role_required(may_read_cases)
def case_list_view(request: HttpRequest) -> HttpResponse:
    """List cases by stage; open a case by registration number."""
    state = request.GET.get("state", "")
    if state not in Case.State.values:
        state = ""
    form = CaseOpenForm()
    if request.method == "POST" and may_work_cases(request.user):
        form = CaseOpenForm(request.POST)
        if form.is_valid():
            person = (
                Person.objects.filter(
                    registration_number__iexact=form.cleaned_data["registration_number"]
                )
                .filter(scope_q(request.user, "person", "read"))
                .first()
            )
            if person is None:
                form.add_error("registration_number", _("No person has this number."))
            else:
                try:
                    case = case_open(
                        person=person,
                        contact=form.cleaned_data["contact"],
                        now=timezone.now(),
                        actor=Actor.of_request(request),
                    )
                except ApplicationError as error:
                    add_errors(form, error)
                else:
                    return redirect("cases:case_detail", pk=case.pk)
    return render(
        request,
        "cases/case_list.html",
        {
            "cases": case_list(
                state=state, within=scope_q(request.user, "case", "read")
            )[:200],
            "state": state,
            "states": Case.State.choices,
            "form": form,
            "may_work": may_work_cases(request.user),
        },
    )


def _label(choices: Any, value: str) -> str:
    return str(dict(choices).get(value, value))


@role_required(may_read_cases)
def case_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the case: stage, next steps, history, requests, decisions, appeals."""
    case = _case_or_404(pk)
    role = role_of(request.user)
    targets = [
        (t, _label(Case.State.choices, t)) for t in CASE.targets(case.state, role=role)
    ]
    today = timezone.localdate()
    replies = REPLY_STATES
    request_rows = [
        (
            request_track(r, today=today),
            [
                (t, _label(DublinRequest.State.choices, t))
                for t in request_machine(r.kind, r.regime).targets(r.state, role=role)
                if t not in replies
            ]
            if may_work_cases(request.user)
            else [],
        )
        for r in request_list().filter(case=case)
    ]
    determination = determination_latest(person=case.person)
    decision_form = DecisionForm(initial={"language": case.language})
    decision_form.fields["request"].choices = [("", "—")] + [  # type: ignore[attr-defined]
        (r.pk, f"{r.get_kind_display()} {r.requesting_state}→{r.requested_state}")
        for r in case.requests.all()
    ]
    return_form = ReturnForm()
    return_form.fields["decision"].choices = [  # type: ignore[attr-defined]
        (d.pk, f"{d.decided_on:%Y-%m-%d} {d.reason_code}")
        for d in case.decisions.all()
        if d.outcome == "refused"
    ]
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "person": case.person,
            "history": case_history(case),
            "transition_form": TransitionForm(targets=targets) if targets else None,
            "request_rows": request_rows,
            "request_form": RequestDraftForm(
                initial=request_prefill(determination).initial()
            )
            if determination is not None and determination.responsible_state
            else None,
            "may_record_requests": may_record_requests(request.user),
            "decision_form": decision_form,
            "delivery_form": DeliveryForm(
                initial={"delivered_at": timezone.now().strftime("%Y-%m-%dT%H:%M")}
            ),
            "appeal_form": AppealForm(initial={"lodged_on": timezone.localdate()}),
            "appeal_step_form": AppealStepForm(),
            "return_form": return_form,
            "may_work": may_work_cases(request.user),
            "may_decide": may_decide(request.user),
            "determination": determination,
            "may_determine": may_determine(request.user),
            "tracing_requests": case.person.tracing_requests.count(),
            "may_trace": may_trace(request.user),
        },
    )


@require_POST
@role_required(may_work_cases)
def case_transition_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Take one step of the case, with its reason."""
    case = _case_or_404(pk)
    try:
        case_transition(
            case=case,
            target=request.POST.get("target", ""),
            reason=request.POST.get("reason", ""),
            now=timezone.now(),
            actor=Actor.of_request(request),
        )
        messages.success(request, _("Step recorded."))
    except ApplicationError as error:
        _error(request, error)
    return redirect("cases:case_detail", pk=pk)


@require_POST
@role_required(may_work_cases)
def request_transition_view(
    request: HttpRequest, pk: int, request_pk: int
) -> HttpResponse:
    """Take one step of a request (send, receipt, withdrawal, transfer)."""
    dublin_request = DublinRequest.objects.filter(pk=request_pk, case_id=pk).first()
    if dublin_request is None:
        raise Http404
    target = request.POST.get("target", "")
    if target in REPLY_STATES:
        messages.error(
            request,
            _("A reply is recorded with its date on the Dublin requests page."),
        )
        return redirect("cases:case_detail", pk=pk)
    try:
        request_transition(
            request=dublin_request,
            target=target,
            reason=request.POST.get("reason", ""),
            now=timezone.now(),
            actor=Actor.of_request(request),
        )
        messages.success(request, _("Step recorded."))
    except ApplicationError as error:
        _error(request, error)
    return redirect("cases:case_detail", pk=pk)


@require_POST
@role_required(may_decide)
def decision_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a reasoned decision and issue its letter."""
    case = _case_or_404(pk)
    form = DecisionForm(request.POST)
    form.fields["request"].choices = [("", "—")] + [  # type: ignore[attr-defined]
        (r.pk, str(r.pk)) for r in case.requests.all()
    ]
    if not form.is_valid():
        messages.error(
            request,
            _(
                "The decision was not saved: a reason and the reasons in full "
                "are required."
            ),
        )
        return redirect("cases:case_detail", pk=pk)
    data = form.cleaned_data
    try:
        decision_record(
            case=case,
            request=case.requests.filter(pk=data["request"]).first()
            if data["request"]
            else None,
            subject=data["subject"],
            outcome=data["outcome"],
            reason_code=data["reason_code"],
            reason_text=data["reason_text"],
            appeal_route=data["appeal_route"],
            language=data["language"],
            now=timezone.now(),
            actor=Actor.of_request(request),
        )
        messages.success(request, _("Decision recorded and letter issued."))
    except ApplicationError as error:
        _error(request, error)
    return redirect("cases:case_detail", pk=pk)


def _letter_or_404(pk: int) -> Letter:
    letter = Letter.objects.select_related("decision__case").filter(pk=pk).first()
    if letter is None:
        raise Http404
    return letter


@role_required(may_read_cases)
def letter_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a letter as issued (its own stylesheet is inline, nothing else runs)."""
    response = HttpResponse(_letter_or_404(pk).html)
    response["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"
    )
    return response


@role_required(may_read_cases)
def letter_pdf_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Download a letter as PDF."""
    letter = _letter_or_404(pk)
    response = HttpResponse(letter_pdf(letter.html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="letter-{letter.pk}.pdf"'
    return response


@require_POST
@role_required(may_work_cases)
def delivery_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Record how a letter was delivered."""
    letter = _letter_or_404(pk)
    form = DeliveryForm(request.POST)
    case_pk = letter.decision.case_id
    if not form.is_valid():
        messages.error(request, _("The delivery was not saved: check every field."))
        return redirect("cases:case_detail", pk=case_pk)
    data = form.cleaned_data
    delivered_at: datetime = data["delivered_at"]
    try:
        delivery_record(
            letter=letter,
            method=data["method"],
            delivered_at=delivered_at,
            interpreter=data["interpreter"],
            interpreter_language=data["interpreter_language"],
            actor=Actor.of_request(request),
            now=timezone.now(),
        )
        messages.success(request, _("Delivery recorded."))
    except ApplicationError as error:
        _error(request, error)
    return redirect("cases:case_detail", pk=case_pk)


@require_POST
@role_required(may_work_cases)
def appeal_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Record an appeal against a refusal."""
    decision = Decision.objects.filter(pk=pk).first()
    if decision is None:
        raise Http404
    form = AppealForm(request.POST)
    if form.is_valid():
        try:
            appeal_lodge(
                decision=decision,
                lodged_on=form.cleaned_data["lodged_on"],
                suspensive=form.cleaned_data["suspensive"],
                now=timezone.now(),
                actor=Actor.of_request(request),
            )
            messages.success(request, _("Appeal recorded."))
        except ApplicationError as error:
            _error(request, error)
    else:
        messages.error(request, _("The appeal was not saved: give the date."))
    return redirect("cases:case_detail", pk=decision.case_id)


@require_POST
@role_required(may_work_cases)
def appeal_transition_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Take one step of an appeal."""
    appeal = Appeal.objects.filter(pk=pk).first()
    if appeal is None:
        raise Http404
    try:
        appeal_transition(
            appeal=appeal,
            target=request.POST.get("target", ""),
            outcome=request.POST.get("outcome", ""),
            reason=request.POST.get("reason", ""),
            now=timezone.now(),
            actor=Actor.of_request(request),
        )
        messages.success(request, _("Step recorded."))
    except ApplicationError as error:
        _error(request, error)
    return redirect("cases:case_detail", pk=appeal.case_id)


@require_POST
@role_required(may_decide)
def return_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a return."""
    case = _case_or_404(pk)
    form = ReturnForm(request.POST)
    form.fields["decision"].choices = [  # type: ignore[attr-defined]
        (d.pk, str(d.pk)) for d in case.decisions.all()
    ]
    if form.is_valid():
        data = form.cleaned_data
        try:
            return_record(
                case=case,
                decision=case.decisions.get(pk=data["decision"]),
                route=data["route"],
                returned_on=data["returned_on"],
                country=data["country"],
                now=timezone.now(),
                actor=Actor.of_request(request),
            )
            messages.success(request, _("Return recorded."))
        except ApplicationError as error:
            _error(request, error)
    else:
        messages.error(request, _("The return was not saved: check every field."))
    return redirect("cases:case_detail", pk=pk)


@require_POST
@role_required(may_work_cases)
def status_code_issue_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue a personal status code and show it once."""
    case = _case_or_404(pk)
    code = status_code_issue(
        case=case, actor=Actor.of_request(request), now=timezone.now()
    )
    response = render(
        request, "cases/status_code_issued.html", {"case": case, "code": code}
    )
    response["Cache-Control"] = "no-store"
    return response
