"""
The one table of time limits, checked row by row against the regulations.

The expected table below is written from the texts (Reg. 604/2013, Reg. 2024/1351,
Reg. 1560/2003) and its dates are counted by hand under Reg. 1182/71 Art 3: the
day of the event is not counted, a month period ends on the same date (or the
month's last day), and an end on a Saturday or Sunday rolls to the Monday.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

import pytest

from haven.engines.kernel import (
    LIMITS,
    REQUEST_KINDS,
    EngineError,
    Regime,
    due,
    limit,
    limits_for,
)


class Row(NamedTuple):
    regime: str
    kind: str
    step: str
    condition: str | None
    event: date
    due: date
    rolled: bool
    rule: str
    silence: str
    silence_rule: str | None
    unverified: bool


D3, AM = "dublin3", "ammr"
REQ = "requesting_state_responsible"

# fmt: off
EXPECTED = [
    # Dublin III Art 21(1): 3 months from lodging; 1 Sep 2016 (Thu) -> 1 Dec (Thu).
    Row(D3, "take_charge", "request", None, date(2016, 9, 1), date(2016, 12, 1),
        False, "Dublin III Art 21(1)", REQ,
        "Dublin III Art 21(1) third subparagraph", False),
    # Art 21(1) second subpara: 2 months from the hit; 2 Sep -> 2 Nov 2016 (Wed).
    Row(D3, "take_charge", "request", "eurodac_hit", date(2016, 9, 2),
        date(2016, 11, 2), False, "Dublin III Art 21(1) second subparagraph", REQ,
        "Dublin III Art 21(1) third subparagraph", False),
    # Art 22(1): 2 months; 24 Oct -> 24 Dec 2016, a Saturday -> Mon 26 Dec.
    # Silence is acceptance, Art 22(7).
    Row(D3, "take_charge", "reply", None, date(2016, 10, 24), date(2016, 12, 26),
        True, "Dublin III Art 22(1)", "acceptance", "Dublin III Art 22(7)", False),
    # Art 22(6): urgent, 1 month at the latest (spec §4.1: UNVERIFIED);
    # 24 Oct -> 24 Nov 2016 (Thu).
    Row(D3, "take_charge", "reply", "urgent", date(2016, 10, 24),
        date(2016, 11, 24), False, "Dublin III Art 22(6)", "acceptance",
        "Dublin III Art 22(7)", True),
    # Art 23(2) second subpara: 3 months from lodging, on evidence other than a
    # Eurodac hit; 5 Sep -> 5 Dec 2016 (Mon). Late: Art 23(3).
    Row(D3, "take_back", "request", None, date(2016, 9, 5), date(2016, 12, 5),
        False, "Dublin III Art 23(2) second subparagraph", REQ,
        "Dublin III Art 23(3)", False),
    # Art 23(2) first subpara: 2 months from the Eurodac hit; 5 Oct -> 5 Dec 2016.
    Row(D3, "take_back", "request", "eurodac_hit", date(2016, 10, 5),
        date(2016, 12, 5), False, "Dublin III Art 23(2) first subparagraph", REQ,
        "Dublin III Art 23(3)", False),
    # Art 24(2): no new application, 2 months from the hit; 31 Dec 2016 -> 28 Feb
    # 2017 (no 31 Feb; a Tuesday). Late: a new application may be lodged, Art 24(3).
    Row(D3, "take_back", "request", "no_new_application", date(2016, 12, 31),
        date(2017, 2, 28), False, "Dublin III Art 24(2)", "new_application",
        "Dublin III Art 24(3)", False),
    # Art 25(1): 1 month; 3 Oct -> 3 Nov 2016 (Thu). Silence: acceptance, 25(2).
    Row(D3, "take_back", "reply", None, date(2016, 10, 3), date(2016, 11, 3),
        False, "Dublin III Art 25(1)", "acceptance", "Dublin III Art 25(2)", False),
    # Art 25(1): 2 weeks on Eurodac data; 3 Oct -> 17 Oct 2016 (Mon).
    Row(D3, "take_back", "reply", "eurodac_hit", date(2016, 10, 3),
        date(2016, 10, 17), False, "Dublin III Art 25(1)", "acceptance",
        "Dublin III Art 25(2)", False),
    # Art 34(5): 5 weeks (not confirmed in the text); 3 Oct -> 7 Nov 2016 (Mon).
    # A late reply does not relieve the requested state; silence means nothing.
    Row(D3, "information", "reply", None, date(2016, 10, 3), date(2016, 11, 7),
        False, "Dublin III Art 34(5)", "nothing", None, True),
    # Art 17(2): 2 months (spec §3.4: UNVERIFIED for Dublin III); 31 Oct ->
    # 31 Dec 2016, a Saturday -> Mon 2 Jan 2017. No acceptance by silence.
    Row(D3, "humanitarian", "reply", None, date(2016, 10, 31), date(2017, 1, 2),
        True, "Dublin III Art 17(2)", "nothing", None, True),
    # Reg. 1560/2003 Art 5(2): 3 weeks to ask; 1 Nov -> 22 Nov 2016 (Tue).
    Row(D3, "re_examination", "request", None, date(2016, 11, 1),
        date(2016, 11, 22), False, "Reg. 1560/2003 Art 5(2)", "refusal_stands",
        None, False),
    # Art 5(2) and X and X (C-47/17): 2 weeks to reply; 22 Nov -> 6 Dec 2016.
    Row(D3, "re_examination", "reply", None, date(2016, 11, 22), date(2016, 12, 6),
        False, "Reg. 1560/2003 Art 5(2) as read in C-47/17 X and X", REQ,
        "Reg. 1560/2003 Art 5(2)", False),
    # Art 29(1): 6 months from acceptance; 2 Nov 2016 -> 2 May 2017 (Tue).
    Row(D3, "transfer", "transfer", None, date(2016, 11, 2), date(2017, 5, 2),
        False, "Dublin III Art 29(1)", REQ, "Dublin III Art 29(2)", False),
    # Art 29(2): up to 1 year when imprisoned; 2 Nov 2016 -> 2 Nov 2017 (Thu).
    Row(D3, "transfer", "transfer", "imprisonment", date(2016, 11, 2),
        date(2017, 11, 2), False, "Dublin III Art 29(2)", REQ,
        "Dublin III Art 29(2)", False),
    # Art 29(2): up to 18 months when absconding; 2 Nov 2016 -> 2 May 2018 (Wed).
    Row(D3, "transfer", "transfer", "absconding", date(2016, 11, 2),
        date(2018, 5, 2), False, "Dublin III Art 29(2)", REQ,
        "Dublin III Art 29(2)", False),
    # AMMR Art 39(1): 2 months from registration; 1 Jul 2026 (Wed) -> 1 Sep (Tue).
    Row(AM, "take_charge", "request", None, date(2026, 7, 1), date(2026, 9, 1),
        False, "AMMR Art 39(1)", REQ, "AMMR Art 39(1)", False),
    # Art 39(1) second subpara: 1 month from a Eurodac or VIS hit; 2 Jul -> 2 Aug
    # 2026, a Sunday -> Mon 3 Aug.
    Row(AM, "take_charge", "request", "eurodac_hit", date(2026, 7, 2),
        date(2026, 8, 3), True, "AMMR Art 39(1)", REQ, "AMMR Art 39(1)", False),
    # Art 40(1): 1 month; 1 Jul -> 1 Aug 2026, a Saturday -> Mon 3 Aug. Silence is
    # acceptance (Art 40; its paragraph is not confirmed).
    Row(AM, "take_charge", "reply", None, date(2026, 7, 1), date(2026, 8, 3),
        True, "AMMR Art 40(1)", "acceptance", "AMMR Art 40", False),
    # Art 40(2): 2 weeks after a hit; 1 Jul -> 15 Jul 2026 (Wed).
    Row(AM, "take_charge", "reply", "eurodac_hit", date(2026, 7, 1),
        date(2026, 7, 15), False, "AMMR Art 40(2)", "acceptance", "AMMR Art 40",
        False),
    # Art 41(1): take-back notification within 2 weeks of the hit; 1 Jul -> 15 Jul.
    # A late notification does not affect the obligation.
    Row(AM, "take_back", "request", None, date(2026, 7, 1), date(2026, 7, 15),
        False, "AMMR Art 41(1)", "nothing", "AMMR Art 41(1)", False),
    # Without a hit the text sets no start: haven counts from registration and
    # flags it; 10 Jul (Fri) -> 24 Jul 2026 (Fri).
    Row(AM, "take_back", "request", "no_eurodac_hit", date(2026, 7, 10),
        date(2026, 7, 24), False,
        "AMMR Art 41(1) as read in haven's fallback without a Eurodac hit",
        "nothing", None, True),
    # Art 41(3): confirm receipt within 2 weeks; 3 Jul -> 17 Jul 2026 (Fri).
    # Silence is confirmation, Art 41(4).
    Row(AM, "take_back", "reply", None, date(2026, 7, 3), date(2026, 7, 17),
        False, "AMMR Art 41(3)", "confirmation", "AMMR Art 41(4)", False),
    # Art 51 (information sharing): period not confirmed; 5 weeks as Dublin III;
    # 1 Jul -> 5 Aug 2026 (Wed).
    Row(AM, "information", "reply", None, date(2026, 7, 1), date(2026, 8, 5),
        False, "AMMR Art 51", "nothing", None, True),
    # Art 35(2): 2 months; 31 Dec 2026 -> 28 Feb 2027 (no 31 Feb), a Sunday ->
    # Mon 1 Mar 2027. No acceptance by silence.
    Row(AM, "humanitarian", "reply", None, date(2026, 12, 31), date(2027, 3, 1),
        True, "AMMR Art 35(2)", "nothing", None, False),
    # Implementing Reg. 2025/2055: periods not confirmed; 3 weeks, 1 Jul -> 22 Jul.
    Row(AM, "re_examination", "request", None, date(2026, 7, 1), date(2026, 7, 22),
        False, "Implementing Reg. 2025/2055 re-examination provision",
        "refusal_stands", None, True),
    # ... and 2 weeks to reply, 22 Jul -> 5 Aug 2026 (Wed).
    Row(AM, "re_examination", "reply", None, date(2026, 7, 22), date(2026, 8, 5),
        False, "Implementing Reg. 2025/2055 re-examination provision", REQ, None,
        True),
    # Art 42(1): transfer decision within 2 weeks; 1 Jul -> 15 Jul 2026.
    Row(AM, "transfer", "transfer_decision", None, date(2026, 7, 1),
        date(2026, 7, 15), False, "AMMR Art 42(1)", "nothing", None, False),
    # Art 46(1): 6 months; 31 Aug 2026 -> 28 Feb 2027 (Sun) -> Mon 1 Mar 2027.
    # After it the transferring state is responsible (Art 37(1)).
    Row(AM, "transfer", "transfer", None, date(2026, 8, 31), date(2027, 3, 1),
        True, "AMMR Art 46(1)", REQ, "AMMR Art 37(1)", False),
    # Art 46(2): 1 year when imprisoned (spec §9 item 2: UNVERIFIED);
    # 1 Jul 2026 -> 1 Jul 2027 (Thu).
    Row(AM, "transfer", "transfer", "imprisonment", date(2026, 7, 1),
        date(2027, 7, 1), False, "AMMR Art 46(2)", REQ, "AMMR Art 37(1)", True),
    # Art 46(2): 3 years when absconding (UNVERIFIED); 1 Jul 2026 -> 1 Jul 2029,
    # a Sunday -> Mon 2 Jul 2029.
    Row(AM, "transfer", "transfer", "absconding", date(2026, 7, 1),
        date(2029, 7, 2), True, "AMMR Art 46(2)", REQ, "AMMR Art 37(1)", True),
]
# fmt: on


def _key(row: Row) -> tuple[str, str, str, str | None]:
    return (row.regime, row.kind, row.step, row.condition)


def test_the_table_has_exactly_the_rows_the_regulations_give():
    """Every limit in the table is in the expected table, and none is missing."""
    table = {(r.regime, r.kind, r.step, r.condition) for r in LIMITS}
    assert table == {_key(row) for row in EXPECTED}
    assert len(LIMITS) == len(EXPECTED)


@pytest.mark.parametrize("row", EXPECTED, ids=lambda row: "-".join(map(str, _key(row))))
def test_each_limit_falls_on_the_hand_counted_day_and_cites_its_article(row):
    rule = limit(row.regime, row.kind, row.step, row.condition)
    deadline = due(rule, row.event)
    assert deadline.due == row.due
    assert deadline.rolled_forward is row.rolled
    assert deadline.runs_from == row.event
    assert str(deadline.citation) == row.rule
    assert deadline.unverified is row.unverified
    assert rule.silence == row.silence
    silence_rule = rule.silence_citation
    assert (None if silence_rule is None else str(silence_rule)) == row.silence_rule


@pytest.mark.parametrize("regime", [item.value for item in Regime])
@pytest.mark.parametrize("kind", REQUEST_KINDS)
def test_limits_for_lists_every_limit_of_a_kind_with_its_transfer(kind, regime):
    """
    Take charge, take back and re-examination carry the transfer limits; the
    others never do. An acceptance on re-examination makes the requested state
    responsible, and the transfer period runs from it (Dublin III Art 29(1)).
    """
    transferring = ("take_charge", "take_back", "re_examination")
    kinds = {kind, "transfer"} if kind in transferring else {kind}
    wanted = [
        _key(row) for row in EXPECTED if row.regime == regime and row.kind in kinds
    ]
    got = [(r.regime, r.kind, r.step, r.condition) for r in limits_for(kind, regime)]
    assert sorted(got, key=str) == sorted(wanted, key=str)


def test_uk_s67_requests_have_no_time_limit():
    assert limits_for("take_charge", "dubs") == ()
    with pytest.raises(EngineError) as caught:
        limit("dubs", "take_charge", "request")
    assert caught.value.code == "unknown_limit"
    assert "take_charge request" in caught.value.message


def test_a_provision_is_flagged_the_same_way_in_every_row_that_cites_it():
    flags: dict[str, set[bool]] = {}
    for rule in LIMITS:
        flags.setdefault(repr(rule.citation), set()).add(rule.unverified)
    assert all(len(seen) == 1 for seen in flags.values()), flags


def test_a_row_reads_as_a_caseworker_would_say_it():
    rule = limit("dublin3", "take_back", "request", "eurodac_hit")
    assert rule.name == "take_back_request"
    assert rule.to_json() == {
        "regime": "dublin3",
        "kind": "take_back",
        "step": "request",
        "condition": "eurodac_hit",
        "runs_from": "eurodac_hit",
        "period": "2 months",
        "rule": "Dublin III Art 23(2) first subparagraph",
        "silence": "requesting_state_responsible",
        "silence_rule": "Dublin III Art 23(3)",
        "unverified": False,
    }
    assert limit("ammr", "take_charge", "request", "eurodac_hit").period == "1 month"
    assert limit("dublin3", "information", "reply").period == "5 weeks"
