"""
The five processes as transition tables, with the roles that may take each step.

Roles are the staff roles of the application, as strings; ``system`` is the
application itself (the missing-person sweep). A step not listed is illegal.
"""

from __future__ import annotations

from collections.abc import Iterable

from haven.engines.workflow.states import (
    AlertState,
    AppealState,
    CaseState,
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
_REPLY_WAITING = (_R.SENT, _R.REPLY_DUE)
_ACCEPTED = (_R.ACCEPTED, _R.DEEMED_ACCEPTED)

REQUEST = Machine(
    "request",
    states=RequestState,
    initial=_R.DRAFTED,
    transitions=[
        *_t([(_R.DRAFTED, _R.SENT)], DUBLIN),
        *_t([(_R.SENT, _R.REPLY_DUE)], DUBLIN),
        *_t([(s, _R.ACCEPTED) for s in _REPLY_WAITING], DUBLIN),
        *_t([(s, _R.REFUSED) for s in _REPLY_WAITING], DUBLIN, _DECISION),
        # AMMR-TRANSITION: Dublin III Art 22(7) and 25(2); AMMR Arts 40 and 41(4).
        *_t(
            [(s, _R.DEEMED_ACCEPTED) for s in _REPLY_WAITING],
            DUBLIN | {SYSTEM},
            after("reply_due", "the reply period has not ended"),
        ),
        *_t(
            [(_R.REFUSED, _R.RE_EXAMINATION)],
            DUBLIN,
            until(
                "re_examination_request_due",
                "the time to ask for a re-examination has passed",
            ),
        ),
        *_t([(_R.RE_EXAMINATION, _R.ACCEPTED)], DUBLIN),
        *_t([(_R.RE_EXAMINATION, _R.REFUSED)], DUBLIN, _DECISION),
        *_t(
            [(_R.RE_EXAMINATION, _R.EXPIRED)],
            DUBLIN | {SYSTEM},
            after("re_examination_reply_due", "the re-examination reply is not late"),
        ),
        *_t([(s, _R.TRANSFER_DUE) for s in _ACCEPTED], CASE_ANY),
        *_t(
            [(_R.TRANSFER_DUE, _R.TRANSFERRED)],
            CASE_ANY,
            requires("arrived", "the person has not arrived"),
        ),
        *_t(
            [(s, _R.EXPIRED) for s in (*_ACCEPTED, _R.TRANSFER_DUE)],
            DUBLIN | {SYSTEM},
            after("transfer_due", "the time limit for the transfer has not passed"),
        ),
        *_t(
            [(_R.DRAFTED, _R.EXPIRED)],
            DUBLIN | {SYSTEM},
            after("request_due", "the time limit for the request has not passed"),
        ),
    ],
)

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
