"""Deduplication, registry linkage and tracing on a small hand-made registry.

Each test trains a Splink model on DuckDB, so they are marked slow.
"""

import random
from datetime import date

import pytest

from haven.engines.linkage import (
    InvalidRecordsError,
    TraceQuery,
    deduplicate,
    link_registries,
    trace_relatives,
)

from .conftest import ARABIC_SCRIPT, make_people, registration, true_pairs

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def deduplication(registry):
    records, _ = registry
    return deduplicate(records)


def _pair_key(pair):
    return tuple(sorted((pair.left_id, pair.right_id)))


def test_duplicates_are_found_with_few_false_merges(registry, deduplication):
    """Pairwise precision and recall at the threshold are high on clean data."""
    _, truth = registry
    expected = true_pairs(truth)
    found = {_pair_key(p) for p in deduplication.pairs if p.probability >= 0.9}
    precision = len(found & expected) / len(found)
    recall = len(found & expected) / len(expected)
    assert precision >= 0.85
    assert recall >= 0.8


def test_every_record_has_a_cluster(registry, deduplication):
    """Clusters cover every record and are named by a member."""
    records, _ = registry
    clusters = deduplication.clusters
    assert set(clusters) == {r["record_id"] for r in records}
    assert set(clusters.values()) <= set(clusters)


def test_every_pair_explains_itself(deduplication):
    """Each pair carries a probability and one contribution per field."""
    pair = max(deduplication.pairs, key=lambda p: p.probability)
    fields = [c.field for c in pair.contributions]
    assert fields == [
        "given_name",
        "father_name",
        "lineage",
        "dob",
        "sex",
        "nationality",
        "place_of_origin",
        "phone",
    ]
    assert 0.0 <= pair.probability <= 1.0
    assert sum(c.match_weight for c in pair.contributions) > 0


def test_a_trained_model_can_be_reused(registry, deduplication):
    """Passing the model back in gives the same clusters without retraining."""
    records, _ = registry
    again = deduplicate(records, model=deduplication.model)
    assert again.clusters == deduplication.clusters


def test_two_registries_link_across_scripts():
    """Camp records link to relatives' records, some written only in Arabic."""
    people = [p for p in make_people(seed=11, families=25) if p.nationality == "SD"]
    rng = random.Random(3)
    camp = [registration(rng, p, f"A{i}") for i, p in enumerate(people)]
    relatives = [registration(rng, p, f"B{i}") for i, p in enumerate(people[::2])]
    for record, person in list(zip(relatives, people[::2], strict=True))[:4]:
        names = (person.given, person.father, person.grandfather)
        record["name_native"] = " ".join(ARABIC_SCRIPT[n] for n in names)
        record["given_name"] = record["father_name"] = record["grandfather_name"] = ""
    links = link_registries(camp, relatives)
    key = {f"A{i}": p.key for i, p in enumerate(people)}
    key.update({f"B{i}": p.key for i, p in enumerate(people[::2])})
    correct = [lk for lk in links if key[lk.left_id] == key[lk.right_id]]
    assert all(lk.left_id.startswith("A") for lk in links)
    assert len(correct) >= 0.6 * len(relatives)
    assert len(correct) >= 0.7 * len(links)
    native_found = {lk.right_id for lk in correct} & {"B0", "B1", "B2", "B3"}
    assert len(native_found) >= 2


