"""The reply clock of a single request agrees with a full determination."""

from __future__ import annotations

from datetime import date

import pytest

from haven.engines.responsibility import (
    InvalidFactsError,
    Request,
    determine,
    reply_deadline,
)


@pytest.mark.parametrize(
    ("kind", "extra", "regime", "name", "due"),
    [
        ("take_charge", {}, "dublin3", "take_charge_reply", date(2016, 12, 26)),
        ("take_charge", {"urgent": True}, "dublin3", "take_charge_reply", None),
        ("take_back", {}, "dublin3", "take_back_reply", date(2016, 11, 24)),
        ("take_back", {"eurodac_hit": True}, "dublin3", "take_back_reply", None),
        ("take_charge", {"eurodac_hit": True}, "ammr", "take_charge_reply", None),
        ("take_back", {}, "ammr", "take_back_confirmation", None),
    ],
)
def test_reply_deadline_is_the_one_a_determination_sets(kind, extra, regime, name, due):
    """The tracker's clock and the determination's deadline are the same date."""
    sent = date(2016, 10, 24) if regime == "dublin3" else date(2026, 10, 26)
    clock = reply_deadline(Request(kind, "FR", "IT", sent, **extra), regime=regime)
    assert clock.name == name
    if due is not None:
        assert clock.due == due
    lodged = sent.replace(day=1)
    facts = {
        "determination_date": sent.isoformat(),
        "applicant": {"date_of_birth": "1990-01-01", "unaccompanied": False},
        "applications": [{"state": "FR", "date": lodged.isoformat()}],
        "irregular_entries": [{"state": "IT", "date": "2016-09-01"}],
        "requests": [
            {
                "type": kind,
                "requesting_state": "FR",
                "requested_state": "IT",
                "sent": sent.isoformat(),
                **extra,
            }
        ],
    }
    if regime == "ammr":
        facts["irregular_entries"][0]["date"] = "2026-09-01"
    if kind == "take_back":
        facts["applications"].insert(
            0,
            {"state": "IT", "date": lodged.replace(month=lodged.month - 1).isoformat()},
        )
    result = determine(facts).to_json()
    assert result["deadlines"][name]["date"] == clock.due.isoformat()


def test_reply_deadline_refuses_other_requests_and_regimes_naming_the_path():
    """A humanitarian request or the s.67 regime has no reply clock."""
    with pytest.raises(InvalidFactsError) as raised:
        reply_deadline(
            Request("humanitarian", "FR", "GB", date(2016, 10, 24)), regime="dubs"
        )
    assert [error.path for error in raised.value.errors] == ["$.type", "$.regime"]
