"""Deduplication of a small seeded synthetic camp (the benchmark in miniature)."""

from collections import Counter

import pytest

from haven.engines.linkage import deduplicate

camp_module = pytest.importorskip("haven.synthetic.camp")

pytestmark = pytest.mark.slow


def _row(registration):
    name = registration.name
    dob = registration.date_of_birth
    return {
        "record_id": registration.record_id,
        "given_name": name.given_name,
        "father_name": name.father_name,
        "grandfather_name": name.grandfather_name,
        "family_name": name.family_name,
        "sex": registration.sex,
        "dob": dob.isoformat() if dob else "",
        "dob_precision": registration.dob_precision,
        "nationality": registration.nationality,
        "place_of_origin": registration.place_of_origin,
        "phone": registration.phone,
        "name_native": name.native_script,
    }


def test_a_synthetic_camp_is_deduplicated_well_above_doing_nothing():
    """Pairwise F1 at the default threshold beats a floor on a 400-resident camp."""
    camp = camp_module.generate_camp(400, seed=3)
    registrations = [r for r in camp.registrations if r.source != "relative_declared"]
    truth = {r.record_id: r.person_key for r in registrations}
    result = deduplicate([_row(r) for r in registrations])
    true_pairs = sum(n * (n - 1) // 2 for n in Counter(truth.values()).values())
    chosen = [p for p in result.pairs if p.probability >= 0.9]
    hits = sum(truth[p.left_id] == truth[p.right_id] for p in chosen)
    precision, recall = hits / len(chosen), hits / true_pairs
    assert precision >= 0.85
    assert recall >= 0.6