def test_a_registered_relative_is_found_and_an_absent_one_is_not(registry):
    """The brother in the registry ranks first; a stranger gets no match."""
    records, truth = registry
    by_id = {r["record_id"]: r for r in records}
    people = {p.key: p for p in make_people(seed=7)}
    target_id = next(rid for rid, key in truth.items() if key.endswith("C0"))
    target = people[truth[target_id]]
    sibling_key = target.key[:-1] + "1"
    seeker = people.get(sibling_key)
    if seeker is None:
        pytest.skip("the fixture family has one child")
    seeker_record = {
        "given_name": seeker.given.title(),
        "father_name": seeker.father.title(),
        "grandfather_name": seeker.grandfather.title(),
    }
    present = TraceQuery(
        "present",
        by_id[target_id]["given_name"],
        relation="brother",
        approx_age=2016 - target.year,
        nationality=target.nationality,
        seeker=seeker_record,
    )
    absent = TraceQuery(
        "absent", "Rebwar Karwan", relation="uncle", approx_age=45, nationality="IQ"
    )
    found, missing = trace_relatives(
        [present, absent], records, as_of=date(2016, 10, 1)
    )
    assert found.candidates
    assert truth[found.candidates[0].record_id] == target.key
    assert found.candidates[0].rank == 1
    assert missing.no_match is True
    assert missing.probability_absent > 0.9


def test_tiny_registries_are_refused():
    """One record cannot be deduplicated."""
    with pytest.raises(InvalidRecordsError) as error:
        deduplicate([{"record_id": "a"}])
    assert error.value.code == "too_few_records"


def test_namesakes_that_split_the_evidence_are_both_listed(registry):
    """The decision is per query: two equally likely namesakes are both shown."""
    records, _ = registry
    twin = {
        "given_name": "Rebwar",
        "father_name": "Karwan",
        "grandfather_name": "Azad",
        "sex": "M",
        "dob": "1976-05-03",
        "nationality": "IQ",
        "place_of_origin": "Koya",
        "city": "Leeds",
    }
    namesakes = [dict(twin, record_id=rid) for rid in ("twin-1", "twin-2")]
    seeker = {
        "given_name": "Lawand",
        "father_name": "Rebwar",
        "place_of_origin": "Koya",
    }
    query = TraceQuery(
        "q",
        "Rebwar Karwan Azad",
        relation="father",
        approx_age=40,
        last_known_city="Leeds",
        nationality="IQ",
        seeker=seeker,
    )
    (result,) = trace_relatives(
        [query], [*records, *namesakes], as_of=date(2016, 10, 1), threshold=0.9
    )
    assert result.no_match is False
    assert {c.record_id for c in result.candidates[:2]} == {"twin-1", "twin-2"}
    assert all(c.probability < 0.9 for c in result.candidates)
    assert 1.0 - result.probability_absent >= 0.9


def test_names_entered_in_the_other_order_are_found_when_asked(registry):
    """A second record with given and father's (or family) names swapped."""
    records, truth = registry
    singles = [
        r
        for r in records
        if list(truth.values()).count(truth[r["record_id"]]) == 1
        and r["given_name"]
        and r["father_name"]
        and r["grandfather_name"]
        and r["dob"]
    ][:6]
    extra = []
    for i, record in enumerate(singles):
        swapped = dict(record, record_id=f"S{i}")
        if i % 2:
            swapped["given_name"], swapped["father_name"] = (
                record["father_name"],
                record["given_name"],
            )
        else:
            swapped["given_name"], swapped["grandfather_name"] = (
                record["grandfather_name"],
                record["given_name"],
            )
        extra.append(swapped)
    expected = {
        tuple(sorted((r["record_id"], s["record_id"])))
        for r, s in zip(singles, extra, strict=True)
    }
    plain = deduplicate(records + extra)
    asked = deduplicate(records + extra, model=plain.model, swapped_names=True)
    found_plain = {_pair_key(p) for p in plain.pairs} & expected
    found = {_pair_key(p): p for p in asked.pairs if _pair_key(p) in expected}
    assert len(found) >= 5
    assert len(found) > len(found_plain)
    for pair in found.values():
        if _pair_key(pair) not in found_plain:
            assert pair.contributions[-1].field == "name_order"
            assert pair.contributions[-1].match_weight == 0.0
    # Every pair found without the swap is still there, scored no lower.
    before = {_pair_key(p): p.probability for p in plain.pairs}
    after = {_pair_key(p): p.probability for p in asked.pairs}
    assert all(after[key] >= value for key, value in before.items())
