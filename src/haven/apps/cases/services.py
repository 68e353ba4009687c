"""
Move a case through its stages; record requests, reasoned decisions, letters and
their delivery, appeals, returns and status codes. Each function is one transaction.

Every change of state is checked by ``haven.engines.workflow`` and logged as a
``CaseTransition``. The clock is read by the caller and passed in as ``now``. Other
apps drive a case from their own records: transfers through ``case_transition``,
adding what they know to the guards' facts; tracing and determinations through
``case_advance``, which moves a case only forward to their stage.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from datetime import date, datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F

from haven.apps.audit.services import audit_record
from haven.apps.cases.letters import letter_html
from haven.apps.cases.models import (
    Appeal,
    Case,
    CaseTransition,
    Decision,
    Delivery,
    DublinRequest,
    Letter,
    Return,
    StatusCode,
)
from haven.apps.cases.reasons import (
    LETTER_LANGUAGES,
    REASON_CODES,
    REFUSED,
    SUBJECTS,
    Subject,
    letter_language_for,
)
from haven.apps.cases.selectors import request_facts
from haven.apps.core.actors import Actor
from haven.apps.errors import ApplicationError, InvalidInputError, PermissionDeniedError
from haven.apps.people.models import Person
from haven.engines.kernel import Regime, normalise_state_code
from haven.engines.responsibility import KNOWN_STATES
from haven.engines.workflow import (
    APPEAL,
    APPEAL_ROUTES,
    CASE,
    Context,
    Machine,
    RoleNotAllowedError,
    Step,
    TransitionRefusedError,
    WorkflowError,
    appeal_deadline,
    request_leads_to_transfer,
    request_machine,
)
from haven.engines.workflow.transitions import FactValue


class TransitionRefused(ApplicationError):
    """A step the process does not allow now; the message names both states."""

    code = "transition_refused"
    status = 409


def step_or_raise(
    machine: Machine,
    source: str,
    target: str,
    *,
    actor: Actor,
    reason: str,
    today: date,
    facts: Mapping[str, FactValue],
) -> Step:
    """Return the engine's step, or raise the application error for a refusal."""
    try:
        return machine.step(
            source,
            target,
            actor=actor.name,
            role=actor.role,
            reason=reason,
            context=Context(today, dict(facts)),
        )
    except RoleNotAllowedError as error:
        raise PermissionDeniedError(
            error.message, field_errors={"target": list(error.problems)}
        ) from error
    except TransitionRefusedError as error:
        field = "reason" if error.code == "reason_required" else "target"
        raise TransitionRefused(
            error.message, field_errors={field: list(error.problems)}, code=error.code
        ) from error
    except WorkflowError as error:
        raise InvalidInputError(
            error.message, field_errors={"target": [error.message]}
        ) from error


def _log(
    case: Case, step: Step, *, now: datetime, subject_id: int | None = None
) -> None:
    CaseTransition.objects.create(
        case=case,
        machine=step.machine,
        subject_id=subject_id,
        from_state=step.source,
        to_state=step.target,
        at=now,
        actor=step.actor,
        role=step.role,
        reason=step.reason,
    )


def case_open(
    *,
    person: Person,
    actor: Actor,
    contact: str,
    now: datetime,
    regime: str | None = None,
) -> Case:
    """
    Open the case of a person, identified at their first registration.

    ``regime`` is the determination's when a determination opens the case; without
    one the model's default stands until a determination says otherwise.
    """
    if not contact.strip():
        raise InvalidInputError(
            "the case was not opened",
            field_errors={"contact": ["say whom the person can contact"]},
        )
    with transaction.atomic():
        if Case.objects.filter(person=person).exists():
            raise TransitionRefused(
                "this person already has a case", code="case_exists"
            )
        first = person.registrations.order_by("registered_at").first()
        case = Case.objects.create(
            person=person,
            state=Case.State.REGISTERED,
            state_since=now,
            identified_at=first.registered_at if first else now,
            language=letter_language_for(list(person.languages)),
            contact=contact.strip()[:200],
            **({"regime": regime} if regime else {}),
        )
        CaseTransition.objects.create(
            case=case,
            machine=CASE.name,
            from_state="",
            to_state=case.state,
            at=case.identified_at,
            actor=actor.name,
            role=actor.role,
            reason="case opened",
        )
        audit_record(
            action="case.open",
            actor_id=actor.user_id,
            actor_name=actor.name,
            object_type="case",
            object_id=case.pk,
        )
    return case


