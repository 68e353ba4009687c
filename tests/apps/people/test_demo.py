"""The demo camp loads once, with its families, spellings and relatives abroad."""

from __future__ import annotations

import pytest

from haven.apps.people.demo import demo_camp_load
from haven.apps.people.models import Person, Registration, Relationship
from haven.apps.people.selectors import census_get, person_search
from haven.synthetic import generate_camp

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def small_camp():
    return generate_camp(300, 11)


def test_the_demo_camp_loads_every_person_and_registration_once(small_camp):
    result = demo_camp_load(small_camp)
    assert result.people == len(small_camp.people) == Person.objects.count()
    assert (
        result.registrations
        == len(small_camp.registrations)
        == Registration.objects.count()
    )
    assert Relationship.objects.count() > 0
    again = demo_camp_load(small_camp)
    assert again.already_loaded is True
    assert Person.objects.count() == result.people


def test_a_demo_person_is_found_by_the_spelling_of_another_registration(small_camp):
    demo_camp_load(small_camp)
    by_person: dict[str, list] = {}
    for registration in small_camp.registrations:
        by_person.setdefault(registration.person_key, []).append(registration)
    found = 0
    for registrations in by_person.values():
        spellings = {r.name.given_name for r in registrations if r.name.given_name}
        if len(spellings) < 2:
            continue
        stored = Person.objects.get(
            registrations__external_id=registrations[0].record_id
        )
        for spelling in spellings:
            assert stored in person_search(query=spelling), spelling
        found += 1
        if found == 10:
            break
    assert found > 0


def test_the_census_counts_the_camp_not_the_relatives_abroad(small_camp, now):
    demo_camp_load(small_camp)
    residents = [p for p in small_camp.people if not p.lives_abroad]
    census = census_get(today=now.date())
    assert census.total == len(residents)
    assert census.unaccompanied_children == sum(
        p.child_status == "unaccompanied" for p in residents
    )
    assert census.without_housing == sum(not p.housed_at for p in residents)


def test_search_gives_the_same_people_whether_the_words_are_rare_or_common(
    small_camp, monkeypatch
):
    """The sparse path (ids first) and the dense path (ordered walk) agree."""
    from haven.apps.people import selectors

    demo_camp_load(small_camp)
    queries = sorted(
        {
            " ".join(filter(None, (p.given_name, p.family_name)))
            for p in Person.objects.order_by("pk")[:40]
        }
    )
    assert any(" " in q for q in queries)
    sparse = {
        q: list(person_search(query=q).values_list("pk", flat=True)) for q in queries
    }
    monkeypatch.setattr(selectors, "DENSE_MATCHES", 0)
    dense = {
        q: list(person_search(query=q).values_list("pk", flat=True)) for q in queries
    }
    assert dense == sparse
    assert all(sparse[q] for q in queries)  # each person finds at least themself
