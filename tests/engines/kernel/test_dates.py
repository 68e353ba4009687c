"""Date arithmetic of Reg. 1182/71 Art 3 as the engines apply it."""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta

from hypothesis import example, given
from hypothesis import strategies as st

from haven.engines.kernel import (
    Citation,
    add_days,
    add_months,
    age_on,
    next_working_day,
    period_end,
)

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))
months = st.integers(min_value=0, max_value=60)


def test_month_period_from_31_january_ends_on_the_last_day_of_february():
    """A date that does not exist in the target month clamps to its last day."""
    assert add_months(date(2016, 1, 31), 1) == date(2016, 2, 29)
    assert add_months(date(2017, 1, 31), 1) == date(2017, 2, 28)


def test_period_ending_on_a_sunday_runs_to_monday():
    """Art 3(4): a period ending on a Sunday ends on the next working day."""
    assert period_end(date(2016, 10, 1), months=3) == (date(2017, 1, 2), True)


def test_period_ending_on_a_listed_holiday_runs_past_it():
    """A public holiday passed in is skipped like a weekend day."""
    due, rolled = period_end(
        date(2016, 11, 25), months=1, holidays={date(2016, 12, 26)}
    )
    assert due == date(2016, 12, 27)
    assert rolled is True


def test_age_counts_completed_years():
    """A person is 17 the day before their eighteenth birthday."""
    assert age_on(date(1998, 11, 1), date(2016, 10, 31)) == 17
    assert age_on(date(1998, 11, 1), date(2016, 11, 1)) == 18


def test_citation_renders_article_paragraph_point_and_reading():
    """Citations render the way a Dublin unit writes them."""
    assert str(Citation("604/2013", 12, 3, point="a")) == "Dublin III Art 12(3)(a)"
    assert (
        str(Citation("604/2013", 8, 4, reading="C-648/11 MA"))
        == "Dublin III Art 8(4) as read in C-648/11 MA"
    )
    assert str(Citation("604/2013", 3, 2, subparagraph=2)) == (
        "Dublin III Art 3(2) second subparagraph"
    )


@given(days, days, months)
def test_adding_months_is_monotone_in_the_start_date(first, second, count):
    """A later event never gives an earlier month end."""
    low, high = sorted((first, second))
    assert add_months(low, count) <= add_months(high, count)


@given(days, months, months)
def test_adding_more_months_never_gives_an_earlier_date(start, one, two):
    """A longer period never ends before a shorter one."""
    low, high = sorted((one, two))
    assert add_months(start, low) <= add_months(start, high)


@given(days, months)
def test_month_end_keeps_the_day_or_clamps_to_the_month_end(start, count):
    """The result keeps the day of month, or is the last day of a shorter month."""
    end = add_months(start, count)
    assert (end.year * 12 + end.month) - (start.year * 12 + start.month) == count
    if end.day != start.day:
        assert end.day < start.day
        assert (end + timedelta(days=1)).day == 1


@given(days)
def test_next_working_day_is_a_weekday_within_two_days(day):
    """Weekend roll-forward lands on Monday to Friday, at most two days later."""
    rolled = next_working_day(day)
    assert rolled.weekday() < 5
    assert timedelta(0) <= rolled - day <= timedelta(days=2)
    if day.weekday() < 5:
        assert rolled == day


@given(days, months)
def test_period_end_is_never_before_the_nominal_end(start, count):
    """Rolling forward only ever extends a period."""
    due, rolled = period_end(start, months=count)
    assert due >= add_months(start, count)
    assert rolled is (due != add_months(start, count))


def _birthday(born: date, year: int) -> date:
    """Return the birthday in ``year``: 28 February for 29 February in common years."""
    if (born.month, born.day) == (2, 29) and not calendar.isleap(year):
        return date(year, 2, 28)
    return date(year, born.month, born.day)


@given(days, days)
@example(date(2000, 2, 29), date(2018, 2, 28))
@example(date(2000, 2, 29), date(2018, 2, 27))
@example(date(2000, 2, 29), date(2020, 2, 28))
def test_age_is_the_count_of_birthdays_passed(born, on):
    """The age is the number of birthdays on or before the day, counted one by one."""
    low, high = sorted((born, on))
    passed = sum(
        1 for year in range(low.year + 1, high.year + 1) if _birthday(low, year) <= high
    )
    assert age_on(low, high) == passed


@given(days, st.integers(min_value=0, max_value=8), st.integers(-3, 60))
def test_period_of_weeks_and_days_counts_calendar_days(start, weeks, extra):
    """Weeks and days are added as calendar days, then rolled off a weekend."""
    nominal = start + timedelta(days=7 * weeks + extra)
    due, rolled = period_end(start, weeks=weeks, days=extra)
    assert due == next_working_day(nominal)
    assert rolled is (due != nominal)
    assert add_days(start, extra) == start + timedelta(days=extra)


def test_a_remembered_month_end_is_the_same_as_a_fresh_one():
    """The same question asked twice, and of a datetime, gets the same answer."""
    assert add_months(date(2016, 1, 31), 1) == add_months(date(2016, 1, 31), 1)
    assert add_months(datetime(2016, 1, 31, 12), 1) == date(2016, 2, 29)
    assert type(add_months(datetime(2016, 1, 31, 12), 1)) is date
