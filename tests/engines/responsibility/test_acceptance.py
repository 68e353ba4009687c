"""Acceptances bind; every limit is kept with its status; facts the law needs."""

from __future__ import annotations

import pytest

from haven.engines.responsibility import ENGINE_VERSION, InvalidFactsError, determine

ADULT = {"date_of_birth": "1990-01-01", "nationality": "SY", "unaccompanied": False}
# Irregular entry into IT on 2016-03-01, lodged in FR on 2016-10-24: the criteria give
# IT (Dublin III Art 13(1)); the take-charge request is due by 2017-01-24 (3 months).
BASE = {
    "applicant": ADULT,
    "applications": [{"state": "FR", "date": "2016-10-24"}],
    "irregular_entries": [{"state": "IT", "date": "2016-03-01"}],
}


def _facts(today: str, *requests: dict, **extra: object) -> dict:
    return {**BASE, "determination_date": today, "requests": list(requests), **extra}


def _request(to: str, sent: str, kind: str = "take_charge", **reply: str) -> dict:
    item: dict = {
        "type": kind,
        "requesting_state": "FR",
        "requested_state": to,
        "sent": sent,
    }
    if reply:
        item["reply"] = dict(reply)
    return item


def test_engine_version_is_bumped_so_stored_results_show_as_out_of_date():
    """Results now carry limits and acceptances: the version says so."""
    assert ENGINE_VERSION == "responsibility-1.1.0"


def test_refusal_in_time_by_another_state_does_not_bind_it():
    """A refused request is no acceptance: the criteria's answer stands."""
    result = determine(
        _facts(
            "2016-12-10",
            _request("ES", "2016-11-15", date="2016-12-05", decision="refused"),
        )
    ).to_json()
    assert result["responsible_state"] == "IT"
    assert result["acceptance"] is None


def test_pending_request_to_another_state_binds_nothing_yet():
    """Before the reply limit (2017-01-16) silence is not yet acceptance."""
    result = determine(_facts("2017-01-16", _request("ES", "2016-11-15"))).to_json()
    assert result["responsible_state"] == "IT"
    assert result["acceptance"] is None


def test_silence_binds_the_day_after_the_reply_limit():
    """On 2017-01-17, the day after the limit, ES has accepted by silence."""
    result = determine(_facts("2017-01-17", _request("ES", "2016-11-15"))).to_json()
    assert result["responsible_state"] == "ES"
    assert result["article"] == "Dublin III Art 22(7)"
    assert result["acceptance"]["date"] == "2017-01-16"


def test_acceptance_on_re_examination_binds():
    """
    A refusal followed by an acceptance on re-examination binds the state.

    Reg. 1560/2003 Art 5(2): re-examination requested 2016-12-10, answered within 2
    weeks (by 2016-12-24) with an acceptance on 2016-12-20; transfer by 2017-06-20.
    """
    result = determine(
        _facts(
            "2016-12-28",
            _request("ES", "2016-11-15", date="2016-12-05", decision="refused"),
            _request(
                "ES",
                "2016-12-10",
                "re_examination",
                date="2016-12-20",
                decision="accepted",
            ),
        )
    ).to_json()
    assert result["responsible_state"] == "ES"
    assert result["acceptance"]["article"] == "Reg. 1560/2003 Art 5(2)"
    assert result["deadlines"]["transfer"]["date"] == "2017-06-20"


def test_acceptance_of_a_late_request_leaves_the_requesting_state_responsible():
    """
    A request sent after its limit moves responsibility to the requesting state.

    Sent 2017-02-01, after the limit 2017-01-24 (Art 21(1) third subparagraph): ES's
    acceptance does not bind, and the flag says so rather than dropping it.
    """
    result = determine(
        _facts(
            "2017-02-20",
            _request("ES", "2017-02-01", date="2017-02-10", decision="accepted"),
        )
    ).to_json()
    assert result["responsible_state"] == "FR"
    assert result["article"] == "Dublin III Art 21(1) third subparagraph"
    messages = [flag["message"] for flag in result["flags"]]
    assert any("ES accepted expressly on 2017-02-10" in m for m in messages)
    assert any("but FR is responsible" in m for m in messages)


