"""
Move a generated camp in time, so that it is dated to a chosen reference day.

The generator draws a camp as counted on ``CAMP_REFERENCE_DATE`` (1 October 2016);
``shift_camp`` moves every date of it (births, registrations, needs recorded, and any
other date or datetime a camp value holds) by the same number of days, so that the
camp is as it would be counted on another day: a demo loaded today has live limits,
and a test or benchmark that pins its own day gets the same figures every day.

A date of birth written as 1 January (a year, or an estimate, as clerks record it)
moves by whole years, so it stays a 1 January; every other date moves by days.
Ages therefore stay within half a year of the generated ones on 1 January births,
and exact elsewhere.

Pure: no clock. The reference day is the caller's.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from haven.synthetic.model import SyntheticCamp

CAMP_REFERENCE_DATE = date(2016, 10, 1)

_DAYS_PER_YEAR = 365.2425

T = TypeVar("T")


@dataclasses.dataclass(frozen=True, slots=True)
class _Shift:
    days: timedelta
    years: int

    def day(self, value: date) -> date:
        return value + self.days

    def birth(self, value: date) -> date:
        if (value.month, value.day) == (1, 1):
            return value.replace(year=value.year + self.years)
        return value + self.days


def shift_of(reference: date, base: date = CAMP_REFERENCE_DATE) -> _Shift:
    """Return the shift that moves ``base`` to ``reference``."""
    delta = reference - base
    return _Shift(days=delta, years=round(delta.days / _DAYS_PER_YEAR))


def shift_value(value: T, shift: _Shift) -> T:
    """Return ``value`` with every date and datetime in it moved by ``shift``."""
    return _move(value, shift)  # type: ignore[no-any-return]


def _move(value: Any, shift: _Shift) -> Any:
    if isinstance(value, datetime):
        return value + shift.days
    if isinstance(value, date):
        return shift.day(value)
    if isinstance(value, tuple):
        return tuple(_move(item, shift) for item in value)
    if isinstance(value, list):
        return [_move(item, shift) for item in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes: dict[str, Any] = {}
        for item in dataclasses.fields(value):
            current = getattr(value, item.name)
            if item.name == "date_of_birth" and isinstance(current, date):
                moved: Any = shift.birth(current)
            elif isinstance(current, (str, int, float, bool)) or current is None:
                continue
            else:
                moved = _move(current, shift)
            if moved is not current:
                changes[item.name] = moved
        return dataclasses.replace(value, **changes) if changes else value
    return value


def shift_camp(camp: SyntheticCamp, reference: date) -> SyntheticCamp:
    """
    Return ``camp`` dated to ``reference`` instead of ``CAMP_REFERENCE_DATE``.

    >>> from haven.synthetic import generate_camp
    >>> camp = generate_camp(20, seed=3)
    >>> moved = shift_camp(camp, date(2026, 10, 1))
    >>> moved.metadata["reference_date"]
    '2026-10-01'
    >>> first, later = camp.registrations[0], moved.registrations[0]
    >>> (later.registered_at - first.registered_at).days
    3652
    """
    base = date.fromisoformat(
        camp.metadata.get("reference_date", CAMP_REFERENCE_DATE.isoformat())
    )
    if reference == base:
        return camp
    shift = shift_of(reference, base)
    # Every field of the camp, whatever a later version adds to it, moves alike.
    moved: SyntheticCamp = _move(camp, shift)
    return dataclasses.replace(
        moved, metadata={**camp.metadata, "reference_date": reference.isoformat()}
    )