def case_facts(case: Case) -> dict[str, FactValue]:
    """Return what the case's guards need to know, read from its records."""
    requests = [
        r
        for r in case.requests.select_related("refers_to")
        if request_leads_to_transfer(r.kind, r.regime)
    ]
    accepted = [r for r in requests if r.state in (*_AGREED, _S.TRANSFER_DUE)]
    dues = [
        due for r in accepted if (due := request_facts(r)["transfer_due"]) is not None
    ]
    return {
        "request_sent": any(
            r.state not in (_S.DRAFTED, _S.WITHDRAWN, _S.EXPIRED) for r in requests
        ),
        "request_accepted": bool(accepted),
        "decision_recorded": case.decisions.filter(
            created_at__gte=case.state_since
        ).exists(),
        "transfer_due": min(dues) if dues else None,
        "return_recorded": case.returns.exists(),
        "appeal_pending": case.appeals.filter(
            suspensive=True, state__in=[Appeal.State.LODGED, Appeal.State.PENDING]
        ).exists(),
        # Read through the person, so that cases need not import the apps that
        # write these records (tracing and determinations drive cases, not back).
        "tracing_requested": case.person.tracing_requests.exists(),
        "responsibility_determined": case.person.determinations.exists(),
    }


def case_transition(
    *,
    case: Case,
    target: str,
    actor: Actor,
    reason: str,
    now: datetime,
    facts: Mapping[str, FactValue] | None = None,
) -> Case:
    """
    Move the case to ``target`` if the workflow allows it, and log the step.

    ``facts`` adds to what the case's own records say (e.g. ``checked_out`` from a
    transfer), for apps that drive the case from their own events.
    """
    with transaction.atomic():
        current = Case.objects.select_for_update().get(pk=case.pk)
        known = case_facts(current)
        known.update(facts or {})
        step = step_or_raise(
            CASE,
            current.state,
            target,
            actor=actor,
            reason=reason,
            today=now.date(),
            facts=known,
        )
        Case.objects.filter(pk=current.pk).update(
            state=target, state_since=now, version=F("version") + 1
        )
        _log(current, step, now=now)
        audit_record(
            action=f"case.{target}",
            actor_id=actor.user_id,
            actor_name=actor.name,
            object_type="case",
            object_id=current.pk,
        )
        current.refresh_from_db()
    return current


# The stages a case passes on its way to a determination, in order.
_PROGRESSION = (
    Case.State.REGISTERED,
    Case.State.SCREENED,
    Case.State.TRACING,
    Case.State.DETERMINATION,
)


def case_advance(
    *,
    person: Person,
    target: str,
    actor: Actor,
    reason: str,
    now: datetime,
) -> Case | None:
    """
    Move the person's case to ``target`` if it is in an earlier stage; return it.

    For the apps whose records mark a stage (a tracing request, a determination):
    a case at ``target`` or beyond, or in another branch (withdrawn, absconded),
    stays where it is, and None is returned, as it is when there is no case. The
    step goes through the workflow like any other, inside the caller's transaction.
    """
    if target not in (Case.State.TRACING, Case.State.DETERMINATION):
        raise InvalidInputError(
            "the case was not moved",
            field_errors={"target": [f"only tracing or determination, not {target!r}"]},
        )
    earlier = _PROGRESSION[: _PROGRESSION.index(target)]
    with transaction.atomic():
        case = Case.objects.select_for_update().filter(person=person).first()
        if case is None or case.state not in earlier:
            return None
        return case_transition(
            case=case, target=target, actor=actor, reason=reason, now=now
        )


