"""Tracing queries and their ground truth."""

from __future__ import annotations

import pytest

from haven.synthetic import (
    CampProfile,
    Split,
    SyntheticError,
    generate_camp,
    tracing_queries,
)


@pytest.fixture(scope="module")
def tracing(calais):
    return tracing_queries(calais, seed=5)


def test_queries_come_from_unaccompanied_or_separated_children(calais, tracing):
    people = {p.person_key: p for p in calais.people}
    records = {r.record_id: r.person_key for r in calais.registrations}
    assert len(tracing.queries) > 200
    for query, truth in zip(tracing.queries, tracing.truth, strict=True):
        assert query.query_id == truth.query_id
        seeker = people[records[query.seeker_record_id]]
        assert seeker.person_key == truth.seeker_person_key
        assert seeker.child_status in ("unaccompanied", "separated")
        assert people[truth.relative_person_key].lives_abroad


def test_about_forty_percent_of_relatives_are_absent_from_the_registry(tracing):
    absent = sum(t.absent for t in tracing.truth) / len(tracing.truth)
    assert 0.3 <= absent <= 0.55


def test_absent_relatives_have_no_record_in_the_registry(tracing):
    in_registry = {r.person_key for r in tracing.registry}
    for truth in tracing.truth:
        assert (truth.relative_person_key in in_registry) is not truth.absent
        assert bool(truth.expected_record_ids) is not truth.absent


def test_expected_records_are_in_the_registry(tracing):
    ids = {r.record_id for r in tracing.registry}
    for truth in tracing.truth:
        assert set(truth.expected_record_ids) <= ids


def test_approximate_ages_are_rounded_to_five_years(tracing):
    assert all(q.approx_age % 5 == 0 and q.approx_age >= 20 for q in tracing.queries)


def test_most_queries_remember_the_right_city(calais, tracing):
    people = {p.person_key: p for p in calais.people}
    names = {loc.key: loc.name for loc in calais.locations}
    right = sum(
        q.last_known_city == names[people[t.relative_person_key].abroad_city]
        for q, t in zip(tracing.queries, tracing.truth, strict=True)
    )
    assert 0.5 <= right / len(tracing.queries) <= 0.75


def test_the_same_seed_gives_the_same_queries(calais, tracing):
    assert tracing_queries(calais, seed=5) == tracing


def test_query_seeds_follow_the_camp_split():
    camp = generate_camp(200, seed=3, profile=CampProfile(split=Split.DEV))
    with pytest.raises(SyntheticError):
        tracing_queries(camp, seed=1_234)
