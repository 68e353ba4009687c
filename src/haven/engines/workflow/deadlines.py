"""
The time limits of the processes, computed from their events with the kernel's
date arithmetic (Reg. 1182/71 convention, docs/adr/0006).

The periods and provisions of requests and transfers are the rows of the kernel's
one table (``haven.engines.kernel.limits``, docs/adr/0031); nothing here is typed in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from haven.engines.kernel import Citation, Deadline, Regime, period_end
from haven.engines.kernel import limits as table
from haven.engines.kernel.limits import (
    HUMANITARIAN,
    INFORMATION,
    RE_EXAMINATION,
    REQUEST_KINDS,
    TAKE_BACK,
    TAKE_CHARGE,
    TRANSFER_EXTENSIONS,
    LimitRule,
)
from haven.engines.workflow.errors import WorkflowError

__all__ = [
    "APPEAL_ROUTES",
    "HUMANITARIAN",
    "INFORMATION",
    "RE_EXAMINATION",
    "REQUEST_KINDS",
    "TAKE_BACK",
    "TAKE_CHARGE",
    "TRANSFER_EXTENSIONS",
    "AppealRoute",
    "LimitRule",
    "appeal_deadline",
    "check_in_due",
    "is_overdue",
    "limit_deadline",
    "limits_for",
    "re_examination_reply_deadline",
    "re_examination_request_deadline",
    "reply_deadline",
    "request_deadline",
    "transfer_deadline",
]

_REGIMES = frozenset(Regime)


def _check(kind: str, regime: str) -> None:
    if kind not in REQUEST_KINDS:
        raise WorkflowError(
            f"unknown request kind {kind!r}: expected one of "
            f"{', '.join(REQUEST_KINDS)}",
            code="unknown_kind",
        )
    if regime not in _REGIMES:
        raise WorkflowError(
            f"unknown regime {regime!r}: expected one of "
            f"{', '.join(item.value for item in Regime)}",
            code="unknown_regime",
        )


def _rule(regime: str, kind: str, step: str, condition: str | None = None) -> LimitRule:
    try:
        return table.limit(regime, kind, step, condition)
    except table.UnknownLimitError as error:
        raise WorkflowError(error.message, code="no_limit") from error


def _deadline(name: str, rule: LimitRule, event: date) -> Deadline:
    return table.due(rule, event, name=name)


def limits_for(kind: str, regime: str) -> tuple[LimitRule, ...]:
    """
    Return every time limit a request of ``kind`` can have under ``regime``.

    Each row names its event, period, provision, condition and what silence past
    it means; requests that lead to a transfer also carry the transfer limits.
    UK s.67 requests have none.

    >>> [rule.period for rule in limits_for("take_charge", "ammr")][:2]
    ['2 months', '1 month']
    """
    _check(kind, regime)
    return table.limits_for(kind, regime)


def limit_deadline(rule: LimitRule, *, runs_from: date) -> Deadline:
    """
    Return the deadline a row of ``limits_for`` sets for an event on ``runs_from``.

    >>> rule = limits_for("take_back", "ammr")[0]
    >>> limit_deadline(rule, runs_from=date(2026, 7, 1)).due
    datetime.date(2026, 7, 15)
    """
    return table.due(rule, runs_from)


def request_deadline(
    kind: str, *, lodged_on: date, eurodac_hit_on: date | None = None, regime: str
) -> Deadline:
    """
    Return the last day to send a request of ``kind``.

    Under Dublin III the Eurodac period of a take charge does not extend the period
    from lodging (*Mengesteab*, C-670/16): the earlier of the two ends applies. A
    take back rests on the hit alone when there is one (Art 23(2)). An AMMR
    take-back notification is due two weeks after the Eurodac hit (Art 41(1)).
    Information and humanitarian requests have no limit to send them, and a
    re-examination's runs from the refusal (``re_examination_request_deadline``).

    >>> request_deadline("take_charge", lodged_on=date(2016, 9, 1),
    ...                  regime="dublin3").due
    datetime.date(2016, 12, 1)
    """
    _check(kind, regime)
    if kind not in (TAKE_CHARGE, TAKE_BACK):
        raise WorkflowError(
            f"a {kind.replace('_', ' ')} request has no time limit counted from "
            "the lodging of the application",
            code="no_limit",
        )
    if regime == Regime.AMMR and kind == TAKE_BACK:
        if eurodac_hit_on is None:
            rule = _rule(regime, kind, table.REQUEST, table.NO_EURODAC_HIT)
            return _deadline("request", rule, lodged_on)
        return _deadline("request", _rule(regime, kind, table.REQUEST), eurodac_hit_on)
    if kind == TAKE_BACK and eurodac_hit_on is not None:
        # Art 23(2): a take-back request based on a Eurodac hit is due two months
        # after the hit (first subparagraph); the three months from lodging are for a
        # request "based on evidence other than Eurodac data" (second subparagraph).
        # Unlike a take charge (Art 21(1), *Mengesteab*), the two do not combine.
        rule = _rule(regime, kind, table.REQUEST, table.EURODAC_HIT)
        return _deadline("request", rule, eurodac_hit_on)
    options = [_deadline("request", _rule(regime, kind, table.REQUEST), lodged_on)]
    if eurodac_hit_on is not None:
        rule = _rule(regime, kind, table.REQUEST, table.EURODAC_HIT)
        options.append(_deadline("request", rule, eurodac_hit_on))
    return min(options, key=lambda d: d.due)


def reply_deadline(
    kind: str,
    *,
    received_on: date,
    urgent: bool = False,
    eurodac: bool = False,
    regime: str,
) -> Deadline:
    """
    Return the last day for the requested state to reply to a request of ``kind``.

    What silence past it means is the table's (``limits_for``): acceptance of a
    take-charge or Dublin III take-back request, confirmation of an AMMR
    take-back notification, nothing for an information or humanitarian request.

    >>> reply_deadline("take_charge", received_on=date(2016, 10, 24),
    ...                regime="dublin3").due
    datetime.date(2016, 12, 26)
    """
    _check(kind, regime)
    rules = table.limits_for(kind, regime)
    replies = [rule for rule in rules if rule.step == table.REPLY]
    for condition, wanted in ((table.URGENT, urgent), (table.EURODAC_HIT, eurodac)):
        for rule in replies:
            if wanted and rule.condition == condition:
                return _deadline("reply", rule, received_on)
    return _deadline("reply", _rule(regime, kind, table.REPLY), received_on)


def re_examination_request_deadline(*, refused_on: date, regime: str) -> Deadline:
    """Return the last day to ask the requested state to re-examine a refusal."""
    _check(RE_EXAMINATION, regime)
    rule = _rule(regime, RE_EXAMINATION, table.REQUEST)
    return _deadline("re_examination_request", rule, refused_on)


def re_examination_reply_deadline(*, asked_on: date, regime: str) -> Deadline:
    """Return the last day for the reply to a re-examination request (*X and X*)."""
    _check(RE_EXAMINATION, regime)
    rule = _rule(regime, RE_EXAMINATION, table.REPLY)
    return _deadline("re_examination_reply", rule, asked_on)


def transfer_deadline(
    *, accepted_on: date, extension: str | None = None, regime: str
) -> Deadline:
    """
    Return the last day to carry out the transfer after acceptance (or an appeal).

    After it, responsibility passes to the requesting state (*Shiri*, C-201/16).

    >>> transfer_deadline(accepted_on=date(2016, 11, 2), regime="dublin3").due
    datetime.date(2017, 5, 2)
    """
    _check(TAKE_CHARGE, regime)
    if extension is not None and extension not in TRANSFER_EXTENSIONS:
        raise WorkflowError(
            f"unknown extension {extension!r}: expected one of "
            f"{', '.join(TRANSFER_EXTENSIONS)}",
            code="unknown_extension",
        )
    rule = _rule(regime, table.TRANSFER_KIND, table.TRANSFER, extension)
    return _deadline("transfer", rule, accepted_on)


@dataclass(frozen=True, slots=True)
class AppealRoute:
    """Where and within how long a decision can be challenged."""

    code: str
    body: str
    citation: Citation
    months: int = 0
    weeks: int = 0
    days: int = 0
    unverified: bool = False


APPEAL_ROUTES: dict[str, AppealRoute] = {
    route.code: route
    for route in (
        AppealRoute(
            code="uk_judicial_review",
            body="Upper Tribunal (Immigration and Asylum Chamber), judicial review",
            citation=Citation("CPR", "54.5", 1, unit="r"),
            months=3,
            unverified=True,
        ),
        AppealRoute(
            code="fr_administrative_court",
            body="Tribunal administratif",
            citation=Citation("CESEDA", "L742-4"),
            days=15,
            unverified=True,
        ),
        AppealRoute(
            code="dublin_effective_remedy",
            body="Court or tribunal of the deciding state (Art 27 remedy)",
            citation=Citation("604/2013", 27, 1, reading="C-19/21 I and S"),
            months=1,
            unverified=True,
        ),
    )
}


def appeal_deadline(route: str, *, notified_on: date) -> Deadline:
    """
    Return the last day to lodge an appeal by ``route``, from notification.

    >>> appeal_deadline("uk_judicial_review", notified_on=date(2016, 11, 30)).due
    datetime.date(2017, 2, 28)
    """
    found = APPEAL_ROUTES.get(route)
    if found is None:
        raise WorkflowError(f"unknown appeal route {route!r}", code="unknown_route")
    due, rolled = period_end(
        notified_on, months=found.months, weeks=found.weeks, days=found.days
    )
    return Deadline(
        name="appeal",
        due=due,
        citation=found.citation,
        runs_from=notified_on,
        rolled_forward=rolled,
        unverified=found.unverified,
    )


def check_in_due(*, checked_out_at: datetime, within_hours: int) -> datetime:
    """Return when a person checked out must be checked in at the latest."""
    if within_hours <= 0:
        raise WorkflowError(
            "the check-in time must be at least one hour", code="invalid_hours"
        )
    return checked_out_at + timedelta(hours=within_hours)


def is_overdue(*, due: datetime, now: datetime) -> bool:
    """Return whether ``due`` has passed at ``now``."""
    return now > due
