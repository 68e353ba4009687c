"""
The five processes as transition tables, with the roles that may take each step.

A request has one table per kind and regime (``request_machine``), each with the
rule its silence follows (``SILENCE``), cited.

Roles are the staff roles of the application, as strings; ``system`` is the
application itself (the missing-person sweep). A step not listed is illegal.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from haven.engines.kernel import Citation
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
_D3 = "604/2013"
_AMMR = "2024/1351"
_IMPLEMENTING = "1560/2003"


@dataclass(frozen=True, slots=True)
class Silence:
    """
    What the requested state's silence past the reply limit means for a request.

    ``outcome`` is the state silence leads to, or None when silence changes
    nothing (the request stays awaiting a reply, and the limit shows as missed).
    """

    outcome: str | None
    citation: Citation
    note: str
    unverified: bool = False


def _silence_table() -> dict[tuple[str, str], Silence]:
    d3 = {
        _K.TAKE_CHARGE: Silence(
            _R.DEEMED_ACCEPTED,
            Citation(_D3, 22, 7),
            "no reply by the end of the period is acceptance",
        ),
        _K.TAKE_BACK: Silence(
            _R.DEEMED_ACCEPTED,
            Citation(_D3, 25, 2),
            "no reply by the end of the period is acceptance",
        ),
        _K.INFORMATION: Silence(
            None,
            Citation(_D3, 34, 5),
            "the requested state must reply; silence is no answer and no acceptance",
        ),
        _K.HUMANITARIAN: Silence(
            None,
            Citation(_D3, 17, 2),
            "silence is not acceptance: only an explicit acceptance binds",
        ),
        _K.RE_EXAMINATION: Silence(
            _R.LAPSED,
            Citation(_IMPLEMENTING, 5, 2, reading="C-47/17 X and X"),
            "no reply in time ends the procedure: the requesting state stays "
            "responsible",
        ),
    }
    ammr = {
        _K.TAKE_CHARGE: Silence(
            _R.DEEMED_ACCEPTED,
            Citation(_AMMR, 40),
            "failure to act within the period is acceptance",
        ),
        # A take-back under the AMMR is a notification: the notified state confirms
        # its receipt, or shows within two weeks that it is not responsible
        # (Art 41(3)); failure to act is confirmation (Art 41(4)).
        _K.TAKE_BACK: Silence(
            _R.DEEMED_CONFIRMED,
            Citation(_AMMR, 41, 4),
            "failure to act within two weeks is confirmation of receipt",
        ),
        _K.INFORMATION: Silence(
            None,
            Citation(_AMMR, 50),
            "silence is no answer and no acceptance",
            unverified=True,
        ),
        _K.HUMANITARIAN: Silence(
            None,
            Citation(_AMMR, 35, 2),
            "silence is not acceptance: only an explicit acceptance binds",
            unverified=True,
        ),
        # The AMMR's implementing rules on re-examination are named in the spec
        # as Implementing Reg. 2025/2055; the text could not be checked.
        _K.RE_EXAMINATION: Silence(
            _R.LAPSED,
            Citation("2025/2055", 5, 2),
            "no reply in time ends the procedure: the requesting state stays "
            "responsible",
            unverified=True,
        ),
    }
    table: dict[tuple[str, str], Silence] = {}
    for kind in _K:
        table[(kind, "dublin3")] = d3[kind]
        table[(kind, "ammr")] = ammr[kind]
        # UK s.67 transfers from France went through Dublin III requests.
        table[(kind, "dubs")] = d3[kind]
    return table


SILENCE: dict[tuple[str, str], Silence] = _silence_table()


def _request_transitions(kind: str, regime: str) -> list[Transition]:
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
        if (kind, regime) == (_K.TAKE_BACK, "ammr")
        else (_R.ACCEPTED, _R.DEEMED_ACCEPTED)
    )
    steps += _t([(s, agreed[0]) for s in _WAITING], DUBLIN)
    steps += _t([(s, _R.REFUSED) for s in _WAITING], DUBLIN)
    if kind == _K.HUMANITARIAN:
        # Art 17(2) asks another state to take a person on humanitarian grounds;
        # haven records the answer and no transfer follows from the request.
        return steps
    if kind in (_K.TAKE_CHARGE, _K.TAKE_BACK):
        steps += _t(
            [(_R.DRAFTED, _R.EXPIRED)],
            DUBLIN | {SYSTEM},
            after("request_due", "the time limit for the request has not passed"),
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
    for regime in ("dublin3", "ammr", "dubs")
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
    """Return whether an accepted request of this kind is followed by a transfer."""
    return RequestState.TRANSFER_DUE in {
        t.target for t in request_machine(kind, regime).transitions
    }


# The take-charge request under Dublin III, the table the other kinds vary.
REQUEST = REQUEST_MACHINES[(_K.TAKE_CHARGE, "dublin3")]

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

MACHINES: dict[str, Machine] = {
    m.name: m for m in (CASE, REQUEST, APPEAL, TRANSFER, ALERT)
}
