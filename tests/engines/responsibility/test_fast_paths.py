"""The fast paths give the same values as the full ones they stand in for."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from haven.engines.responsibility import InvalidFactsError, parse_facts
from haven.engines.responsibility import parsing as p
from haven.engines.responsibility.context import Context, Trail
from haven.engines.responsibility.criteria.dependency import dependent_persons
from haven.engines.responsibility.criteria.family import (
    applicant_family_member,
    beneficiary_family_member,
)
from haven.engines.responsibility.engine import _NO_MEMBERS
from haven.engines.responsibility.regime import RULES, member_states
from haven.engines.responsibility.schema import FACTS

SCENARIOS = sorted(
    (Path(__file__).parents[2] / "scenarios" / "responsibility").glob("*.json")
)

# A document that uses every object of the format, so that a mutation can reach each.
FULL: dict[str, Any] = {
    "case_id": "c-1",
    "determination_date": "2016-11-02",
    "regime": "dublin3",
    "determining_state": "FR",
    "applicant": {
        "date_of_birth": "2000-02-29",
        "nationality": "SY",
        "married": False,
        "unaccompanied": True,
        "health_prevents_travel": False,
    },
    "applications": [
        {"state": "FR", "date": "2016-10-24", "transit_area": False},
        {"state": "DE", "date": "2016-09-01", "visa_waived": None},
    ],
    "family_members": [
        {
            "relation": "sibling",
            "state": "SE",
            "status": "applicant",
            "legally_present": True,
            "date_of_birth": "1998-05-01",
            "dependency": {
                "direction": "member_depends_on_applicant",
                "ground": "serious_illness",
                "written_consent": True,
            },
        }
    ],
    "documents": [
        {
            "type": "visa",
            "visa_type": "C",
            "issuing_state": "IT",
            "valid_from": "2016-01-01",
            "valid_until": "2016-03-01",
        }
    ],
    "irregular_entries": [{"state": "GR", "date": "2016-02-01", "evidence": "proof"}],
    "eurodac_hits": [{"state": "GR", "category": 2, "taken": "2016-02-02"}],
    "stays": [{"state": "HU", "start": "2016-02-10", "end": "2016-08-10"}],
    "visa_waived_entries": [{"state": "AT", "date": "2016-08-20"}],
    "absences": [{"left": "2016-08-21", "returned": "2016-08-30"}],
    "best_interests": {"assessed_on": "2016-10-25", "not_in_best_interests": ["HU"]},
    "transfer_barriers": [{"state": "GR", "ground": "systemic_flaws"}],
    "discretion": [{"state": "FR", "date": "2016-10-30"}],
    "requests": [
        {
            "type": "take_charge",
            "requesting_state": "FR",
            "requested_state": "SE",
            "sent": "2016-10-26",
            "reply": {"date": "2016-10-31", "decision": "accepted"},
        }
    ],
    "transfers": [{"to_state": "SE", "extension": "absconding"}],
    "s67": {"criteria_version": "calais-2016-11", "transfers_counted": 3},
}

# Values of every JSON type, some right for one field and wrong for another.
JUNK: list[Any] = [
    None,
    True,
    False,
    0,
    1,
    2,
    -1,
    2.0,
    0.5,
    "",
    "FR",
    "XX",
    "fr",
    "2016-10-24",
    "2016-02-30",
    "2016-1-01",
    "20161024",
    "SY",
    "Sy",
    "stateless",
    "visa",
    "spouse",
    "accepted",
    "C",
    [],
    {},
    ["FR"],
    {"state": "FR"},
]


def _full_walk(data: Any) -> Any:
    """Return the value the full walk builds, or ``None`` when it names errors."""
    errors: list[Any] = []
    built = p._object(data, FACTS, "$", errors)
    return None if errors else built


def _fast_walk(data: Any) -> Any:
    """Return the value the fast walk builds, or ``None`` when it gives up."""
    try:
        return p._fast_facts(data)
    except p._Rejected:
        return None


def _variants(data: Any, value: Any) -> Iterator[Any]:
    """Yield copies of ``data`` with one field, item or object changed to ``value``."""
    if isinstance(data, dict):
        for key in data:
            yield {**data, key: value}
            yield {name: item for name, item in data.items() if name != key}
            for inner in _variants(data[key], value):
                yield {**data, key: inner}
        yield {**data, "unknown": value}
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield [*data[:index], value, *data[index + 1 :]]
            for inner in _variants(item, value):
                yield [*data[:index], inner, *data[index + 1 :]]


@pytest.mark.parametrize("path", SCENARIOS, ids=[path.stem for path in SCENARIOS])
def test_fast_walk_builds_every_scenario_as_the_full_walk_does(path):
    """Every scenario's facts take the fast walk and give the full walk's value."""
    facts = json.loads(path.read_text(encoding="utf-8"))["facts"]
    full = _full_walk(facts)
    if full is None:
        assert _fast_walk(facts) is None
    else:
        assert _fast_walk(facts) == full


def test_fast_walk_builds_a_document_using_every_object():
    """The document that reaches every object is built by the fast walk."""
    assert _fast_walk(FULL) is not None
    assert _fast_walk(FULL) == _full_walk(FULL)


@pytest.mark.parametrize("value", JUNK, ids=repr)
def test_fast_walk_accepts_only_what_the_full_walk_accepts(value):
    """Changing any one field, item or object, the two walks build the same value."""
    for data in _variants(FULL, value):
        fast = _fast_walk(data)
        full = _full_walk(data)
        if fast is not None:
            assert fast == full, data
        elif full is not None:
            # Giving up is allowed only where the exact JSON type check is stricter
            # than the full walk: a float equal to an integer of an enum.
            assert isinstance(value, float), data
        try:
            parsed = parse_facts(data)
        except InvalidFactsError:
            parsed = None
        if parsed is not None:
            assert parsed == full


def test_cached_date_string_keeps_rejecting_an_impossible_date():
    """A date seen before is reused; an impossible one is still named as an error."""
    good = dict(FULL, determination_date="2016-11-02")
    assert parse_facts(good).determination_date == date(2016, 11, 2)
    bad = dict(FULL, determination_date="2016-02-30")
    with pytest.raises(InvalidFactsError, match=r"\$\.determination_date: invalid"):
        parse_facts(bad)


@pytest.mark.parametrize("regime", sorted(RULES))
def test_shortcut_without_family_members_records_what_the_criteria_would(regime):
    """Skipping the family criteria when there are none records the same reasons."""
    rules = RULES[regime]
    lodged = date(2016, 10, 24) if regime == "dublin3" else date(2026, 7, 1)
    facts = parse_facts(
        {
            "applicant": {"date_of_birth": "1990-01-01", "unaccompanied": False},
            "applications": [{"state": "FR", "date": lodged.isoformat()}],
            "family_members": [{"relation": "spouse", "state": "GB"}]
            if regime == "ammr"
            else [],
        }
    )
    ctx = Context(
        facts, rules, lodged, facts.applications, member_states(regime, lodged)
    )
    assert ctx.members == ()
    trail = Trail()
    for criterion in (
        beneficiary_family_member,
        applicant_family_member,
        dependent_persons,
    ):
        assert criterion(ctx, trail) is None
    assert tuple(trail.reasons) == _NO_MEMBERS[regime]
    assert not trail.needs
    assert not trail.flags
    assert not trail.unverified
