"""Child status on a date: hand-computed ages, the benefit of the doubt, invariants."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from haven.engines.kernel import child_status_on
from haven.engines.kernel.childhood import (
    ACCOMPANIED,
    CHILD_STATUSES,
    NOT_A_CHILD,
    SEPARATED,
    UNACCOMPANIED,
)

STATUSES = (NOT_A_CHILD, *CHILD_STATUSES)
DISPUTES = ("none", "disputed", "assessed_adult", "assessed_minor")
PRECISIONS = ("exact", "year", "estimated", "unknown")


def status(
    on,
    born,
    *,
    precision="exact",
    dispute="none",
    recorded=UNACCOMPANIED,
    with_adult=False,
):
    return child_status_on(
        on=on,
        date_of_birth=born,
        dob_precision=precision,
        age_dispute=dispute,
        recorded_status=recorded,
        with_adult=with_adult,
    )


def test_a_child_born_2009_06_15_is_17_the_day_before_the_18th_birthday():
    result = status(date(2027, 6, 14), date(2009, 6, 15))
    assert (result.status, result.age) == (UNACCOMPANIED, 17)


def test_a_child_born_2009_06_15_is_an_adult_on_2027_06_15():
    result = status(date(2027, 6, 15), date(2009, 6, 15))
    assert (result.status, result.age) == (NOT_A_CHILD, 18)


def test_a_birth_on_29_february_comes_of_age_on_28_february_in_a_common_year():
    # The kernel's age_on counts a 29 February birthday on 28 February.
    assert status(date(2026, 2, 27), date(2008, 2, 29)).status == UNACCOMPANIED
    assert status(date(2026, 2, 28), date(2008, 2, 29)).status == NOT_A_CHILD


def test_a_birth_known_by_year_counts_from_the_last_day_of_the_year():
    # Stored as 1 January 2009, but the child may be born on 31 December 2009.
    born = date(2009, 1, 1)
    assert status(date(2027, 1, 1), born, precision="exact").status == NOT_A_CHILD
    assert status(date(2027, 1, 1), born, precision="year").status == UNACCOMPANIED
    assert status(date(2027, 12, 30), born, precision="year").status == UNACCOMPANIED
    assert status(date(2027, 12, 31), born, precision="year").status == NOT_A_CHILD


def test_a_disputed_age_is_a_child_while_the_dispute_is_open():
    # Recorded born 1990: 36 on the day, but the age is disputed.
    result = status(date(2026, 12, 7), date(1990, 1, 1), dispute="disputed")
    assert result.is_child
    assert result.benefit_of_the_doubt
    assert result.age == 36
    assert result.unverified


def test_an_age_assessed_as_adult_is_not_a_child_whatever_the_date_of_birth():
    result = status(date(2026, 12, 7), date(2012, 1, 1), dispute="assessed_adult")
    assert result.status == NOT_A_CHILD


def test_an_age_assessed_as_minor_still_comes_of_age():
    assert status(
        date(2026, 12, 7), date(2010, 1, 1), dispute="assessed_minor"
    ).is_child
    assert not status(
        date(2028, 1, 1), date(2010, 1, 1), dispute="assessed_minor"
    ).is_child


def test_the_recorded_accompaniment_of_a_child_is_kept():
    day, born = date(2026, 12, 7), date(2015, 3, 3)
    assert status(day, born, recorded=SEPARATED).status == SEPARATED
    assert status(day, born, recorded=ACCOMPANIED).status == ACCOMPANIED


def test_a_child_recorded_as_not_a_child_is_accompanied_only_with_an_adult():
    day, born = date(2026, 12, 7), date(2015, 3, 3)
    alone = status(day, born, recorded=NOT_A_CHILD, with_adult=False)
    with_parent = status(day, born, recorded=NOT_A_CHILD, with_adult=True)
    assert (alone.status, with_parent.status) == (UNACCOMPANIED, ACCOMPANIED)


def test_without_a_date_of_birth_the_recorded_status_stands():
    day = date(2026, 12, 7)
    assert status(day, None, recorded=UNACCOMPANIED).status == UNACCOMPANIED
    assert status(day, None, recorded=NOT_A_CHILD).status == NOT_A_CHILD
    assert status(day, None, recorded=NOT_A_CHILD, dispute="assessed_minor").is_child


def test_a_person_not_yet_born_is_not_counted_as_a_child():
    result = status(date(2010, 1, 1), date(2015, 3, 3))
    assert (result.status, result.age) == (NOT_A_CHILD, None)


days = st.dates(min_value=date(1950, 1, 1), max_value=date(2060, 12, 31))


@given(
    born=st.one_of(st.none(), days),
    on=days,
    precision=st.sampled_from(PRECISIONS),
    dispute=st.sampled_from(DISPUTES),
    recorded=st.sampled_from(STATUSES),
    with_adult=st.one_of(st.none(), st.booleans()),
)
def test_invariants_of_the_derived_status(
    born, on, precision, dispute, recorded, with_adult
):
    result = status(
        on,
        born,
        precision=precision,
        dispute=dispute,
        recorded=recorded,
        with_adult=with_adult,
    )
    assert result.status in STATUSES
    assert result.on == on
    # A child is under 18 on the day, unless the dispute gives the benefit of the doubt.
    if result.is_child and result.age is not None and dispute != "disputed":
        assert result.age < 18
    # An open dispute always makes a child; an assessment as adult never does.
    if dispute == "disputed":
        assert result.is_child
    if dispute == "assessed_adult":
        assert not result.is_child
    # A recorded accompaniment is never changed, only whether the person is a child.
    if result.is_child and recorded in CHILD_STATUSES:
        assert result.status == recorded


@given(
    born=days,
    on=days,
    precision=st.sampled_from(PRECISIONS),
    recorded=st.sampled_from(STATUSES),
)
def test_once_an_adult_by_age_always_an_adult_later(born, on, precision, recorded):
    first = status(on, born, precision=precision, recorded=recorded)
    later = status(
        on + timedelta(days=400), born, precision=precision, recorded=recorded
    )
    if not first.is_child and first.age is not None:
        assert not later.is_child


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2016, 10, 1), 17),  # born 1999-06-15, 17 when the camp was counted
        (date(2017, 6, 14), 17),
        (date(2017, 6, 15), 18),
    ],
)
def test_ages_at_the_demo_camps_reference_date(on, expected):
    assert status(on, date(1999, 6, 15)).age == expected