def _audit(action: str, request: DublinRequest, *, actor: Actor) -> None:
    audit_record(
        action=action,
        actor_id=actor.user_id,
        actor_name=actor.name,
        # Not "dublin_request": the former determinations table audited its own
        # keys under that name, and the moved rows have new ones (docs/adr/0033).
        object_type="request",
        object_id=request.pk,
    )


def _state_code(value: str) -> str:
    # ISO 3166-1 alpha-2, the EU's EL and UK read as GR and GB (docs/adr/0035).
    return normalise_state_code(value)


def request_create(
    *,
    case: Case,
    kind: str,
    requesting_state: str,
    requested_state: str,
    legal_basis: str,
    lodged_on: date | None,
    urgent: bool,
    eurodac_hit_on: date | None,
    actor: Actor,
    now: datetime,
    regime: str | None = None,
    determination_id: int | None = None,
    refers_to: DublinRequest | None = None,
) -> DublinRequest:
    """
    Draft a request of the case; nothing about its limits is stored.

    The regime is the case's unless given (a determination gives its own). A
    re-examination request names the refused request it asks about.
    """
    regime = regime or case.regime
    problems: dict[str, list[str]] = {}
    if kind not in DublinRequest.Kind.values:
        problems["kind"] = [f"unknown kind {kind!r}"]
    if regime not in {r.value for r in Regime}:
        problems["regime"] = [f"unknown regime {regime!r}"]
    for name, value in (
        ("requesting_state", requesting_state),
        ("requested_state", requested_state),
    ):
        if len(value.strip()) != 2 or not value.strip().isalpha():
            problems[name] = ["give a two-letter country code"]
        elif _state_code(value) not in KNOWN_STATES:
            problems[name] = [f"{_state_code(value)!r} is not a Dublin state code"]
    if _state_code(requesting_state) == _state_code(requested_state):
        problems.setdefault("requested_state", []).append(
            "the requested state must differ from the requesting state"
        )
    if kind in (DublinRequest.Kind.TAKE_CHARGE, DublinRequest.Kind.TAKE_BACK):
        if lodged_on is None:
            problems["lodged_on"] = ["give the date the application was lodged"]
        if not legal_basis.strip():
            problems["legal_basis"] = ["name the article the request relies on"]
    if lodged_on is not None and lodged_on > now.date():
        problems["lodged_on"] = ["the date of lodging is in the future"]
    if eurodac_hit_on is not None and eurodac_hit_on > now.date():
        problems["eurodac_hit_on"] = ["the date of the Eurodac hit is in the future"]
    if urgent and kind != DublinRequest.Kind.TAKE_CHARGE:
        problems["urgent"] = ["only a take-charge request can ask for an urgent reply"]
    if kind == DublinRequest.Kind.RE_EXAMINATION and (
        refers_to is None
        or refers_to.case_id != case.pk
        or refers_to.state != DublinRequest.State.REFUSED
    ):
        problems["refers_to"] = ["name the refused request of this case to re-examine"]
    if problems:
        raise InvalidInputError("the request was not saved", field_errors=problems)
    machine = request_machine(kind, regime)
    if not machine.targets(DublinRequest.State.DRAFTED, role=actor.role):
        raise PermissionDeniedError("your role may not draft requests")
    with transaction.atomic():
        request = DublinRequest.objects.create(
            case=case,
            determination_id=determination_id,
            refers_to=refers_to,
            kind=kind,
            regime=regime,
            requesting_state=_state_code(requesting_state),
            requested_state=_state_code(requested_state),
            legal_basis=legal_basis.strip()[:200],
            urgent=urgent,
            eurodac=eurodac_hit_on is not None,
            eurodac_hit_on=eurodac_hit_on,
            lodged_on=lodged_on,
            drafted_at=now,
            drafted_by_id=actor.user_id,
        )
        CaseTransition.objects.create(
            case=case,
            machine=machine.name,
            subject_id=request.pk,
            from_state="",
            to_state=request.state,
            at=now,
            actor=actor.name,
            role=actor.role,
            reason=f"drafted under {request.legal_basis or request.get_kind_display()}",
        )
        _audit("request.create", request, actor=actor)
    return request


