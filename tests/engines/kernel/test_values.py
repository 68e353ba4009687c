"""Kernel values: lazily formatted reasons, fast frozen constructors, month lengths."""

from __future__ import annotations

import calendar
import dataclasses
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from haven.engines.kernel import (
    Citation,
    Deadline,
    Outcome,
    Reason,
    add_months,
    frozen_constructor,
    period_end,
)

ART_13 = Citation("604/2013", 13, 1)


def test_reason_formats_its_templates_with_its_values_when_read():
    """The facts of a reason are its templates filled in with its values."""
    reason = Reason(
        ART_13,
        Outcome.APPLIED,
        ("crossed into {0} on {1}", "limit {2}"),
        "IT",
        values=("IT", date(2016, 3, 1), date(2017, 3, 1)),
    )
    assert reason.facts == ("crossed into IT on 2016-03-01", "limit 2017-03-01")
    assert reason.to_json()["facts"] == [
        "crossed into IT on 2016-03-01",
        "limit 2017-03-01",
    ]


def test_reason_without_values_keeps_its_text_as_it_stands():
    """Braces in a fact without values are text, not a template."""
    reason = Reason(ART_13, Outcome.NOT_APPLIED, ("no {crossing}",))
    assert reason.facts == ("no {crossing}",)


def test_fast_constructor_builds_an_equal_frozen_value():
    """The constructor gives the value the dataclass would, frozen and hashable."""
    make = frozen_constructor(Deadline)
    built = make("transfer", date(2017, 1, 2), ART_13, date(2016, 7, 2), True)
    expected = Deadline("transfer", date(2017, 1, 2), ART_13, date(2016, 7, 2), True)
    assert built == expected
    assert hash(built) == hash(expected)
    assert built.unverified is False
    with pytest.raises(dataclasses.FrozenInstanceError):
        built.due = date(2017, 1, 3)  # type: ignore[misc]


def test_fast_constructor_refuses_a_class_it_cannot_build_faithfully():
    """Mutable classes and default factories are refused, not built wrongly."""

    @dataclasses.dataclass(slots=True)
    class Mutable:
        value: int

    @dataclasses.dataclass(frozen=True, slots=True)
    class WithFactory:
        items: list[int] = dataclasses.field(default_factory=list)

    @dataclasses.dataclass(frozen=True, slots=True)
    class WithPostInit:
        value: int

        def __post_init__(self) -> None:
            pass

    for cls in (Mutable, WithFactory, WithPostInit):
        with pytest.raises(TypeError):
            frozen_constructor(cls)


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31)),
    st.integers(min_value=0, max_value=120),
)
def test_adding_months_clamps_to_the_calendar_month_length(start, count):
    """The month-length table agrees with the calendar module, leap years included."""
    index = start.year * 12 + start.month - 1 + count
    year, month = index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    assert add_months(start, count) == date(year, month, min(start.day, last))


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
    st.integers(min_value=0, max_value=40),
)
def test_period_end_is_the_next_working_day_on_or_after_the_nominal_end(start, days):
    """Without holidays, a period ends on the nominal day or the Monday after it."""
    due, rolled = period_end(start, days=days)
    nominal = date.fromordinal(start.toordinal() + days)
    assert due.weekday() < 5
    assert rolled is (due != nominal)
    assert 0 <= (due - nominal).days <= 2
