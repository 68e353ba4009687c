"""The engine's value, flags and versioned s.67 criteria."""

from __future__ import annotations

import dataclasses
import json
from datetime import date

import pytest

from haven.engines.responsibility import (
    ENGINE_VERSION,
    S67_VERSIONS,
    Determination,
    determine,
)
from haven.engines.responsibility.vocabulary import S67_VERSIONS as VOCABULARY

FACTS = {
    "determination_date": "2016-11-02",
    "applicant": {"date_of_birth": "1990-01-01", "unaccompanied": False},
    "applications": [{"state": "FR", "date": "2016-10-24"}],
    "irregular_entries": [{"state": "IT", "date": "2016-03-01"}],
}


def test_determination_is_frozen():
    """A determination cannot be changed after it is made."""
    result = determine(FACTS)
    assert isinstance(result, Determination)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.responsible_state = "DE"  # type: ignore[misc]


def test_reasons_list_every_criterion_in_order_with_their_outcome():
    """Criteria after the one that applied are reported as not reached."""
    reasons = determine(FACTS).to_json()["reasons"]
    outcomes = {reason["rule"]: reason["outcome"] for reason in reasons}
    assert outcomes["Dublin III Art 9"] == "not_applied"
    assert outcomes["Dublin III Art 13(1)"] == "applied"
    assert outcomes["Dublin III Art 13(2)"] == "not_reached"
    rules = [reason["rule"] for reason in reasons]
    assert rules.index("Dublin III Art 9") < rules.index("Dublin III Art 13(1)")


def test_to_json_is_plain_json():
    """The plain dict survives a JSON round trip unchanged."""
    data = determine(FACTS).to_json()
    assert json.loads(json.dumps(data)) == data
    assert data["deadlines"]["take_charge_request"]["rule"] == "Dublin III Art 21(1)"


def test_unverified_rules_are_flagged_only_when_they_shape_the_outcome():
    """Art 16(1) is UNVERIFIED but only flagged when it applies."""
    rules = {flag["rule"] for flag in determine(FACTS).to_json()["flags"]}
    assert "Dublin III Art 7(2)" in rules
    assert "Dublin III Art 16(1)" not in rules


def test_passed_in_date_overrides_the_facts_date():
    """``today`` passed in wins over ``determination_date``."""
    result = determine(FACTS, today=date(2017, 2, 1))
    assert result.responsible_state == "FR"
    assert str(result.article) == "Dublin III Art 21(1) third subparagraph"


def test_case_without_applications_needs_information():
    """No application means no determination, and says so."""
    result = determine({"determination_date": "2016-11-02", "applicant": {}})
    assert result.responsible_state is None
    assert result.needs_information[0].startswith("$.applications")


def test_every_s67_version_is_accepted_by_the_facts_format():
    """The versions table and the facts vocabulary list the same versions."""
    assert tuple(S67_VERSIONS) == VOCABULARY


def test_engine_version_is_a_string():
    """Stored determinations record which engine made them."""
    assert ENGINE_VERSION.startswith("responsibility-")


def test_explain_of_s67_lists_each_criterion():
    """The readable text of an s.67 assessment shows every criterion."""
    text = determine(
        {
            "determination_date": "2016-11-01",
            "regime": "dubs",
            "applicant": {"date_of_birth": "2005-03-01", "unaccompanied": True},
            "s67": {
                "best_interests": True,
                "present_in_calais_camp_on": "2016-10-20",
                "arrived_in_europe": "2016-02-01",
            },
        }
    ).explain()
    assert "Outcome: eligible (criteria calais-2016-11)" in text
    assert "E1 aged 12 or under: met" in text