_S = DublinRequest.State
_REPLY_TARGETS = {
    DublinRequest.Reply.ACCEPTED: _S.ACCEPTED,
    DublinRequest.Reply.CONFIRMED: _S.CONFIRMED,
    DublinRequest.Reply.REFUSED: _S.REFUSED,
    DublinRequest.Reply.ANSWERED: _S.ANSWERED,
}
_AGREED = (_S.ACCEPTED, _S.DEEMED_ACCEPTED, _S.CONFIRMED, _S.DEEMED_CONFIRMED)
# The states only a reply reaches: recorded through ``request_reply``, which asks
# for the reply and its date, never as a bare step.
REPLY_STATES = frozenset(str(target) for target in _REPLY_TARGETS.values())


def request_replies(request: DublinRequest) -> list[str]:
    """Return the replies the requested state can give to the request now."""
    machine = request_machine(request.kind, request.regime)
    targets = set(machine.targets(request.state))
    return [reply for reply, target in _REPLY_TARGETS.items() if target in targets]


def request_transition(
    *,
    request: DublinRequest,
    target: str,
    actor: Actor,
    reason: str,
    now: datetime,
    on: date | None = None,
    facts: Mapping[str, FactValue] | None = None,
) -> DublinRequest:
    """
    Take one step of a request, record its event, its transition and its audit.

    ``on`` is the day of the event when it is not today (a reply dated earlier).
    Sending records the day sent; receipt the day received, from which the reply
    limit runs; a reply its date and kind; a withdrawal its day and reason. Its
    limits follow from these events whenever they are read.
    """
    today = now.date()
    day = on or today
    if day > today:
        raise InvalidInputError(
            "the step was not recorded",
            field_errors={"on": ["the date is in the future"]},
        )
    with transaction.atomic():
        current = (
            DublinRequest.objects.select_for_update(of=("self",))
            .select_related("case", "refers_to")
            .get(pk=request.pk)
        )
        earlier: date | None = {
            str(_S.REPLY_DUE): current.sent_on,
            **dict.fromkeys(
                [str(t) for t in _REPLY_TARGETS.values()],
                current.received_on or current.sent_on,
            ),
        }.get(target)
        if earlier is not None and day < earlier:
            raise InvalidInputError(
                "the step was not recorded",
                field_errors={"on": ["the date is before the request was sent"]},
            )
        known: dict[str, FactValue] = dict(request_facts(current))
        known.update(facts or {})
        # Guards judge the step on the day it happened (a request sent in time
        # and recorded later was still sent in time).
        step = step_or_raise(
            request_machine(current.kind, current.regime),
            current.state,
            target,
            actor=actor,
            reason=reason,
            today=day,
            facts=known,
        )
        if target == _S.SENT:
            current.sent_on = day
        elif target == _S.REPLY_DUE:
            current.received_on = day
        elif target == _S.WITHDRAWN:
            current.withdrawn_on = day
            current.withdrawal_reason = step.reason
        else:
            for reply, reply_target in _REPLY_TARGETS.items():
                if target == reply_target:
                    current.reply = reply
                    current.replied_on = day
        current.state = target
        current.save()
        _log(current.case, step, now=now, subject_id=current.pk)
        _audit(f"request.{target}", current, actor=actor)
        _case_follows(current, target, actor=actor, now=now)
    return current


def request_reply(
    *,
    request: DublinRequest,
    reply: str,
    replied_on: date,
    actor: Actor,
    now: datetime,
) -> DublinRequest:
    """Record the requested state's reply: an explicit choice, never a default."""
    allowed = request_replies(request)
    if reply not in allowed:
        raise InvalidInputError(
            "the reply was not recorded",
            field_errors={
                "reply": [
                    f"choose one of: {', '.join(allowed)}"
                    if allowed
                    else "this request awaits no reply"
                ]
            },
        )
    return request_transition(
        request=request,
        target=_REPLY_TARGETS[DublinRequest.Reply(reply)],
        actor=actor,
        reason=f"reply: {reply} on {replied_on.isoformat()}",
        now=now,
        on=replied_on,
    )


