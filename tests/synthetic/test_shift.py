"""A camp dated to another day: every date moves alike; ages and order are kept."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from haven.synthetic import CAMP_REFERENCE_DATE, generate_camp, iter_registrations
from haven.synthetic.shift import shift_of


@pytest.fixture(scope="module")
def camp():
    return generate_camp(300, 11)


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def test_the_default_camp_is_counted_on_1_october_2016(camp):
    assert camp.metadata["reference_date"] == "2016-10-01"
    assert generate_camp(300, 11, reference_date=CAMP_REFERENCE_DATE) == camp


def test_a_camp_dated_today_moves_every_registration_by_the_same_days(camp):
    # 1 October 2016 to 1 October 2026: 3,650 days plus the leap days of 2020 and
    # 2024 (3,652); then 30 days to 31 October, 30 to 30 November, 7 to 7 December.
    moved = generate_camp(300, 11, reference_date=date(2026, 12, 7))
    days = (date(2026, 12, 7) - date(2016, 10, 1)).days
    assert days == 3652 + 30 + 30 + 7
    assert moved.metadata["reference_date"] == "2026-12-07"
    assert len(moved.registrations) == len(camp.registrations)
    for before, after in zip(camp.registrations, moved.registrations, strict=True):
        assert after.record_id == before.record_id
        assert after.registered_at - before.registered_at == timedelta(days=days)
        assert after.name == before.name
    for before, after in zip(camp.people, moved.people, strict=True):
        for need_before, need_after in zip(
            before.vulnerabilities, after.vulnerabilities, strict=True
        ):
            assert need_after.recorded_on - need_before.recorded_on == timedelta(
                days=days
            )


def test_ages_on_the_reference_day_are_kept(camp):
    reference = date(2026, 12, 7)
    moved = generate_camp(300, 11, reference_date=reference)
    for before, after in zip(camp.people, moved.people, strict=True):
        if before.date_of_birth is None:
            assert after.date_of_birth is None
            continue
        old = _age(before.date_of_birth, CAMP_REFERENCE_DATE)
        new = _age(after.date_of_birth, reference)
        if (before.date_of_birth.month, before.date_of_birth.day) == (1, 1):
            # A 1 January birth moves by whole years (10 here) and stays 1 January.
            assert after.date_of_birth == before.date_of_birth.replace(
                year=before.date_of_birth.year + 10
            )
            assert abs(new - old) <= 1
        else:
            assert new == old


def test_children_of_the_demo_camp_are_children_on_its_day():
    """The census shows children under 18 on the day the camp is dated to."""
    reference = date(2026, 12, 7)
    moved = generate_camp(2000, 2016, reference_date=reference)
    stored = [
        p
        for p in moved.people
        if not p.lives_abroad
        and p.child_status == "unaccompanied"
        and p.date_of_birth is not None
        and p.age_dispute == "none"
        and (p.date_of_birth.month, p.date_of_birth.day) != (1, 1)
    ]
    assert stored
    assert all(_age(p.date_of_birth, reference) < 18 for p in stored)


def test_the_stream_moves_like_the_camp():
    reference = date(2027, 3, 1)
    streamed = {
        r.record_id: r for r in iter_registrations(200, 5, reference_date=reference)
    }
    whole = generate_camp(200, 5, reference_date=reference)
    assert {r.record_id: r for r in whole.registrations} == streamed


@settings(max_examples=30)
@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31)))
def test_the_shift_brings_the_base_day_to_the_reference(reference):
    shift = shift_of(reference)
    assert shift.day(CAMP_REFERENCE_DATE) == reference
    moved = shift.birth(date(2001, 1, 1))
    assert (moved.month, moved.day) == (1, 1)
    assert abs((moved - date(2001, 1, 1)) - (reference - CAMP_REFERENCE_DATE)) <= (
        timedelta(days=184)
    )
