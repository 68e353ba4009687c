"""Registry B: a destination registry overlapping the camp registry."""

from __future__ import annotations

import pytest

from haven.synthetic import SyntheticError, generate_camp, registry_b


@pytest.fixture(scope="module")
def camp():
    return generate_camp(1_500, seed=41)


def _camp_people(camp):
    return {r.person_key for r in camp.registrations if r.source != "relative_declared"}


@pytest.mark.parametrize("overlap", [0.3, 0.5, 0.7])
def test_registry_b_holds_the_chosen_share_of_the_camp_registry(camp, overlap):
    """The share of the camp registry's people found in B is the overlap asked."""
    in_a = _camp_people(camp)
    in_b = {r.person_key for r in registry_b(camp, seed=41, overlap=overlap)}
    assert len(in_a & in_b) / len(in_a) == pytest.approx(overlap, abs=0.002)


def test_registry_b_also_holds_people_the_camp_registry_lacks(camp):
    """Relatives abroad are in B with their records as declared."""
    declared = [r for r in camp.registrations if r.source == "relative_declared"]
    b = registry_b(camp, seed=41)
    assert set(declared) <= set(b)
    assert {r.person_key for r in declared}.isdisjoint(_camp_people(camp))


def test_registry_b_records_are_new_and_unique(camp):
    """B's own records never reuse a camp record id."""
    b = registry_b(camp, seed=41)
    ids = [r.record_id for r in b]
    assert len(ids) == len(set(ids))
    fresh = [r for r in b if r.source != "relative_declared"]
    assert {r.record_id for r in fresh}.isdisjoint(
        {r.record_id for r in camp.registrations}
    )
    assert {r.source_name for r in fresh} == {"Home Office asylum intake, Croydon"}


def test_registry_b_writes_a_share_of_names_in_their_own_script(camp):
    """About 0.2-0.4 of B's fresh records of non-Latin populations carry the script."""
    people = {p.person_key: p for p in camp.people}
    fresh = [
        r
        for r in registry_b(camp, seed=41)
        if r.source != "relative_declared" and people[r.person_key].name.native_script
    ]
    share = sum(bool(r.name.native_script) for r in fresh) / len(fresh)
    assert 0.2 <= share <= 0.4


def test_registry_b_spells_names_afresh(camp):
    """A clerk in B does not copy the camp's spelling every time."""
    a = {}
    for r in camp.registrations:
        if r.source != "relative_declared":
            a.setdefault(r.person_key, set()).add(r.name.given_name)
    fresh = [r for r in registry_b(camp, seed=41) if r.source != "relative_declared"]
    unseen = sum(r.name.given_name not in a[r.person_key] for r in fresh)
    assert unseen / len(fresh) > 0.1


def test_registry_b_is_deterministic(camp):
    """The same camp, seed and overlap give the same registry."""
    assert registry_b(camp, seed=7, overlap=0.4) == registry_b(
        camp, seed=7, overlap=0.4
    )
    assert registry_b(camp, seed=7) != registry_b(camp, seed=8)


@pytest.mark.parametrize("overlap", [0.1, 0.8])
def test_registry_b_refuses_an_overlap_outside_the_specification(camp, overlap):
    """§5.2 asks for an overlap of 0.3-0.7."""
    with pytest.raises(SyntheticError):
        registry_b(camp, seed=1, overlap=overlap)
