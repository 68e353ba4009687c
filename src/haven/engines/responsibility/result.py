"""The value a determination returns, and its plain-dict form."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from haven.engines.kernel import Citation, Deadline, Reason


@dataclass(frozen=True, slots=True)
class Flag:
    """Something a caseworker must see: an UNVERIFIED rule used, or a review need."""

    code: str
    message: str
    rule: Citation | None = None

    def to_json(self) -> dict[str, object]:
        """Return the flag as a plain dict."""
        return {
            "code": self.code,
            "message": self.message,
            "rule": None if self.rule is None else str(self.rule),
        }


@dataclass(frozen=True, slots=True)
class CriterionResult:
    """One s.67 criterion: its key, wording, result (``None`` when unknown)."""

    key: str
    text: str
    met: bool | None
    facts: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        """Return the criterion result as a plain dict."""
        return {
            "key": self.key,
            "text": self.text,
            "met": self.met,
            "facts": list(self.facts),
        }


@dataclass(frozen=True, slots=True)
class Limit:
    """
    One time limit the procedure set, with its condition and whether it was kept.

    ``status`` is ``met`` or ``missed`` when the facts record the act (or its
    absence past the day), ``open`` while the day has not passed, ``elapsed`` when
    the day has passed and the facts do not say whether it was kept,
    ``not_applicable`` for an extended limit whose condition is not met, and
    ``superseded`` for the normal transfer limit once an extension applies.
    """

    name: str
    due: date
    rule: Citation
    runs_from: date
    condition: str
    status: str
    act: str | None = None
    unverified: bool = False

    def to_json(self) -> dict[str, object]:
        """Return the limit as a plain dict with ISO dates."""
        return {
            "name": self.name,
            "date": self.due.isoformat(),
            "rule": str(self.rule),
            "runs_from": self.runs_from.isoformat(),
            "condition": self.condition,
            "status": self.status,
            "act": self.act,
            "unverified": self.unverified,
        }


@dataclass(frozen=True, slots=True)
class Acceptance:
    """
    A requested state's acceptance, express or by silence, and the criteria beside it.

    An acceptance binds the accepting state (Dublin III Arts 18(1), 22(7), 25(2);
    AMMR Arts 36, 40, 41(4)). ``criteria_state`` is haven's own reading of the
    criteria (``None`` when they could not be applied); when it differs from
    ``state`` the determination carries a review flag.
    """

    state: str
    request: str
    date: date
    rule: Citation
    tacit: bool
    criteria_state: str | None = None
    criteria_article: Citation | None = None

    @property
    def overrides_criteria(self) -> bool:
        """Return whether the acceptance decides against (or without) the criteria."""
        return self.criteria_state != self.state

    def to_json(self) -> dict[str, object]:
        """Return the acceptance as a plain dict."""
        return {
            "state": self.state,
            "request": self.request,
            "date": self.date.isoformat(),
            "article": str(self.rule),
            "tacit": self.tacit,
            "overrides_criteria": self.overrides_criteria,
            "criteria_state": self.criteria_state,
            "criteria_article": None
            if self.criteria_article is None
            else str(self.criteria_article),
        }


@dataclass(frozen=True, slots=True)
class Determination:
    """The state responsible (or s.67 eligibility), with every reason and deadline."""

    regime: str
    determination_date: date
    responsible_state: str | None
    article: Citation | None
    reasons: tuple[Reason, ...]
    deadlines: dict[str, Deadline]
    flags: tuple[Flag, ...]
    needs_information: tuple[str, ...] = ()
    eligible: bool | None = None
    criteria: tuple[CriterionResult, ...] = ()
    criteria_version: str | None = None
    case_id: str | None = None
    limits: tuple[Limit, ...] = ()
    acceptance: Acceptance | None = None

    @property
    def needs_human_review(self) -> bool:
        """Return whether any flag asks for a human to review the outcome."""
        return any(flag.code == "human_review" for flag in self.flags)

    def to_json(self) -> dict[str, Any]:
        """Return the determination as a plain, JSON-serialisable dict."""
        data: dict[str, Any] = {
            "case_id": self.case_id,
            "regime": self.regime,
            "determination_date": self.determination_date.isoformat(),
            "responsible_state": self.responsible_state,
            "article": None if self.article is None else str(self.article),
            "needs_information": list(self.needs_information),
            "reasons": [reason.to_json() for reason in self.reasons],
            "deadlines": {
                name: item.to_json() for name, item in self.deadlines.items()
            },
            "flags": [flag.to_json() for flag in self.flags],
            "limits": [item.to_json() for item in self.limits],
            "acceptance": None
            if self.acceptance is None
            else self.acceptance.to_json(),
        }
        if self.regime == "dubs":
            data["eligible"] = self.eligible
            data["criteria_version"] = self.criteria_version
            data["criteria"] = [item.to_json() for item in self.criteria]
        return data

    def explain(self) -> str:
        """Return the determination as readable text, one reason a line."""
        from haven.engines.responsibility.explanation import explain

        return explain(self)
