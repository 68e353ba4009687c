"""
The five processes as transition tables, with the roles that may take each step.

A request has one table per kind and regime (``request_machine``), each with the
rule its silence follows (``SILENCE``), read with its citation from the kernel's
table of limits: that table is the one home of what silence means.

Roles are the staff roles of the application, as strings; ``system`` is the
application itself (the missing-person sweep). A step not listed is illegal.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from haven.engines.kernel import Citation, Regime, limit
from haven.engines.kernel.limits import REPLY, TRANSFERRING_KINDS
from haven.engines.kernel.limits import Silence as LimitSilence
from haven.engines.workflow.errors import WorkflowError
from haven.engines.workflow.states import (
    AlertState,
    AppealState,
    CaseState,
    RequestKind,
    RequestState,
    TransferState,
)
from haven.engines.workflow.transitions import (
    Context,
    Guard,
    Machine,
    Transition,
    after,
    forbids,
    requires,
    until,
)

SYSTEM = "system"
CASEWORK = frozenset(
    {"registration_clerk", "caseworker", "supervisor", "protection_specialist"}
)
DUBLIN = frozenset({"dublin_officer", "supervisor"})
CASE_ANY = CASEWORK | DUBLIN
CUSTODY = frozenset(
    {"caseworker", "supervisor", "protection_specialist", "dublin_officer"}
)
PROTECTION = frozenset({"caseworker", "supervisor", "protection_specialist"})


def _t(
    pairs: Iterable[tuple[str, str]],
    roles: frozenset[str],
    *guards: Guard,
) -> list[Transition]:
    return [Transition(s, t, roles, tuple(guards)) for s, t in pairs]


_C = CaseState
_DECISION = requires("decision_recorded", "a reasoned decision must be recorded first")
_NO_SUSPENSIVE_APPEAL = forbids(
    "appeal_pending", "an appeal against the decision is still pending"
)
_OPEN_CASE = (
    _C.REGISTERED,
    _C.SCREENED,
    _C.TRACING,
    _C.DETERMINATION,
    _C.REQUEST_SENT,
    _C.ACCEPTED,
    _C.REFUSED,
    _C.TRANSFER,
)

CASE = Machine(
    "case",
    states=CaseState,
    initial=_C.REGISTERED,
    transitions=[
        *_t([(_C.REGISTERED, _C.SCREENED)], CASEWORK),
        *_t([(_C.SCREENED, _C.TRACING)], CASEWORK),
        # Tracing and determination need not wait for screening: opening a tracing
        # request or recording a determination moves a registered case on, and a
        # step by hand needs that record behind it.
        *_t(
            [(_C.REGISTERED, _C.TRACING)],
            CASEWORK,
            requires(
                "tracing_requested", "no tracing request was opened for the person"
            ),
        ),
        *_t(
            [(_C.REGISTERED, _C.DETERMINATION)],
            CASE_ANY,
            requires(
                "responsibility_determined",
                "no responsibility determination was recorded for the person",
            ),
        ),
        *_t(
            [(_C.SCREENED, _C.DETERMINATION), (_C.TRACING, _C.DETERMINATION)], CASE_ANY
        ),
        *_t(
            [(_C.DETERMINATION, _C.REQUEST_SENT)],
            DUBLIN,
            requires("request_sent", "no take-charge or take-back request was sent"),
        ),
        *_t(
            [(_C.DETERMINATION, _C.ACCEPTED), (_C.REFUSED, _C.ACCEPTED)],
            DUBLIN,
            _DECISION,
        ),
        *_t(
            [(_C.REQUEST_SENT, _C.ACCEPTED)],
            DUBLIN,
            requires(
                "request_accepted",
                "the request was not accepted, explicitly or by silence",
            ),
        ),
        *_t(
            [(_C.DETERMINATION, _C.REFUSED), (_C.REQUEST_SENT, _C.REFUSED)],
            DUBLIN,
            _DECISION,
        ),
        # An allowed appeal or new facts reopen the determination.
        *_t([(_C.REFUSED, _C.DETERMINATION)], CASE_ANY),
        *_t(
            [(_C.REFUSED, _C.RETURNED), (_C.DETERMINATION, _C.RETURNED)],
            DUBLIN,
            requires("return_recorded", "no return decision was recorded"),
            _NO_SUSPENSIVE_APPEAL,
        ),
        *_t(
            [(_C.ACCEPTED, _C.TRANSFER)],
            CASE_ANY,
            requires("checked_out", "the person was not checked out on a manifest"),
            until("transfer_due", "the time limit for the transfer has passed"),
        ),
        *_t(
            [(_C.TRANSFER, _C.ARRIVED)],
            CASE_ANY,
            requires("checked_in", "the person was not checked in at arrival"),
        ),
        # Halting a transfer is a step with a reason, so nobody is paused unnoticed.
        *_t([(_C.TRANSFER, _C.ACCEPTED)], CASE_ANY),
        *_t([(state, _C.WITHDRAWN) for state in _OPEN_CASE], CASE_ANY),
        *_t([(state, _C.ABSCONDED) for state in _OPEN_CASE], CASE_ANY),
        *_t([(_C.ABSCONDED, _C.SCREENED)], CASE_ANY),
    ],
)

_R = RequestState
_K = RequestKind
_WAITING = (_R.SENT, _R.REPLY_DUE)
_SILENT = "the reply period has not ended"

# The state silence past the reply limit leads to, for each meaning the kernel's
# table gives that silence (docs/adr/0031): the table is the one home of what
# silence means and of the provision that says so.
_SILENCE_STATE: dict[str, str | None] = {
    LimitSilence.ACCEPTANCE: _R.DEEMED_ACCEPTED,
    LimitSilence.CONFIRMATION: _R.DEEMED_CONFIRMED,
    LimitSilence.NOTHING: None,
    # Silence on a re-examination ends the procedure: the refusal stands and the
    # requesting state stays responsible (Reg. 1560/2003 Art 5(2), *X and X*).
    LimitSilence.REQUESTING_STATE_RESPONSIBLE: _R.LAPSED,
}
_SILENCE_NOTE: dict[str, str] = {
    LimitSilence.ACCEPTANCE: "no reply by the end of the period is acceptance",
    LimitSilence.CONFIRMATION: "failure to act within the period is confirmation "
    "of receipt",
    LimitSilence.NOTHING: "silence is no answer and no acceptance: only an "
    "explicit reply binds",
    LimitSilence.REQUESTING_STATE_RESPONSIBLE: "no reply in time ends the "
    "procedure: the requesting state stays responsible",
}


@dataclass(frozen=True, slots=True)
class Silence:
    """
    What the requested state's silence past the reply limit means for a request.

    ``outcome`` is the state silence leads to, or None when silence changes
    nothing (the request stays awaiting a reply, and the limit shows as missed).
    Derived from the kernel's row of the reply limit, never typed here.
    """

    outcome: str | None
    citation: Citation
    note: str
    unverified: bool = False


def _follows(regime: Regime) -> Regime:
    # UK s.67 transfers from France went through Dublin III requests: their
    # tables, and what silence means, are Dublin III's.
    return Regime.DUBLIN3 if regime == Regime.DUBS else regime


def _silence(kind: str, regime: Regime) -> Silence:
    row = limit(_follows(regime), kind, REPLY)
    return Silence(
        outcome=_SILENCE_STATE[row.silence],
        citation=row.citation if row.silence_citation is None else row.silence_citation,
        note=_SILENCE_NOTE[row.silence],
        unverified=row.unverified,
    )


SILENCE: dict[tuple[str, str], Silence] = {
    (kind, regime): _silence(kind, regime) for kind in _K for regime in Regime
}


def _late_refusal(kind: str, regime: Regime) -> tuple[Guard, ...]:
    """
    Return the guard that keeps a refusal after silence became acceptance out.

    Once the reply limit passed in silence, the request was accepted (or its
    receipt confirmed) on that day; a refusal sent later cannot undo it.
    """
    silence = SILENCE[(kind, regime)]
    if silence.outcome not in (_R.DEEMED_ACCEPTED, _R.DEEMED_CONFIRMED):
        return ()
    counted = "acceptance" if silence.outcome == _R.DEEMED_ACCEPTED else "confirmation"
    article = str(silence.citation).replace(f"{_follows(regime).label} ", "")

    def guard(context: Context) -> str | None:
        day = context.date_fact("reply_due")
        if day is None or context.today <= day:
            return None
        return (
            f"the reply limit passed on {day.isoformat()}: silence already counted "
            f"as {counted} ({article})"
        )

    guard.__name__ = "until_reply_due"
    return (guard,)


def _uam_exception(kind: str, regime: Regime) -> tuple[Guard, ...]:
    # AMMR Art 39(1) fourth subparagraph: for an unaccompanied minor the
    # determining state may request a take charge "notwithstanding the expiry of
    # the time limits", at any time before a first decision on the substance, in
    # the child's best interests. The app supplies the fact ``unaccompanied_minor``.
    if (kind, regime) != (_K.TAKE_CHARGE, Regime.AMMR):
        return ()
    return (
        forbids(
            "unaccompanied_minor",
            "the applicant is an unaccompanied minor: the request may still be "
            "made after the time limit, before a first decision on the substance "
            "(AMMR Art 39(1))",
        ),
    )


def _request_transitions(kind: str, regime: Regime) -> list[Transition]:
    silence = SILENCE[(kind, regime)]
    in_time = (
        (until("request_due", "the time to ask for a re-examination has passed"),)
        if kind == _K.RE_EXAMINATION
        else ()
    )
    steps = [
        *_t([(_R.DRAFTED, _R.SENT)], DUBLIN, *in_time),
        # A draft can be withdrawn, with the reason the step always carries. A sent
        # request cannot: no provision lets a requesting state take it back.
        *_t([(_R.DRAFTED, _R.WITHDRAWN)], DUBLIN),
        *_t([(_R.SENT, _R.REPLY_DUE)], DUBLIN),
    ]
    if silence.outcome is not None:
        steps += _t(
            [(s, silence.outcome) for s in _WAITING],
            DUBLIN | {SYSTEM},
            after("reply_due", _SILENT),
        )
    if kind == _K.INFORMATION:
        return [*steps, *_t([(s, _R.ANSWERED) for s in _WAITING], DUBLIN)]
    agreed = (
        (_R.CONFIRMED, _R.DEEMED_CONFIRMED)
        if (kind, regime) == (_K.TAKE_BACK, Regime.AMMR)
        else (_R.ACCEPTED, _R.DEEMED_ACCEPTED)
    )
    steps += _t([(s, agreed[0]) for s in _WAITING], DUBLIN)
    steps += _t(
        [(s, _R.REFUSED) for s in _WAITING], DUBLIN, *_late_refusal(kind, regime)
    )
    if kind not in TRANSFERRING_KINDS:
        # Art 17(2) asks another state to take a person on humanitarian grounds;
        # haven records the answer and no transfer follows from the request.
        return steps
    # A late request leaves the requesting state responsible (Dublin III Arts
    # 21(1), 23(3); AMMR Art 39(1)). Not so a late AMMR take-back notification:
    # it "shall not affect the obligation" to take back (AMMR Art 41(1)).
    if kind in (_K.TAKE_CHARGE, _K.TAKE_BACK) and (kind, regime) != (
        _K.TAKE_BACK,
        Regime.AMMR,
    ):
        steps += _t(
            [(_R.DRAFTED, _R.EXPIRED)],
            DUBLIN | {SYSTEM},
            after("request_due", "the time limit for the request has not passed"),
            *_uam_exception(kind, regime),
        )
    steps += _t([(s, _R.TRANSFER_DUE) for s in agreed], CASE_ANY)
    steps += _t(
        [(_R.TRANSFER_DUE, _R.TRANSFERRED)],
        CASE_ANY,
        requires("arrived", "the person has not arrived"),
    )
    steps += _t(
        [(s, _R.EXPIRED) for s in (*agreed, _R.TRANSFER_DUE)],
        DUBLIN | {SYSTEM},
        after("transfer_due", "the time limit for the transfer has not passed"),
    )
    return steps


REQUEST_MACHINES: dict[tuple[str, str], Machine] = {
    (kind, regime): Machine(
        "request",
        states=RequestState,
        initial=_R.DRAFTED,
        transitions=_request_transitions(kind, regime),
    )
    for kind in _K
    for regime in Regime
}


def request_machine(kind: str, regime: str) -> Machine:
    """
    Return the state table of a request of ``kind`` under ``regime``.

    >>> machine = request_machine("take_back", "ammr")
    >>> sorted(str(t) for t in machine.targets("sent", role="dublin_officer"))
    ['confirmed', 'deemed_confirmed', 'refused', 'reply_due']
    """
    machine = REQUEST_MACHINES.get((str(kind), str(regime)))
    if machine is None:
        raise WorkflowError(
            f"no request of kind {kind!r} under {regime!r}", code="unknown_kind"
        )
    return machine


def request_silence(kind: str, regime: str) -> Silence:
    """Return what silence past the reply limit means for ``kind`` under ``regime``."""
    request_machine(kind, regime)
    return SILENCE[(str(kind), str(regime))]


def request_leads_to_transfer(kind: str, regime: str) -> bool:
    """
    Return whether an accepted request of this kind is followed by a transfer.

    The kernel's ``TRANSFERRING_KINDS`` is the one list; ``regime`` is checked.
    """
    request_machine(kind, regime)
    return str(kind) in TRANSFERRING_KINDS


_A = AppealState
_OUTCOME = requires("outcome", "the outcome of the appeal is not given")

APPEAL = Machine(
    "appeal",
    states=AppealState,
    initial=_A.LODGED,
    transitions=[
        *_t([(_A.LODGED, _A.PENDING)], CASE_ANY),
        *_t([(_A.LODGED, _A.DECIDED), (_A.PENDING, _A.DECIDED)], CASE_ANY, _OUTCOME),
    ],
)

_T = TransferState

TRANSFER = Machine(
    "transfer",
    states=TransferState,
    initial=_T.PLANNED,
    transitions=[
        *_t([(_T.PLANNED, _T.CHECKED_OUT)], CUSTODY),
        *_t([(_T.CHECKED_OUT, _T.IN_TRANSIT)], CUSTODY),
        *_t([(_T.CHECKED_OUT, _T.CHECKED_IN), (_T.IN_TRANSIT, _T.CHECKED_IN)], CUSTODY),
        # Staff report a disappearance at any time; the sweep (role "system") once
        # the time set for the check-in has passed without one.
        *_t(
            [(_T.PLANNED, _T.MISSING), (_T.CHECKED_OUT, _T.MISSING)],
            CUSTODY | {SYSTEM},
        ),
        *_t([(_T.IN_TRANSIT, _T.MISSING)], CUSTODY | {SYSTEM}),
        *_t([(_T.MISSING, _T.CHECKED_IN)], CUSTODY),
    ],
)

_L = AlertState
_OPEN_ALERT = (_L.OPEN, _L.POLICE_NOTIFIED, _L.TRAFFICKING_REFERRED)

ALERT = Machine(
    "alert",
    states=AlertState,
    initial=_L.OPEN,
    transitions=[
        *_t([(_L.OPEN, _L.POLICE_NOTIFIED)], PROTECTION),
        *_t(
            [
                (_L.OPEN, _L.TRAFFICKING_REFERRED),
                (_L.POLICE_NOTIFIED, _L.TRAFFICKING_REFERRED),
            ],
            PROTECTION,
        ),
        *_t([(s, _L.FOUND) for s in _OPEN_ALERT], PROTECTION),
        *_t([(s, _L.CLOSED) for s in (*_OPEN_ALERT, _L.FOUND)], PROTECTION),
    ],
)

MACHINES: dict[str, Machine] = {m.name: m for m in (CASE, APPEAL, TRANSFER, ALERT)}
