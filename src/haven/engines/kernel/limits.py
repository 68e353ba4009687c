"""
The one table of the time limits of Dublin III and AMMR requests and transfers.

Each row is one limit of one kind of request under one regime: the event it runs
from, its period, the provision that sets it, whether that provision is confirmed,
and what its passing means. The responsibility and workflow engines read their
periods and citations here and nowhere else (docs/adr/0031).

>>> rule = limit(Regime.DUBLIN3, TAKE_BACK, REQUEST, EURODAC_HIT)
>>> str(rule.citation), rule.months
('Dublin III Art 23(2) first subparagraph', 2)
>>> due(rule, date(2016, 10, 5)).due
datetime.date(2016, 12, 5)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from haven.engines.kernel.citation import Citation
from haven.engines.kernel.dates import period_end
from haven.engines.kernel.deadline import Deadline
from haven.engines.kernel.errors import EngineError
from haven.engines.kernel.regime import Regime

# The kinds of request, as the apps store them.
TAKE_CHARGE = "take_charge"
TAKE_BACK = "take_back"
INFORMATION = "information"
HUMANITARIAN = "humanitarian"
RE_EXAMINATION = "re_examination"
REQUEST_KINDS: tuple[str, ...] = (
    TAKE_CHARGE,
    TAKE_BACK,
    INFORMATION,
    HUMANITARIAN,
    RE_EXAMINATION,
)
# The limits that follow an acceptance, shared by take charge and take back.
TRANSFER_KIND = "transfer"
# Kinds whose acceptance leads to a transfer: the one list, read by both engines
# and the apps. A requested state that accepts on re-examination becomes
# responsible, and the transfer follows. Information requests (Dublin III Art 34,
# AMMR Art 51) and Art 17(2) humanitarian requests never lead to one.
TRANSFERRING_KINDS: tuple[str, ...] = (TAKE_CHARGE, TAKE_BACK, RE_EXAMINATION)

# Steps: which act a limit is for.
REQUEST = "request"
REPLY = "reply"
TRANSFER = "transfer"
TRANSFER_DECISION = "transfer_decision"

# Conditions under which a limit replaces or joins the ordinary one.
EURODAC_HIT = "eurodac_hit"
NO_EURODAC_HIT = "no_eurodac_hit"
URGENT = "urgent"
NO_NEW_APPLICATION = "no_new_application"
IMPRISONMENT = "imprisonment"
ABSCONDING = "absconding"
TRANSFER_EXTENSIONS: tuple[str, ...] = (IMPRISONMENT, ABSCONDING)


class Silence(StrEnum):
    """What the passing of a limit means when nobody acted in time."""

    ACCEPTANCE = "acceptance"
    CONFIRMATION = "confirmation"
    NOTHING = "nothing"
    REQUESTING_STATE_RESPONSIBLE = "requesting_state_responsible"
    NEW_APPLICATION = "new_application"
    REFUSAL_STANDS = "refusal_stands"


class Event(StrEnum):
    """The event a limit runs from."""

    LODGING = "lodging"
    EURODAC_HIT = "eurodac_hit"
    RECEIPT = "receipt"
    REFUSAL = "refusal"
    ACCEPTANCE = "acceptance"


@dataclass(frozen=True, slots=True)
class LimitRule:
    """
    One time limit: whose step, from which event, how long, under which provision.

    ``silence_citation`` is the provision that gives the passing its effect, such
    as Dublin III Art 22(7) for acceptance by silence; ``unverified`` is set when
    the period or its provision could not be confirmed in the text.
    """

    regime: Regime
    kind: str
    step: str
    runs_from: Event
    citation: Citation
    silence: Silence
    months: int = 0
    weeks: int = 0
    days: int = 0
    condition: str | None = None
    silence_citation: Citation | None = None
    unverified: bool = False

    @property
    def name(self) -> str:
        """The deadline's name, such as ``take_back_request``."""
        return f"{self.kind}_{self.step}"

    @property
    def period(self) -> str:
        """The period as a caseworker reads it, such as ``2 months``."""
        parts = []
        for amount, unit in (
            (self.months, "month"),
            (self.weeks, "week"),
            (self.days, "day"),
        ):
            if amount:
                parts.append(f"{amount} {unit}{'s' if amount != 1 else ''}")
        return ", ".join(parts)

    def to_json(self) -> dict[str, object]:
        """Return the row as a plain dict."""
        return {
            "regime": self.regime.value,
            "kind": self.kind,
            "step": self.step,
            "condition": self.condition,
            "runs_from": self.runs_from.value,
            "period": self.period,
            "rule": str(self.citation),
            "silence": self.silence.value,
            "silence_rule": None
            if self.silence_citation is None
            else str(self.silence_citation),
            "unverified": self.unverified,
        }


