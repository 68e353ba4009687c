"""The responsibility engine reads its time limits from the kernel's one table."""

from __future__ import annotations

from dataclasses import fields
from datetime import date

from haven.engines.kernel import LIMITS, Regime
from haven.engines.responsibility import (
    AMMR_RULES,
    DUBLIN_III_RULES,
    RegimeRules,
    determine,
)
from haven.engines.responsibility.regime import RULES, select_regime

PROCEDURE = (
    "take_charge_request",
    "take_charge_request_eurodac",
    "take_charge_request_late",
    "take_charge_reply",
    "take_charge_reply_urgent",
    "take_charge_reply_eurodac",
    "tacit_acceptance",
    "re_examination",
    "take_back_late",
    "take_back_irregular_stay",
    "take_back_irregular_stay_late",
    "take_back_reply",
    "take_back_tacit",
    "transfer",
    "transfer_extension",
    "transfer_expiry",
    "transfer_decision",
)

TAKE_BACK_FACTS = {
    "applicant": {"date_of_birth": "1990-01-01", "unaccompanied": False},
    "applications": [
        {"state": "IT", "date": "2016-05-01"},
        {"state": "FR", "date": "2016-10-01"},
    ],
}


def test_regime_rules_keep_no_period_of_a_request_or_transfer():
    """Only the criteria's own periods (Arts 12(4) and 13(1)) stay in the rules."""
    periods = {
        item.name
        for item in fields(RegimeRules)
        if item.name.endswith(("_months", "_weeks", "_days"))
    }
    assert periods == {
        "irregular_entry_months",
        "expired_residence_months",
        "expired_visa_months",
    }


def test_every_procedural_citation_is_the_tables_own_object():
    """One source: each rule's provision is the very object of a table row."""
    table = [rule.citation for rule in LIMITS] + [
        rule.silence_citation for rule in LIMITS if rule.silence_citation is not None
    ]
    for rules in (DUBLIN_III_RULES, AMMR_RULES):
        for name in PROCEDURE:
            citation = getattr(rules, name)
            if citation is not None:
                assert any(citation is item for item in table), (rules.regime, name)


def test_the_engine_uses_the_kernels_regime():
    assert select_regime(date(2016, 10, 24)) is Regime.DUBLIN3
    assert set(RULES) == {Regime.DUBLIN3, Regime.AMMR}
    assert DUBLIN_III_RULES.regime is Regime.DUBLIN3


def test_a_take_back_request_after_a_hit_cites_article_23_2_first_subparagraph():
    """Dublin III Art 23(2) first subpara: 2 months from the hit (5 Oct -> 5 Dec)."""
    facts = {
        **TAKE_BACK_FACTS,
        "determination_date": "2016-10-10",
        "eurodac_hits": [
            {
                "state": "IT",
                "category": 1,
                "taken": "2016-05-01",
                "received": "2016-10-05",
            }
        ],
    }
    result = determine(facts).to_json()
    deadline = result["deadlines"]["take_back_request"]
    assert deadline == {
        "date": "2016-12-05",
        "rule": "Dublin III Art 23(2) first subparagraph",
        "runs_from": "2016-10-05",
        "rolled_forward": False,
        "unverified": False,
    }


def test_a_take_back_request_on_other_evidence_cites_the_second_subparagraph():
    """Art 23(2) second subpara: 3 months from the new lodging (1 Oct -> 1 Jan).

    1 January 2017 is a Sunday: the limit rolls to Monday 2 January.
    """
    result = determine({**TAKE_BACK_FACTS, "determination_date": "2016-10-10"})
    deadline = result.to_json()["deadlines"]["take_back_request"]
    assert deadline["date"] == "2017-01-02"
    assert deadline["rule"] == "Dublin III Art 23(2) second subparagraph"
    assert deadline["unverified"] is False


def test_a_missed_take_back_request_is_no_longer_flagged_unverified():
    """Art 23(3), read in C-213/17 X: the new state of lodging is responsible."""
    facts = {
        **TAKE_BACK_FACTS,
        "determination_date": "2016-12-20",
        "eurodac_hits": [
            {
                "state": "IT",
                "category": 1,
                "taken": "2016-05-01",
                "received": "2016-10-05",
            }
        ],
    }
    result = determine(facts).to_json()
    assert result["responsible_state"] == "FR"
    assert result["article"] == "Dublin III Art 23(3)"
    late = [r for r in result["reasons"] if r["rule"] == "Dublin III Art 23(3)"]
    assert late
    assert all(r["unverified"] is False for r in late)
