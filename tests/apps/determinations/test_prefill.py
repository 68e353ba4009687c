"""A request drafted from a determination takes only dates the limits run from."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from haven.apps.determinations.selectors import request_prefill


def _determination(facts, *, responsible="DE", regime="ammr"):
    return SimpleNamespace(
        facts=facts,
        responsible_state=responsible,
        regime=regime,
        article="AMMR Art 25(2)",
    )


def test_the_lodging_date_is_the_requesting_states_not_an_earlier_one_elsewhere():
    # Applied in DE in 2023 and in FR on 2 Nov 2026: a take back from FR counts
    # from the FR application (AMMR Art 39(1), Dublin III Art 23(2)), never from
    # the DE one three years earlier, which would show every limit as passed.
    facts = {
        "determining_state": "FR",
        "applications": [
            {"state": "DE", "date": "2023-04-01"},
            {"state": "FR", "date": "2026-11-02"},
        ],
    }
    prefill = request_prefill(_determination(facts))
    assert prefill.kind == "take_back"
    assert prefill.lodged_on == date(2026, 11, 2)


def test_without_an_application_in_the_requesting_state_the_officer_gives_it():
    facts = {
        "determining_state": "FR",
        "applications": [{"state": "IT", "date": "2026-08-01"}],
    }
    assert request_prefill(_determination(facts)).lodged_on is None


def test_a_hit_counts_from_its_receipt_not_from_the_fingerprinting():
    # Dublin III Art 21(1) second subparagraph and Art 23(2): two months "of
    # receiving the Eurodac hit". A hit with only the day the prints were taken
    # leaves the date for the officer to give.
    facts = {
        "determining_state": "FR",
        "applications": [{"state": "FR", "date": "2026-11-02"}],
        "eurodac_hits": [
            {"state": "DE", "category": 2, "taken": "2026-09-01"},
            {
                "state": "DE",
                "category": 2,
                "taken": "2026-09-05",
                "received": "2026-11-04",
            },
        ],
    }
    assert request_prefill(_determination(facts)).eurodac_hit_on == date(2026, 11, 4)
    facts["eurodac_hits"] = facts["eurodac_hits"][:1]
    assert request_prefill(_determination(facts)).eurodac_hit_on is None
