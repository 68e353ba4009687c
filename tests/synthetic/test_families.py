"""Family graphs: patronymic names and consistent relationships."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from haven.synthetic import generate_camp

INVERSE = {
    "parent": "child",
    "child": "parent",
    "sibling": "sibling",
    "spouse": "spouse",
    "uncle_aunt": "nephew_niece",
    "nephew_niece": "uncle_aunt",
    "cousin": "cousin",
    "grandparent": "grandchild",
    "grandchild": "grandparent",
}


def by_key(camp):
    return {p.person_key: p for p in camp.people}


def test_every_relationship_has_its_inverse(calais):
    links = {(r.from_key, r.to_key, r.relation) for r in calais.relationships}
    for from_key, to_key, relation in links:
        assert (to_key, from_key, INVERSE[relation]) in links


def test_relationships_join_existing_people(calais):
    people = by_key(calais)
    for link in calais.relationships:
        assert link.from_key in people
        assert link.to_key in people
        assert link.from_key != link.to_key


def test_a_childs_father_name_is_its_fathers_given_name(calais):
    people = by_key(calais)
    fathers = 0
    for link in calais.relationships:
        parent, child = people[link.from_key], people[link.to_key]
        if link.relation == "parent" and parent.sex == "M":
            fathers += 1
            assert child.name.father_name == parent.name.given_name
            if child.name.grandfather_name:
                assert child.name.grandfather_name == parent.name.father_name
    assert fathers > 50


def test_a_grandchilds_grandfather_name_is_its_grandfathers_given_name(calais):
    people = by_key(calais)
    for link in calais.relationships:
        if link.relation == "grandparent":
            elder, child = people[link.from_key], people[link.to_key]
            if child.name.grandfather_name:
                assert child.name.grandfather_name == elder.name.given_name


def test_siblings_share_father_and_grandfather_but_not_the_given_name(calais):
    people = by_key(calais)
    siblings = 0
    for link in calais.relationships:
        if link.relation == "sibling":
            siblings += 1
            a, b = people[link.from_key], people[link.to_key]
            assert a.name.father_name == b.name.father_name
            assert a.name.grandfather_name == b.name.grandfather_name
            assert a.name.given_name != b.name.given_name
    assert siblings > 100


def test_paternal_cousins_share_the_grandfathers_name(calais):
    people = by_key(calais)
    cousins = 0
    for link in calais.relationships:
        if link.relation == "cousin":
            cousins += 1
            a, b = people[link.from_key], people[link.to_key]
            assert a.name.grandfather_name == b.name.grandfather_name
            assert a.name.father_name != b.name.father_name
    assert cousins > 20


def test_afghan_names_have_no_grandfather_field(calais):
    for person in calais.people:
        if person.nationality == "AF":
            assert person.name.grandfather_name == ""


def test_households_are_shared_by_family_members_in_the_camp(residents):
    sizes = Counter(p.household_key for p in residents)
    assert max(sizes.values()) <= 8
    assert sum(1 for n in sizes.values() if n > 1) > 100


def test_accompanied_children_share_a_household_with_a_parent(calais, residents):
    people = by_key(calais)
    parents: dict[str, set[str]] = {}
    for link in calais.relationships:
        if link.relation == "parent":
            parents.setdefault(link.to_key, set()).add(link.from_key)
    for child in residents:
        if child.child_status == "accompanied":
            households = {
                people[k].household_key for k in parents.get(child.person_key, ())
            }
            assert child.household_key in households


@settings(max_examples=10, deadline=None)
@given(size=st.integers(min_value=20, max_value=300), seed=st.integers(0, 10_000))
def test_relationships_are_symmetric_in_any_camp(size, seed):
    camp = generate_camp(size, seed=seed)
    links = {(r.from_key, r.to_key, r.relation) for r in camp.relationships}
    assert all((b, a, INVERSE[kind]) in links for a, b, kind in links)
