"""The generated camp: determinism, proportions and referential integrity."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from haven.synthetic import (
    GENERATOR_VERSION,
    CampProfile,
    Split,
    SyntheticError,
    generate_camp,
    iter_registrations,
)
from haven.synthetic.families import REFERENCE_DATE


def age(person) -> int:
    born = person.date_of_birth
    before = (REFERENCE_DATE.month, REFERENCE_DATE.day) < (born.month, born.day)
    return REFERENCE_DATE.year - born.year - before


def share(items, predicate) -> float:
    return sum(1 for item in items if predicate(item)) / len(items)


def test_the_same_seed_gives_the_same_camp():
    assert generate_camp(400, seed=11) == generate_camp(400, seed=11)
    assert repr(generate_camp(400, seed=11)) == repr(generate_camp(400, seed=11))


def test_a_different_seed_gives_a_different_camp():
    first, second = generate_camp(400, seed=11), generate_camp(400, seed=12)
    assert first.people != second.people
    assert first.registrations != second.registrations


def test_the_camp_records_the_generator_version_and_its_seed(calais):
    assert calais.generator_version == GENERATOR_VERSION
    assert calais.seed == 20161024
    assert calais.metadata["size"] == "7000"


def test_the_camp_holds_exactly_size_residents(residents):
    assert len(residents) == 7_000


def test_about_eighteen_percent_of_residents_are_unaccompanied_children(residents):
    assert share(
        residents, lambda p: p.child_status == "unaccompanied"
    ) == pytest.approx(0.18, abs=0.015)


def test_some_children_are_separated_and_some_accompanied(residents):
    statuses = Counter(p.child_status for p in residents)
    assert 0.015 <= statuses["separated"] / 7_000 <= 0.045
    assert 0.03 <= statuses["accompanied"] / 7_000 <= 0.07


def test_about_seventy_percent_of_residents_have_no_housing(residents):
    assert share(residents, lambda p: p.housed_at == "") == pytest.approx(
        0.70, abs=0.03
    )


def test_housing_never_exceeds_capacity(calais, residents):
    beds = {loc.key: loc.capacity for loc in calais.locations}
    used = Counter(p.housed_at for p in residents if p.housed_at)
    assert all(used[key] <= beds[key] for key in used)


def test_about_eighty_five_percent_of_adults_are_men(residents):
    adults = [p for p in residents if p.child_status == "not_a_child"]
    assert share(adults, lambda p: p.sex == "M") == pytest.approx(0.85, abs=0.03)


def test_children_are_under_eighteen_and_adults_are_not(residents):
    for person in residents:
        if person.child_status == "not_a_child":
            assert age(person) >= 18
        else:
            assert age(person) < 18


def test_records_per_resident_follow_the_specified_distribution(calais, residents):
    counts = Counter(r.person_key for r in calais.registrations)
    per_person = Counter(min(counts[p.person_key], 4) for p in residents)
    assert per_person[1] / 7_000 == pytest.approx(0.60, abs=0.03)
    assert per_person[2] / 7_000 == pytest.approx(0.25, abs=0.03)
    assert per_person[3] / 7_000 == pytest.approx(0.10, abs=0.02)
    assert per_person[4] / 7_000 == pytest.approx(0.05, abs=0.015)
    assert max(counts.values()) <= 6


def test_every_registration_points_to_an_existing_person_and_location(calais):
    people = {p.person_key for p in calais.people}
    places = {loc.key for loc in calais.locations}
    for registration in calais.registrations:
        assert registration.person_key in people
        assert registration.location_key in places


def test_record_ids_are_unique(calais):
    ids = [r.record_id for r in calais.registrations]
    assert len(ids) == len(set(ids))


def test_registrations_are_in_utc_in_september_or_october_2016(calais):
    start = datetime(2016, 9, 1, tzinfo=UTC)
    end = datetime(2016, 10, 24, tzinfo=UTC)
    for registration in calais.registrations:
        assert registration.registered_at.tzinfo is UTC
        assert start <= registration.registered_at < end


def test_relatives_abroad_live_in_a_city_and_are_declared_by_relatives(calais):
    cities = {loc.key for loc in calais.locations if loc.kind == "city"}
    abroad = {p.person_key for p in calais.people if p.lives_abroad}
    assert abroad
    for person in calais.people:
        assert (person.abroad_city in cities) is person.lives_abroad
    for registration in calais.registrations:
        declared = registration.source == "relative_declared"
        assert declared is (registration.person_key in abroad)


def test_every_housing_and_sector_location_belongs_to_the_camp(calais):
    keys = {loc.key for loc in calais.locations}
    for location in calais.locations:
        if location.kind == "sector":
            assert location.parent_key in keys
        if location.kind == "centre":
            assert location.capacity > 0


def test_phone_numbers_come_from_fictional_ranges(calais):
    prefixes = ("+33 6 39 98 ", "+44 7700 900", "+44 20 7946 0", "+44 29 2018 0")
    for person in calais.people:
        if person.phone:
            assert person.phone.startswith(prefixes) or " 496 0" in person.phone


def test_unaccompanied_children_carry_the_unaccompanied_child_code(residents):
    for person in residents:
        codes = {v.code for v in person.vulnerabilities}
        assert ("SC-UC" in codes) is (person.child_status == "unaccompanied")


def test_dev_profiles_refuse_test_seeds_and_test_profiles_refuse_dev_seeds():
    with pytest.raises(SyntheticError):
        generate_camp(10, seed=1_000, profile=CampProfile(split=Split.DEV))
    with pytest.raises(SyntheticError):
        generate_camp(10, seed=999, profile=CampProfile(split=Split.TEST))


def test_streamed_registrations_are_the_camp_registrations():
    camp = generate_camp(300, seed=5)
    streamed = list(iter_registrations(300, seed=5, window=100))
    assert sorted(streamed, key=lambda r: r.record_id) == sorted(
        camp.registrations, key=lambda r: r.record_id
    )


@settings(max_examples=15, deadline=None)
@given(size=st.integers(min_value=1, max_value=150), seed=st.integers(0, 10_000))
def test_any_size_gives_that_many_residents_with_consistent_dates(size, seed):
    camp = generate_camp(size, seed=seed)
    residents = [p for p in camp.people if not p.lives_abroad]
    assert len(residents) == size
    for person in camp.people:
        assert person.date_of_birth is not None
        assert date(1900, 1, 1) < person.date_of_birth <= REFERENCE_DATE


def test_a_dev_camp_uses_no_test_only_spelling():
    camp = generate_camp(1_500, seed=42, profile=CampProfile(split=Split.DEV))
    assert camp.metadata["split"] == "dev"
    assert {r.clerk_style for r in camp.registrations} <= {"en", "fr", "it"}
    somali = [r for r in camp.registrations if r.nationality == "SO"]
    assert somali
    assert not any("x" in r.name.given_name.lower() for r in somali)
    words = [w for r in camp.registrations for w in r.name.given_name.lower().split()]
    assert not any(word.startswith("dj") for word in words)


def test_a_test_camp_uses_somali_orthography_for_some_somali_records():
    camp = generate_camp(3_000, seed=4_242, profile=CampProfile(split=Split.TEST))
    styles = Counter(r.clerk_style for r in camp.registrations if r.nationality == "SO")
    assert styles["so"] > 0