def request_withdraw(
    *,
    request: DublinRequest,
    reason: str,
    actor: Actor,
    now: datetime,
) -> DublinRequest:
    """Withdraw a draft, with the reason it is withdrawn."""
    if not reason.strip():
        raise InvalidInputError(
            "the request was not withdrawn",
            field_errors={"reason": ["say why the request is withdrawn"]},
        )
    return request_transition(
        request=request,
        target=_S.WITHDRAWN,
        actor=actor,
        reason=reason,
        now=now,
    )


def _case_follows(
    request: DublinRequest, target: str, *, actor: Actor, now: datetime
) -> None:
    """Move the case with a request that leads to a transfer (docs/adr/0019)."""
    if not request_leads_to_transfer(request.kind, request.regime):
        return
    case = Case.objects.get(pk=request.case_id)
    moves = {
        (Case.State.DETERMINATION, _S.SENT): Case.State.REQUEST_SENT,
        **{
            (Case.State.REQUEST_SENT, agreed): Case.State.ACCEPTED for agreed in _AGREED
        },
    }
    stage = moves.get((Case.State(case.state), _S(target)))
    if stage is None or stage not in CASE.targets(case.state, role=actor.role):
        return
    case_transition(
        case=case,
        target=stage,
        actor=actor,
        reason=f"request {request.pk}: {request.get_state_display()}",
        now=now,
    )


def decision_record(
    *,
    case: Case,
    subject: str,
    outcome: str,
    reason_code: str,
    reason_text: str,
    appeal_route: str,
    actor: Actor,
    now: datetime,
    request: DublinRequest | None = None,
    language: str | None = None,
) -> Decision:
    """
    Record a reasoned decision, issue its letter and move what it decides.

    A reason code from the controlled list and a free-text reason are both
    required; a refusal names its appeal route, and the deadline is computed from
    the day of the decision until a delivery date is recorded. A reply to a
    request moves the request and the case; an eligibility or protection decision
    taken at determination moves the case.
    """
    problems: dict[str, list[str]] = {}
    if subject not in SUBJECTS:
        problems["subject"] = [f"unknown subject {subject!r}"]
    reason = REASON_CODES.get(reason_code)
    if reason is None:
        problems["reason_code"] = ["choose a reason from the list"]
    elif reason.outcome != outcome:
        problems["reason_code"] = [f"this reason does not fit the outcome {outcome!r}"]
    if outcome not in ("accepted", "refused"):
        problems["outcome"] = [f"unknown outcome {outcome!r}"]
    if not reason_text.strip():
        problems["reason_text"] = ["write the reasons for the decision"]
    if outcome == REFUSED and appeal_route not in APPEAL_ROUTES:
        problems["appeal_route"] = ["a refusal must name the route of appeal"]
    if appeal_route and appeal_route not in APPEAL_ROUTES:
        problems["appeal_route"] = [f"unknown appeal route {appeal_route!r}"]
    if subject == Subject.REQUEST_REPLY and request is None:
        problems["request"] = ["name the request this decision replies to"]
    letter_language = language or case.language
    if letter_language not in LETTER_LANGUAGES:
        problems["language"] = [f"no letters in {letter_language!r}"]
    if Case.State.REFUSED not in CASE.targets(
        Case.State.DETERMINATION, role=actor.role
    ):
        raise PermissionDeniedError("your role may not record decisions")
    if problems:
        raise InvalidInputError("the decision was not saved", field_errors=problems)
    today = now.date()
    with transaction.atomic():
        deadline = (
            appeal_deadline(appeal_route, notified_on=today) if appeal_route else None
        )
        decision = Decision.objects.create(
            case=case,
            request=request,
            subject=subject,
            outcome=outcome,
            reason_code=reason_code,
            reason_text=reason_text.strip(),
            decided_on=today,
            decided_by=actor.name,
            appeal_route=appeal_route,
            appeal_deadline=deadline.due if deadline else None,
            appeal_rule=str(deadline.citation) if deadline else "",
            created_at=now,
        )
        letter_issue(decision=decision, language=letter_language, actor=actor, now=now)
        summary = f"{reason_code}: {reason_text.strip()}"
        if request is not None:
            replies = request_replies(request)
            reply = outcome
            if outcome == "accepted" and DublinRequest.Reply.CONFIRMED in replies:
                reply = DublinRequest.Reply.CONFIRMED
            request_reply(
                request=request,
                reply=reply,
                replied_on=today,
                actor=actor,
                now=now,
            )
        case.refresh_from_db()
        if case.state in (Case.State.REQUEST_SENT, Case.State.DETERMINATION) and (
            request is not None or subject != Subject.REQUEST_REPLY
        ):
            case_transition(
                case=case,
                target=outcome,
                actor=actor,
                reason=summary,
                now=now,
            )
    return decision


