"""
The time limits of the processes, computed from their events with the kernel's
date arithmetic (Reg. 1182/71 convention, docs/adr/0006). Nothing here is typed in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from haven.engines.kernel import Citation, Deadline, period_end
from haven.engines.workflow.errors import WorkflowError

DUBLIN3 = "604/2013"
AMMR = "2024/1351"
IMPLEMENTING = "1560/2003"
TAKE_CHARGE = "take_charge"
TAKE_BACK = "take_back"
REQUEST_KINDS = (TAKE_CHARGE, TAKE_BACK)
REGIMES = ("dublin3", "ammr", "dubs")


def _period(
    name: str,
    event: date,
    citation: Citation,
    *,
    months: int = 0,
    weeks: int = 0,
    unverified: bool = False,
) -> Deadline:
    due, rolled = period_end(event, months=months, weeks=weeks)
    return Deadline(
        name=name,
        due=due,
        citation=citation,
        runs_from=event,
        rolled_forward=rolled,
        unverified=unverified,
    )


def _check(kind: str, regime: str) -> None:
    if kind not in REQUEST_KINDS:
        raise WorkflowError(f"unknown request kind {kind!r}", code="unknown_kind")
    if regime not in REGIMES:
        raise WorkflowError(f"unknown regime {regime!r}", code="unknown_regime")


def request_deadline(
    kind: str, *, lodged_on: date, eurodac_hit_on: date | None = None, regime: str
) -> Deadline:
    """
    Return the last day to send a take-charge or take-back request.

    Under Dublin III the Eurodac period does not extend the period from lodging
    (*Mengesteab*, C-670/16): the earlier of the two ends applies.

    >>> request_deadline("take_charge", lodged_on=date(2016, 9, 1),
    ...                  regime="dublin3").due
    datetime.date(2016, 12, 1)
    """
    _check(kind, regime)
    if regime == "ammr":
        if kind == TAKE_CHARGE:
            options = [_period("request", lodged_on, Citation(AMMR, 39, 1), months=2)]
            if eurodac_hit_on is not None:
                options.append(
                    _period("request", eurodac_hit_on, Citation(AMMR, 39, 1), months=1)
                )
        else:
            start = eurodac_hit_on or lodged_on
            options = [_period("request", start, Citation(AMMR, 41, 1), weeks=2)]
    else:
        article = 21 if kind == TAKE_CHARGE else 23
        options = [
            _period("request", lodged_on, Citation(DUBLIN3, article, 1), months=3)
        ]
        if eurodac_hit_on is not None:
            options.append(
                _period(
                    "request",
                    eurodac_hit_on,
                    Citation(DUBLIN3, article, 1 if kind == TAKE_CHARGE else 2),
                    months=2,
                )
            )
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
    Return the last day for the requested state to reply; silence after it accepts.

    >>> reply_deadline("take_charge", received_on=date(2016, 10, 24),
    ...                regime="dublin3").due
    datetime.date(2016, 12, 26)
    """
    _check(kind, regime)
    if regime == "ammr":
        if kind == TAKE_BACK:
            return _period("reply", received_on, Citation(AMMR, 41, 3), weeks=2)
        if eurodac:
            return _period("reply", received_on, Citation(AMMR, 40, 2), weeks=2)
        return _period("reply", received_on, Citation(AMMR, 40, 1), months=1)
    if kind == TAKE_BACK:
        if eurodac:
            return _period("reply", received_on, Citation(DUBLIN3, 25, 1), weeks=2)
        return _period("reply", received_on, Citation(DUBLIN3, 25, 1), months=1)
    if urgent:
        return _period(
            "reply",
            received_on,
            Citation(DUBLIN3, 22, 6),
            months=1,
            unverified=True,
        )
    return _period("reply", received_on, Citation(DUBLIN3, 22, 1), months=2)


def re_examination_request_deadline(*, refused_on: date) -> Deadline:
    """Return the last day to ask the requested state to re-examine a refusal."""
    return _period(
        "re_examination_request",
        refused_on,
        Citation(IMPLEMENTING, 5, 2),
        weeks=3,
    )


def re_examination_reply_deadline(*, asked_on: date) -> Deadline:
    """Return the last day for the reply to a re-examination request (*X and X*)."""
    return _period(
        "re_examination_reply",
        asked_on,
        Citation(IMPLEMENTING, 5, 2, reading="C-47/17 X and X"),
        weeks=2,
    )


TRANSFER_EXTENSIONS = ("imprisonment", "absconding")


def transfer_deadline(
    *, accepted_on: date, extension: str | None = None, regime: str
) -> Deadline:
    """
    Return the last day to carry out the transfer after acceptance (or an appeal).

    After it, responsibility passes to the requesting state (*Shiri*, C-201/16).

    >>> transfer_deadline(accepted_on=date(2016, 11, 2), regime="dublin3").due
    datetime.date(2017, 5, 2)
    """
    if regime not in REGIMES:
        raise WorkflowError(f"unknown regime {regime!r}", code="unknown_regime")
    if extension is not None and extension not in TRANSFER_EXTENSIONS:
        raise WorkflowError(
            f"unknown extension {extension!r}", code="unknown_extension"
        )
    if regime == "ammr":
        months = {None: 6, "imprisonment": 12, "absconding": 36}[extension]
        return _period(
            "transfer",
            accepted_on,
            Citation(AMMR, 46, 1 if extension is None else 2),
            months=months,
            unverified=extension is not None,
        )
    months = {None: 6, "imprisonment": 12, "absconding": 18}[extension]
    return _period(
        "transfer",
        accepted_on,
        Citation(DUBLIN3, 29, 1 if extension is None else 2),
        months=months,
    )


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
            citation=Citation(DUBLIN3, 27, 1, reading="C-19/21 I and S"),
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
