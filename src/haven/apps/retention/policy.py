"""
How long each category of data is kept, by case status, and when a record is due.

Every period below is a PROPOSAL, to be set by the operator (the controller) after
a data protection impact assessment; the reasons given are the ones the proposal
rests on (specs/security.md R-15; GDPR Art. 5(1)(e)). A period of ``None`` means
the record is kept while its procedure is open: its clock has not started.

This module is plain Python: it reads no clock and no database, so the table can be
read, printed and tested on its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final


class Category:
    """The categories of data with their own retention."""

    PERSON_RECORD: Final = "person_record"
    STAFF_SESSION: Final = "staff_session"
    IDEMPOTENCY_RESPONSE: Final = "idempotency_response"
    STORED_EXPORT: Final = "stored_export"


# The status of a person's record when no case was opened for them.
NO_CASE: Final = "no_case"
# The status of the categories that have no case status.
ANY: Final = "any"


@dataclass(frozen=True, slots=True)
class Rule:
    """Keep ``category`` records in ``status`` for ``keep_for`` after ``starts``."""

    category: str
    status: str
    keep_for: timedelta | None
    starts: str
    basis: str


_YEAR = timedelta(days=365)

RULES: Final[tuple[Rule, ...]] = (
    # A person's record: the person, their case and everything that hangs on it.
    Rule(
        Category.PERSON_RECORD,
        NO_CASE,
        2 * _YEAR,
        "the record's last change",
        "proposal: registered but never a case; two years covers a return to the "
        "camp and a family tracing request made later",
    ),
    *(
        Rule(
            Category.PERSON_RECORD,
            status,
            None,
            "",
            "procedure open: kept until the case reaches a closed stage",
        )
        for status in (
            "registered",
            "screened",
            "tracing",
            "determination",
            "request_sent",
            "accepted",
            "refused",
            "transfer",
        )
    ),
    Rule(
        Category.PERSON_RECORD,
        "arrived",
        2 * _YEAR,
        "arrival in the responsible state",
        "proposal: responsibility has passed; two years answers a take-back request "
        "or a query from the receiving state",
    ),
    Rule(
        Category.PERSON_RECORD,
        "withdrawn",
        _YEAR,
        "withdrawal of the application",
        "proposal: one year, in case the person applies again",
    ),
    Rule(
        Category.PERSON_RECORD,
        "absconded",
        2 * _YEAR,
        "the day the person absconded",
        "proposal: past the 18-month transfer time limit for absconding "
        "(Regulation 604/2013 Art. 29(2)) with six months' margin",
    ),
    Rule(
        Category.PERSON_RECORD,
        "returned",
        5 * _YEAR,
        "the return",
        "proposal: five years, the usual length of a re-entry ban",
    ),
    # Staff sessions: nothing to keep once a session has expired.
    Rule(
        Category.STAFF_SESSION,
        ANY,
        timedelta(0),
        "the session's expiry",
        "an expired session cannot be used again",
    ),
    # Stored answers to idempotent API requests hold whole records.
    Rule(
        Category.IDEMPOTENCY_RESPONSE,
        ANY,
        timedelta(hours=24),
        "the request",
        "a client retries within minutes; a day is ample "
        "(operations.idempotency.KEEP_FOR)",
    ),
    # Export files wait for their download, then expire.
    Rule(
        Category.STORED_EXPORT,
        ANY,
        timedelta(0),
        "the export's expiry",
        "set when the export is made (exports app); an erasure drops them all",
    ),
)

_BY_KEY: Final = {(rule.category, rule.status): rule for rule in RULES}


class UnknownRetentionRuleError(LookupError):
    """No rule covers a category and status: the policy table has a gap."""


def rule_for(category: str, status: str) -> Rule:
    """Return the rule of a category and status, or raise when there is none."""
    rule = _BY_KEY.get((category, status)) or _BY_KEY.get((category, ANY))
    if rule is None:
        raise UnknownRetentionRuleError(
            f"status: no retention rule for {category!r} in status {status!r}"
        )
    return rule


def retention_due(*, category: str, status: str, since: datetime) -> datetime | None:
    """
    Return when a record falls due for erasure, or None while it is kept.

    >>> from datetime import UTC
    >>> retention_due(category="person_record", status="withdrawn",
    ...               since=datetime(2020, 1, 1, tzinfo=UTC)).date()
    datetime.date(2020, 12, 31)
    """
    rule = rule_for(category, status)
    if rule.keep_for is None:
        return None
    return since + rule.keep_for


@dataclass(frozen=True, slots=True)
class Hold:
    """One reason why a record must not be erased, and the record it comes from."""

    kind: str
    source_type: str
    source_id: int


class HoldKind:
    """The kinds of legal hold; the first four are read from the record itself."""

    CASE_OPEN: Final = "case_open"
    APPEAL_PENDING: Final = "appeal_pending"
    IN_CUSTODY: Final = "in_custody"
    MISSING_ALERT_OPEN: Final = "missing_alert_open"
    STATUTORY: Final = "statutory"
    MANUAL: Final = "manual"


@dataclass(frozen=True, slots=True)
class RetentionVerdict:
    """Whether a record is due, and whether a hold stops its erasure."""

    due: datetime | None
    holds: tuple[Hold, ...]
    now: datetime

    @property
    def expired(self) -> bool:
        """Return True when the record's retention period is over."""
        return self.due is not None and self.due <= self.now

    @property
    def erasable(self) -> bool:
        """Return True when the record is due and nothing holds it."""
        return self.expired and not self.holds


def retention_verdict(
    *,
    category: str,
    status: str,
    since: datetime,
    holds: Iterable[Hold],
    now: datetime,
) -> RetentionVerdict:
    """Return whether a record is due at ``now`` and what holds it."""
    return RetentionVerdict(
        due=retention_due(category=category, status=status, since=since),
        holds=tuple(holds),
        now=now,
    )