def letter_issue(
    *, decision: Decision, language: str, actor: Actor, now: datetime
) -> Letter:
    """Render and keep the letter of a decision in ``language``."""
    if language not in LETTER_LANGUAGES:
        raise InvalidInputError(
            "the letter was not issued",
            field_errors={"language": [f"no letters in {language!r}"]},
        )
    return Letter.objects.create(
        decision=decision,
        language=language,
        translation_reviewed=LETTER_LANGUAGES[language].reviewed,
        html=letter_html(decision=decision, language=language, issued_on=now.date()),
        issued_at=now,
        issued_by=actor.name,
    )


def delivery_record(
    *,
    letter: Letter,
    method: str,
    delivered_at: datetime,
    interpreter: str,
    interpreter_language: str,
    actor: Actor,
    now: datetime,
) -> Delivery:
    """
    Record how, when and with which interpreter a letter reached the person.

    The first delivery is the notification: the appeal deadline runs from it.
    """
    problems: dict[str, list[str]] = {}
    if method not in Delivery.Method.values:
        problems["method"] = [f"unknown method {method!r}"]
    if delivered_at > now:
        problems["delivered_at"] = ["the delivery is in the future"]
    if method == Delivery.Method.READ_OUT and not interpreter.strip():
        problems["interpreter"] = ["name the interpreter who read the letter out"]
    if problems:
        raise InvalidInputError("the delivery was not saved", field_errors=problems)
    with transaction.atomic():
        first = not Delivery.objects.filter(letter__decision=letter.decision).exists()
        delivery = Delivery.objects.create(
            letter=letter,
            method=method,
            delivered_at=delivered_at,
            interpreter=interpreter.strip(),
            interpreter_language=interpreter_language.strip(),
            recorded_by=actor.name,
        )
        decision = letter.decision
        if first and decision.appeal_route:
            deadline = appeal_deadline(
                decision.appeal_route, notified_on=delivered_at.date()
            )
            Decision.objects.filter(pk=decision.pk).update(appeal_deadline=deadline.due)
    return delivery


def appeal_lodge(
    *,
    decision: Decision,
    lodged_on: date,
    suspensive: bool,
    actor: Actor,
    now: datetime,
) -> Appeal:
    """Record an appeal against a refusal; whether it was in time is computed."""
    if decision.outcome != REFUSED:
        raise InvalidInputError(
            "the appeal was not saved",
            field_errors={"decision": ["only a refusal can be appealed"]},
        )
    if lodged_on > now.date():
        raise InvalidInputError(
            "the appeal was not saved",
            field_errors={"lodged_on": ["the date is in the future"]},
        )
    if not APPEAL.targets(Appeal.State.LODGED, role=actor.role):
        raise PermissionDeniedError("your role may not record appeals")
    with transaction.atomic():
        appeal = Appeal.objects.create(
            case=decision.case,
            decision=decision,
            lodged_on=lodged_on,
            in_time=decision.appeal_deadline is None
            or lodged_on <= decision.appeal_deadline,
            suspensive=suspensive,
        )
        CaseTransition.objects.create(
            case=decision.case,
            machine=APPEAL.name,
            subject_id=appeal.pk,
            from_state="",
            to_state=appeal.state,
            at=now,
            actor=actor.name,
            role=actor.role,
            reason=f"lodged on {lodged_on.isoformat()}",
        )
    return appeal