def test_take_back_acceptance_without_the_earlier_application_still_binds():
    """
    An accepted take-back request is enough even without the application behind it.

    Dublin III Art 25(1): reply within 1 month; accepted 2016-12-01, so the transfer
    is due 6 months later, 2017-06-01 (Art 29(1)).
    """
    facts = {
        "determination_date": "2016-12-10",
        "applicant": {},
        "applications": [{"state": "FR", "date": "2016-10-24"}],
        "requests": [
            _request(
                "DE", "2016-11-15", "take_back", date="2016-12-01", decision="accepted"
            )
        ],
    }
    result = determine(facts).to_json()
    assert result["responsible_state"] == "DE"
    assert result["article"] == "Dublin III Art 25(1)"
    assert result["deadlines"]["take_back_reply"]["date"] == "2016-12-15"
    assert result["deadlines"]["transfer"]["date"] == "2017-06-01"
    assert result["needs_information"] == []
    assert result["acceptance"]["request"] == "take_back"


def test_requests_made_by_another_state_are_not_acceptances_for_this_one():
    """Only requests the determining state made can bind a state to it."""
    request = dict(_request("ES", "2016-11-15"), requesting_state="DE")
    result = determine(_facts("2017-02-01", request)).to_json()
    assert result["acceptance"] is None


def test_every_result_has_limits_and_acceptance_keys():
    """The new keys are always present, so readers need no guard."""
    result = determine(_facts("2016-11-02")).to_json()
    assert result["acceptance"] is None
    assert [item["name"] for item in result["limits"]] == ["take_charge_request"]
    assert result["limits"][0]["status"] == "open"
    s67 = determine(
        {"determination_date": "2016-11-02", "regime": "dubs", "applicant": ADULT}
    ).to_json()
    assert s67["limits"] == []
    assert s67["acceptance"] is None


def test_missed_request_limit_is_marked_with_the_day_it_was_sent():
    """A request sent on 2017-02-01 against the limit 2017-01-24 was missed."""
    result = determine(_facts("2017-02-20", _request("IT", "2017-02-01"))).to_json()
    limits = {item["name"]: item for item in result["limits"]}
    assert limits["take_charge_request"]["status"] == "missed"
    assert limits["take_charge_request"]["act"] == "request sent on 2017-02-01"


def test_explanation_shows_the_limits_and_the_acceptance():
    """The text form carries the same limits and acceptance as the value."""
    text = determine(
        _facts(
            "2016-12-10",
            _request("ES", "2016-11-15", date="2016-12-05", decision="accepted"),
        )
    ).explain()
    assert "take charge reply: 2017-01-16 met (accepted on 2016-12-05)" in text
    assert "Acceptance: ES expressly on 2016-12-05 under Dublin III Art 22(1)" in text
    assert "the criteria point to IT (Dublin III Art 13(1))" in text


def test_expired_visas_of_two_states_without_start_dates_ask_for_them():
    """
    Art 12(3) compares validity periods, so two states' expired visas need starts.

    Both expired within 6 months of the lodging (Art 12(4)); only then is the start
    date a question.
    """
    facts = {
        **BASE,
        "determination_date": "2016-11-02",
        "irregular_entries": [],
        "documents": [
            {
                "type": "visa",
                "issuing_state": state,
                "visa_type": kind,
                "valid_until": "2016-06-01",
                "enabled_entry": True,
            }
            for state, kind in (("ES", "C"), ("DE", "D"))
        ],
    }
    result = determine(facts).to_json()
    assert result["responsible_state"] is None
    assert any("$.documents[0].valid_from" in n for n in result["needs_information"])


def test_valid_visa_without_a_start_date_still_needs_it():
    """A visa still valid at the lodging may not yet have been valid then."""
    facts = {
        **BASE,
        "determination_date": "2016-11-02",
        "documents": [
            {
                "type": "visa",
                "issuing_state": "ES",
                "visa_type": "C",
                "valid_until": "2017-06-01",
            }
        ],
    }
    result = determine(facts).to_json()
    assert result["needs_information"] == [
        "$.documents[0].valid_from (Dublin III Art 12(1))"
    ]


def test_recorded_applicant_result_names_a_bad_state_in_the_users_words():
    """A wrong state code for the applicant's own result is refused by its path."""
    facts = _facts("2016-11-02")
    facts["applicant"] = {**ADULT, "individual_responsible_state": "XX"}
    with pytest.raises(InvalidFactsError) as caught:
        determine(facts)
    assert caught.value.messages()[0].startswith(
        "$.applicant.individual_responsible_state: unknown state code 'XX'"
    )


def test_recorded_applicant_result_outside_a_family_procedure_changes_nothing():
    """Without co-applicants Art 11 does not apply, so the criteria decide alone."""
    facts = _facts("2016-11-02")
    facts["applicant"] = {**ADULT, "individual_responsible_state": "DE"}
    assert determine(facts).responsible_state == "IT"