D3 = "604/2013"
AMMR = "2024/1351"
IMPLEMENTING = "1560/2003"
IMPLEMENTING_AMMR = "2025/2055"

_D3_TAKE_CHARGE_LATE = Citation(D3, 21, 1, subparagraph=3)
_D3_TACIT = Citation(D3, 22, 7)
_D3_TAKE_BACK_LATE = Citation(D3, 23, 3)
_D3_TAKE_BACK_TACIT = Citation(D3, 25, 2)
_D3_TRANSFER_EXPIRY = Citation(D3, 29, 2)
_D3_TRANSFER_EXTENSION = Citation(D3, 29, 2)
_AMMR_TAKE_CHARGE = Citation(AMMR, 39, 1)
_AMMR_TACIT = Citation(AMMR, 40)
_AMMR_TAKE_BACK = Citation(AMMR, 41, 1)
_AMMR_TRANSFER_EXPIRY = Citation(AMMR, 37, 1)
_AMMR_TRANSFER_EXTENSION = Citation(AMMR, 46, 2)
_D3_RE_EXAMINATION = Citation(IMPLEMENTING, 5, 2)
_AMMR_RE_EXAMINATION = Citation(IMPLEMENTING_AMMR, "re-examination provision", unit="")

_REQUESTING = Silence.REQUESTING_STATE_RESPONSIBLE
_D3 = Regime.DUBLIN3
_AM = Regime.AMMR