def appeal_transition(
    *,
    appeal: Appeal,
    target: str,
    outcome: str,
    actor: Actor,
    reason: str,
    now: datetime,
) -> Appeal:
    """
    Move an appeal; a decided appeal records its outcome.

    An allowed appeal sends a refused case back to determination, for a new
    decision with reasons.
    """
    if target == Appeal.State.DECIDED and outcome not in Appeal.Outcome.values:
        raise InvalidInputError(
            "the appeal was not updated",
            field_errors={"outcome": ["choose the outcome of the appeal"]},
        )
    with transaction.atomic():
        current = Appeal.objects.select_for_update().get(pk=appeal.pk)
        step = step_or_raise(
            APPEAL,
            current.state,
            target,
            actor=actor,
            reason=reason,
            today=now.date(),
            facts={"outcome": outcome or None},
        )
        current.state = target
        if target == Appeal.State.DECIDED:
            current.outcome = outcome
            current.decided_on = now.date()
        current.save()
        _log(current.case, step, now=now, subject_id=current.pk)
        case = current.case
        case.refresh_from_db()
        if outcome == Appeal.Outcome.ALLOWED and case.state == Case.State.REFUSED:
            case_transition(
                case=case,
                target=Case.State.DETERMINATION,
                actor=actor,
                reason=f"appeal allowed: {reason}",
                now=now,
            )
    return current


def return_record(
    *,
    case: Case,
    decision: Decision,
    route: str,
    returned_on: date,
    country: str,
    actor: Actor,
    now: datetime,
) -> Return:
    """Record the return of a person found not in need of protection."""
    problems: dict[str, list[str]] = {}
    if decision.case_id != case.pk:
        problems["decision"] = ["the decision belongs to another case"]
    elif decision.outcome != REFUSED or decision.subject != Subject.PROTECTION:
        problems["decision"] = [
            "a return needs a decision that the person is not in need of protection"
        ]
    if route not in Return.Route.values:
        problems["route"] = [f"unknown route {route!r}"]
    if len(country.strip()) != 2:
        problems["country"] = ["give a two-letter country code"]
    if problems:
        raise InvalidInputError("the return was not saved", field_errors=problems)
    with transaction.atomic():
        record = Return.objects.create(
            case=case,
            decision=decision,
            route=route,
            returned_on=returned_on,
            country=country.strip().upper(),
            recorded_at=now,
            recorded_by=actor.name,
        )
        case_transition(
            case=case,
            target=Case.State.RETURNED,
            actor=actor,
            reason=f"{route} return on {returned_on.isoformat()}",
            now=now,
        )
    return record


# No 0/O or 1/I/L: codes are read out and typed from a card.
_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12


def status_code_digest(code: str) -> str:
    """Return the keyed hash under which a status code is stored and looked up."""
    normalised = "".join(ch for ch in code.upper() if ch.isalnum())
    return hmac.new(
        settings.SECRET_KEY.encode(), f"status:{normalised}".encode(), hashlib.sha256
    ).hexdigest()


def status_code_issue(*, case: Case, actor: Actor, now: datetime) -> str:
    """
    Issue a new personal status code for the case and return it, once.

    Earlier codes of the case stop working.
    """
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(CODE_LENGTH))
    code = "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))
    with transaction.atomic():
        StatusCode.objects.filter(case=case, revoked_at__isnull=True).update(
            revoked_at=now
        )
        StatusCode.objects.create(
            case=case,
            digest=status_code_digest(code),
            issued_at=now,
            issued_by=actor.name,
        )
    return code
