"""
The request tables per kind and regime: silence rules and their articles, what
leads to a transfer, and withdrawal of a draft.

Expected values come from the texts: Dublin III Arts 17(2), 22(7), 25(2), 34;
AMMR Art 41(3)-(4) (a take-back notification is confirmed, silence confirms);
Reg. 1560/2003 Art 5(2) read with C-47/17 X and X (silence on a re-examination
ends the procedure, it is no acceptance).
"""

from __future__ import annotations

from datetime import date

import pytest

from haven.engines.workflow import (
    REQUEST_MACHINES,
    Context,
    GuardFailedError,
    IllegalTransitionError,
    RequestKind,
    WorkflowError,
    request_leads_to_transfer,
    request_machine,
    request_silence,
)

TODAY = date(2027, 3, 1)
PAST = date(2027, 2, 1)
KINDS = [k.value for k in RequestKind]
REGIMES = ["dublin3", "ammr", "dubs"]


def step(kind, regime, source, target, *, role="dublin_officer", **facts):
    return request_machine(kind, regime).step(
        source,
        target,
        actor="ana",
        role=role,
        reason="noted",
        context=Context(TODAY, facts),
    )


def test_there_is_one_table_for_every_kind_under_every_regime():
    assert set(REQUEST_MACHINES) == {(k, r) for k in KINDS for r in REGIMES}


@pytest.mark.parametrize(
    ("kind", "regime", "outcome", "article"),
    [
        ("take_charge", "dublin3", "deemed_accepted", "Dublin III Art 22(7)"),
        ("take_back", "dublin3", "deemed_accepted", "Dublin III Art 25(2)"),
        ("take_charge", "ammr", "deemed_accepted", "AMMR Art 40"),
        ("take_back", "ammr", "deemed_confirmed", "AMMR Art 41(4)"),
        ("re_examination", "dublin3", "lapsed", "Art 5(2)"),
    ],
)
def test_silence_past_the_reply_limit_has_its_article(kind, regime, outcome, article):
    silence = request_silence(kind, regime)
    assert silence.outcome == outcome
    assert article in str(silence.citation)
    with pytest.raises(GuardFailedError, match="reply period has not ended"):
        step(kind, regime, "reply_due", outcome, reply_due=TODAY)
    assert (
        step(kind, regime, "reply_due", outcome, role="system", reply_due=PAST).target
        == outcome
    )


@pytest.mark.parametrize("regime", REGIMES)
def test_silence_on_a_humanitarian_request_is_not_acceptance(regime):
    assert request_silence("humanitarian", regime).outcome is None
    with pytest.raises(IllegalTransitionError):
        step("humanitarian", regime, "reply_due", "deemed_accepted", reply_due=PAST)
    assert step("humanitarian", regime, "reply_due", "accepted").target == "accepted"


@pytest.mark.parametrize("regime", REGIMES)
@pytest.mark.parametrize("kind", ["information", "humanitarian"])
def test_information_and_humanitarian_requests_never_lead_to_a_transfer(kind, regime):
    assert request_leads_to_transfer(kind, regime) is False
    machine = request_machine(kind, regime)
    assert "transfer_due" not in {t.target for t in machine.transitions}


@pytest.mark.parametrize("regime", REGIMES)
@pytest.mark.parametrize("kind", ["take_charge", "take_back", "re_examination"])
def test_an_agreed_request_leads_to_a_transfer(kind, regime):
    assert request_leads_to_transfer(kind, regime) is True


def test_an_ammr_take_back_is_confirmed_not_accepted():
    with pytest.raises(IllegalTransitionError):
        step("take_back", "ammr", "sent", "accepted")
    assert step("take_back", "ammr", "sent", "confirmed").target == "confirmed"
    # Art 41(3): the notified state may show it is not responsible.
    assert step("take_back", "ammr", "sent", "refused").target == "refused"


def test_an_information_request_is_answered_and_silence_changes_nothing():
    assert step("information", "dublin3", "sent", "answered").target == "answered"
    with pytest.raises(IllegalTransitionError):
        step("information", "dublin3", "sent", "accepted")
    assert request_silence("information", "dublin3").outcome is None


@pytest.mark.parametrize("regime", REGIMES)
@pytest.mark.parametrize("kind", KINDS)
def test_a_draft_can_be_withdrawn_and_a_sent_request_cannot(kind, regime):
    assert step(kind, regime, "drafted", "withdrawn").target == "withdrawn"
    with pytest.raises(IllegalTransitionError):
        step(kind, regime, "sent", "withdrawn")
    assert request_machine(kind, regime).is_final("withdrawn")


def test_a_re_examination_must_be_asked_in_time():
    with pytest.raises(GuardFailedError, match="re-examination has passed"):
        step("re_examination", "dublin3", "drafted", "sent", request_due=PAST)
    assert step("re_examination", "dublin3", "drafted", "sent").target == "sent"


def test_the_ammr_re_examination_rule_is_flagged_unverified():
    assert request_silence("re_examination", "ammr").unverified is True
    assert request_silence("re_examination", "dublin3").unverified is False


def test_an_unknown_kind_has_no_table():
    with pytest.raises(WorkflowError):
        request_machine("asylum", "dublin3")