# fmt: off
LIMITS: tuple[LimitRule, ...] = (
    # Dublin III, take charge: Arts 21 and 22.
    LimitRule(_D3, TAKE_CHARGE, REQUEST, Event.LODGING, Citation(D3, 21, 1),
              _REQUESTING, months=3, silence_citation=_D3_TAKE_CHARGE_LATE),
    LimitRule(_D3, TAKE_CHARGE, REQUEST, Event.EURODAC_HIT,
              Citation(D3, 21, 1, subparagraph=2), _REQUESTING, months=2,
              condition=EURODAC_HIT, silence_citation=_D3_TAKE_CHARGE_LATE),
    LimitRule(_D3, TAKE_CHARGE, REPLY, Event.RECEIPT, Citation(D3, 22, 1),
              Silence.ACCEPTANCE, months=2, silence_citation=_D3_TACIT),
    LimitRule(_D3, TAKE_CHARGE, REPLY, Event.RECEIPT, Citation(D3, 22, 6),
              Silence.ACCEPTANCE, months=1, condition=URGENT,
              silence_citation=_D3_TACIT, unverified=True),
    # Dublin III, take back: Arts 23 to 25. Art 23(2) holds both request limits.
    LimitRule(_D3, TAKE_BACK, REQUEST, Event.LODGING,
              Citation(D3, 23, 2, subparagraph=2), _REQUESTING, months=3,
              silence_citation=_D3_TAKE_BACK_LATE),
    LimitRule(_D3, TAKE_BACK, REQUEST, Event.EURODAC_HIT,
              Citation(D3, 23, 2, subparagraph=1), _REQUESTING, months=2,
              condition=EURODAC_HIT, silence_citation=_D3_TAKE_BACK_LATE),
    LimitRule(_D3, TAKE_BACK, REQUEST, Event.EURODAC_HIT, Citation(D3, 24, 2),
              Silence.NEW_APPLICATION, months=2, condition=NO_NEW_APPLICATION,
              silence_citation=Citation(D3, 24, 3)),
    LimitRule(_D3, TAKE_BACK, REPLY, Event.RECEIPT, Citation(D3, 25, 1),
              Silence.ACCEPTANCE, months=1, silence_citation=_D3_TAKE_BACK_TACIT),
    LimitRule(_D3, TAKE_BACK, REPLY, Event.RECEIPT, Citation(D3, 25, 1),
              Silence.ACCEPTANCE, weeks=2, condition=EURODAC_HIT,
              silence_citation=_D3_TAKE_BACK_TACIT),
    # Dublin III, information (Art 34) and humanitarian (Art 17(2)) requests.
    LimitRule(_D3, INFORMATION, REPLY, Event.RECEIPT, Citation(D3, 34, 5),
              Silence.NOTHING, weeks=5, unverified=True),
    LimitRule(_D3, HUMANITARIAN, REPLY, Event.RECEIPT, Citation(D3, 17, 2),
              Silence.NOTHING, months=2, unverified=True),
    # Dublin III, re-examination of a refusal: Reg. 1560/2003 Art 5(2).
    LimitRule(_D3, RE_EXAMINATION, REQUEST, Event.REFUSAL, _D3_RE_EXAMINATION,
              Silence.REFUSAL_STANDS, weeks=3),
    LimitRule(_D3, RE_EXAMINATION, REPLY, Event.RECEIPT,
              Citation(IMPLEMENTING, 5, 2, reading="C-47/17 X and X"), _REQUESTING,
              weeks=2, silence_citation=_D3_RE_EXAMINATION),
    # Dublin III, the transfer: Art 29.
    LimitRule(_D3, TRANSFER_KIND, TRANSFER, Event.ACCEPTANCE, Citation(D3, 29, 1),
              _REQUESTING, months=6, silence_citation=_D3_TRANSFER_EXPIRY),
    LimitRule(_D3, TRANSFER_KIND, TRANSFER, Event.ACCEPTANCE,
              _D3_TRANSFER_EXTENSION, _REQUESTING, months=12,
              condition=IMPRISONMENT, silence_citation=_D3_TRANSFER_EXPIRY),
    LimitRule(_D3, TRANSFER_KIND, TRANSFER, Event.ACCEPTANCE,
              _D3_TRANSFER_EXTENSION, _REQUESTING, months=18,
              condition=ABSCONDING, silence_citation=_D3_TRANSFER_EXPIRY),
    # AMMR, take charge: Arts 39 and 40.
    LimitRule(_AM, TAKE_CHARGE, REQUEST, Event.LODGING, _AMMR_TAKE_CHARGE,
              _REQUESTING, months=2, silence_citation=_AMMR_TAKE_CHARGE),
    LimitRule(_AM, TAKE_CHARGE, REQUEST, Event.EURODAC_HIT, _AMMR_TAKE_CHARGE,
              _REQUESTING, months=1, condition=EURODAC_HIT,
              silence_citation=_AMMR_TAKE_CHARGE),
    LimitRule(_AM, TAKE_CHARGE, REPLY, Event.RECEIPT, Citation(AMMR, 40, 1),
              Silence.ACCEPTANCE, months=1, silence_citation=_AMMR_TACIT),
    LimitRule(_AM, TAKE_CHARGE, REPLY, Event.RECEIPT, Citation(AMMR, 40, 2),
              Silence.ACCEPTANCE, weeks=2, condition=EURODAC_HIT,
              silence_citation=_AMMR_TACIT),
    # AMMR, take-back notification: Art 41. A late notification does not affect
    # the obligation (41(1)); silence on it is confirmation of receipt (41(4)).
    LimitRule(_AM, TAKE_BACK, REQUEST, Event.EURODAC_HIT, _AMMR_TAKE_BACK,
              Silence.NOTHING, weeks=2, silence_citation=_AMMR_TAKE_BACK),
    LimitRule(_AM, TAKE_BACK, REQUEST, Event.LODGING,
              Citation(AMMR, 41, 1, reading="haven's fallback without a Eurodac hit"),
              Silence.NOTHING, weeks=2, condition=NO_EURODAC_HIT, unverified=True),
    LimitRule(_AM, TAKE_BACK, REPLY, Event.RECEIPT, Citation(AMMR, 41, 3),
              Silence.CONFIRMATION, weeks=2, silence_citation=Citation(AMMR, 41, 4)),
    # AMMR, information (Art 51) and humanitarian (Art 35(2)) requests.
    LimitRule(_AM, INFORMATION, REPLY, Event.RECEIPT, Citation(AMMR, 51),
              Silence.NOTHING, weeks=5, unverified=True),
    LimitRule(_AM, HUMANITARIAN, REPLY, Event.RECEIPT, Citation(AMMR, 35, 2),
              Silence.NOTHING, months=2),
    # AMMR, re-examination: Implementing Reg. 2025/2055, not confirmed.
    LimitRule(_AM, RE_EXAMINATION, REQUEST, Event.REFUSAL, _AMMR_RE_EXAMINATION,
              Silence.REFUSAL_STANDS, weeks=3, unverified=True),
    LimitRule(_AM, RE_EXAMINATION, REPLY, Event.RECEIPT, _AMMR_RE_EXAMINATION,
              _REQUESTING, weeks=2, unverified=True),
    # AMMR, the transfer decision (Art 42(1)) and the transfer (Art 46).
    LimitRule(_AM, TRANSFER_KIND, TRANSFER_DECISION, Event.ACCEPTANCE,
              Citation(AMMR, 42, 1), Silence.NOTHING, weeks=2),
    LimitRule(_AM, TRANSFER_KIND, TRANSFER, Event.ACCEPTANCE, Citation(AMMR, 46, 1),
              _REQUESTING, months=6, silence_citation=_AMMR_TRANSFER_EXPIRY),
    LimitRule(_AM, TRANSFER_KIND, TRANSFER, Event.ACCEPTANCE,
              _AMMR_TRANSFER_EXTENSION, _REQUESTING, months=12,
              condition=IMPRISONMENT, silence_citation=_AMMR_TRANSFER_EXPIRY,
              unverified=True),
    LimitRule(_AM, TRANSFER_KIND, TRANSFER, Event.ACCEPTANCE,
              _AMMR_TRANSFER_EXTENSION, _REQUESTING, months=36,
              condition=ABSCONDING, silence_citation=_AMMR_TRANSFER_EXPIRY,
              unverified=True),
)
# fmt: on

