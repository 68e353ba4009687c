"""
Date arithmetic for legal periods, after Reg. 1182/71 Art 3.

The day of the triggering event is not counted; a period of months ends on the same
date of the last month, or that month's last day when the date does not exist; a period
ending on a Saturday, Sunday or public holiday runs to the next working day.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta

_ONE_DAY = timedelta(days=1)
_from_ordinal = date.fromordinal

# Results of add_months, which is pure and called with the same few dates and time
# limits over and over (a lodging date plus 2, 3 or 12 months). Bounded, so a stream
# of distinct dates cannot grow it without limit.
_MONTHS: dict[tuple[date, int], date] = {}
_MONTHS_LIMIT = 1 << 16
_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _month_length(year: int, month: int) -> int:
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _MONTH_DAYS[month - 1]


def add_months(start: date, months: int) -> date:
    """
    Return the same calendar date ``months`` later, clamped to the month's end.

    >>> add_months(date(2016, 11, 30), 3)
    datetime.date(2017, 2, 28)
    """
    key = (start, months)
    found = _MONTHS.get(key)
    if found is not None:
        return found
    index = start.year * 12 + start.month - 1 + months
    year = index // 12
    month = index % 12 + 1
    day = start.day
    if day > 28:
        day = min(day, _month_length(year, month))
    found = date(year, month, day)
    if len(_MONTHS) >= _MONTHS_LIMIT:
        _MONTHS.clear()
    _MONTHS[key] = found
    return found


def add_days(start: date, days: int) -> date:
    """Return the date ``days`` after ``start``."""
    # Ordinal arithmetic gives the same date as adding a timedelta, at a third of
    # the cost; the engines add days on every determination.
    return _from_ordinal(start.toordinal() + days)


def is_working_day(day: date, holidays: Collection[date] = ()) -> bool:
    """Return whether ``day`` is neither a weekend day nor a listed public holiday."""
    return day.weekday() < 5 and day not in holidays


def next_working_day(day: date, holidays: Collection[date] = ()) -> date:
    """
    Return ``day`` itself if it is a working day, else the next working day.

    >>> next_working_day(date(2016, 10, 29))
    datetime.date(2016, 10, 31)
    """
    while not is_working_day(day, holidays):
        day += _ONE_DAY
    return day


def period_end(
    event: date,
    *,
    months: int = 0,
    weeks: int = 0,
    days: int = 0,
    holidays: Collection[date] = (),
) -> tuple[date, bool]:
    """
    Return the last day of a period running from ``event``, and whether it rolled.

    The second value is ``True`` when the nominal end fell on a weekend or holiday
    and the period was extended to the next working day (Reg. 1182/71 Art 3(4)).

    >>> period_end(date(2016, 8, 31), months=2)
    (datetime.date(2016, 10, 31), False)
    """
    nominal = add_months(event, months) if months else event
    if weeks or days:
        nominal = _from_ordinal(nominal.toordinal() + 7 * weeks + days)
    if not holidays:
        weekday = nominal.weekday()
        if weekday < 5:
            return nominal, False
        return _from_ordinal(nominal.toordinal() + 7 - weekday), True
    due = next_working_day(nominal, holidays)
    return due, due != nominal


def age_on(born: date, on: date) -> int:
    """
    Return the age in completed years on ``on`` of a person born on ``born``.

    A person born on 29 February has a birthday on 28 February in common years.

    >>> age_on(date(2000, 2, 29), date(2018, 2, 28))
    18
    """
    years = on.year - born.year
    month = born.month
    day = born.day
    if month == 2 and day == 29 and _month_length(on.year, 2) == 28:
        day = 28
    # Compare the birthday in the year of ``on`` without building a date.
    if on.month < month or (on.month == month and on.day < day):
        years -= 1
    return years
