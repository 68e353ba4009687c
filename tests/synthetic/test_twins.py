"""Planted twin registrations: one resident registered again as a new person."""

from __future__ import annotations

from datetime import timedelta

import pytest

from haven.synthetic import SyntheticError, generate_camp
from haven.synthetic.twins import TWIN_SUFFIX, VARIATIONS, demo_twins


@pytest.fixture(scope="module")
def pair_of_camps():
    return generate_camp(1_000, seed=77), generate_camp(1_000, seed=77, twins=40)


def test_twins_are_added_and_the_rest_of_the_camp_is_the_same(pair_of_camps):
    plain, planted = pair_of_camps
    assert len(planted.planted_twins) == 40
    assert planted.people[: len(plain.people)] == plain.people
    assert len(planted.people) == len(plain.people) + 40
    extra = set(planted.registrations) - set(plain.registrations)
    assert set(plain.registrations) <= set(planted.registrations)
    assert {r.record_id for r in extra} == {t.record_id for t in planted.planted_twins}
    assert len({r.record_id for r in planted.registrations}) == len(
        planted.registrations
    )
    assert plain.planted_twins == ()
    assert planted == generate_camp(1_000, seed=77, twins=40)


def test_each_twin_is_a_resident_registered_again_by_another_registry(pair_of_camps):
    _, camp = pair_of_camps
    people = {p.person_key: p for p in camp.people}
    by_record = {r.record_id: r for r in camp.registrations}
    for twin in camp.planted_twins:
        original = people[twin.person_key]
        double = people[twin.twin_key]
        registration = by_record[twin.record_id]
        assert twin.twin_key == twin.person_key + TWIN_SUFFIX
        assert not original.lives_abroad
        assert registration.person_key == twin.twin_key
        assert double.household_key == ""
        assert double.sex == original.sex
        assert double.nationality == original.nationality
        assert 2 <= len(twin.variations) <= 3
        assert set(twin.variations) <= set(VARIATIONS)
        assert sum(v.startswith("dob_") for v in twin.variations) <= 1
        own = [
            r
            for r in camp.registrations
            if r.person_key == twin.person_key and r.source != "relative_declared"
        ]
        # Another registry registered them, after the record it differs from.
        start = by_record[twin.copied_from]
        assert start in own
        assert registration.source_name != start.source_name
        assert registration.source != "relative_declared"
        assert registration.registered_at - start.registered_at > timedelta(days=1)
        assert registration.registered_at - start.registered_at < timedelta(days=61)


def test_the_variations_change_the_record(pair_of_camps):
    _, camp = pair_of_camps
    by_record = {r.record_id: r for r in camp.registrations}
    changed = 0
    for twin in camp.planted_twins:
        registration = by_record[twin.record_id]
        own = [
            r
            for r in camp.registrations
            if r.person_key == twin.person_key and r.source != "relative_declared"
        ]
        if all(
            (r.name, r.date_of_birth) != (registration.name, registration.date_of_birth)
            for r in own
        ):
            changed += 1
        if "dob_year_only" in twin.variations and registration.date_of_birth:
            assert registration.dob_precision == "year"
            assert (
                registration.date_of_birth.month,
                registration.date_of_birth.day,
            ) == (
                1,
                1,
            )
    # A swap of two equal names or a missing date can leave one record as it was.
    assert changed >= 0.9 * len(camp.planted_twins)


def test_the_demo_camp_carries_fifty_and_a_bad_count_is_refused():
    assert demo_twins(7_000) == 50
    assert demo_twins(1_000) == 50
    assert demo_twins(300) == 15
    with pytest.raises(SyntheticError):
        generate_camp(50, seed=3, twins=-1)
    with pytest.raises(SyntheticError):
        generate_camp(50, seed=3, twins=10_000)
