"""The reply clock of one take-charge or take-back request, for request trackers."""

from __future__ import annotations

from haven.engines.kernel import Deadline
from haven.engines.responsibility.context import Trail
from haven.engines.responsibility.deadlines import set_deadline
from haven.engines.responsibility.errors import FactError, InvalidFactsError
from haven.engines.responsibility.facts import Request
from haven.engines.responsibility.procedure import reply_period
from haven.engines.responsibility.regime import RULES

REPLY_KINDS = ("take_charge", "take_back")


def reply_deadline(request: Request, *, regime: str) -> Deadline:
    """
    Return the last day for the requested state to reply to ``request``.

    The same periods as a determination uses: silence past this day is acceptance
    of a take-charge or take-back request (Dublin III Arts 22(7) and 25(2)).

    >>> from datetime import date
    >>> request = Request("take_charge", "FR", "GB", date(2016, 10, 24))
    >>> reply_deadline(request, regime="dublin3").due
    datetime.date(2016, 12, 26)
    """
    errors = []
    if request.type not in REPLY_KINDS:
        errors.append(
            FactError(
                "$.type",
                f"{request.type!r}: only {' and '.join(REPLY_KINDS)} requests "
                "have a reply clock",
            )
        )
    rules = RULES.get(regime)
    if rules is None:
        errors.append(FactError("$.regime", f"{regime!r}: expected dublin3 or ammr"))
    if errors or rules is None:
        raise InvalidFactsError(tuple(errors))
    name, citation, months, weeks = reply_period(rules, request)
    trail = Trail()
    set_deadline(
        trail,
        name,
        request.received or request.sent,
        citation,
        months=months,
        weeks=weeks,
    )
    return trail.deadlines[name]