_BY_KEY: dict[tuple[str, str, str, str | None], LimitRule] = {
    (rule.regime, rule.kind, rule.step, rule.condition): rule for rule in LIMITS
}


class UnknownLimitError(EngineError):
    """Raised when no row of the table matches; the message names the row asked."""

    code = "unknown_limit"


def limit(regime: str, kind: str, step: str, condition: str | None = None) -> LimitRule:
    """
    Return the row for ``kind``'s ``step`` under ``regime`` and ``condition``.

    >>> limit("ammr", TAKE_CHARGE, REPLY).months
    1
    """
    found = _BY_KEY.get((regime, kind, step, condition))
    if found is None:
        what = f"{kind} {step}" + ("" if condition is None else f" ({condition})")
        raise UnknownLimitError(f"no time limit for a {what} under {regime!r}")
    return found


def limits_for(kind: str, regime: str) -> tuple[LimitRule, ...]:
    """
    Return every limit a request of ``kind`` can have under ``regime``, in order.

    Kinds that lead to a transfer (``TRANSFERRING_KINDS``) also carry the limits
    of the transfer that follows their acceptance. Under UK s.67 no request has a
    limit: the result is empty.

    >>> [rule.name for rule in limits_for(HUMANITARIAN, "ammr")]
    ['humanitarian_reply']
    """
    kinds = (kind, TRANSFER_KIND) if kind in TRANSFERRING_KINDS else (kind,)
    return tuple(
        rule for rule in LIMITS if rule.regime == regime and rule.kind in kinds
    )


def due(rule: LimitRule, runs_from: date, *, name: str | None = None) -> Deadline:
    """
    Return the deadline ``rule`` sets for an event on ``runs_from``.

    Counted under Reg. 1182/71 Art 3 (``period_end``): the event's day is not
    counted, and an end on a weekend rolls to the next working day.
    """
    end, rolled = period_end(
        runs_from, months=rule.months, weeks=rule.weeks, days=rule.days
    )
    return Deadline(
        name=rule.name if name is None else name,
        due=end,
        citation=rule.citation,
        runs_from=runs_from,
        rolled_forward=rolled,
        unverified=rule.unverified,
    )
