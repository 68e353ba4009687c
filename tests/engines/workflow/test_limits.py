"""
The workflow engine's deadlines are the kernel table's rows, for every kind.

Dates are counted by hand under Reg. 1182/71 Art 3 (the event's day is not
counted; an end on a weekend rolls to the Monday) from the article each case names.
"""

from __future__ import annotations

from datetime import date

import pytest

from haven.engines import workflow
from haven.engines.kernel import LIMITS, LimitRule, due
from haven.engines.workflow import (
    HUMANITARIAN,
    INFORMATION,
    RE_EXAMINATION,
    TAKE_BACK,
    TAKE_CHARGE,
    WorkflowError,
    limit_deadline,
    limits_for,
    re_examination_reply_deadline,
    re_examination_request_deadline,
    reply_deadline,
    request_deadline,
    transfer_deadline,
)


def test_the_kinds_are_exported_under_their_stored_names():
    assert (TAKE_CHARGE, TAKE_BACK, INFORMATION, HUMANITARIAN, RE_EXAMINATION) == (
        "take_charge",
        "take_back",
        "information",
        "humanitarian",
        "re_examination",
    )
    assert set(workflow.REQUEST_KINDS) == {
        TAKE_CHARGE,
        TAKE_BACK,
        INFORMATION,
        HUMANITARIAN,
        RE_EXAMINATION,
    }


def test_both_take_back_request_limits_are_in_article_23_paragraph_2():
    """Dublin III Art 23(2): 3 months from lodging, 2 months from a Eurodac hit."""
    lodging = request_deadline(TAKE_BACK, lodged_on=date(2016, 9, 5), regime="dublin3")
    # 5 Sep 2016 + 3 months = Mon 5 Dec 2016.
    assert lodging.due == date(2016, 12, 5)
    assert str(lodging.citation) == "Dublin III Art 23(2) second subparagraph"
    assert lodging.unverified is False
    hit = request_deadline(
        TAKE_BACK,
        lodged_on=date(2016, 9, 5),
        eurodac_hit_on=date(2016, 9, 20),
        regime="dublin3",
    )
    # 20 Sep + 2 months = Sun 20 Nov 2016 -> Mon 21 Nov, before 5 Dec.
    assert hit.due == date(2016, 11, 21)
    assert hit.rolled_forward is True
    assert str(hit.citation) == "Dublin III Art 23(2) first subparagraph"
    assert hit.citation.article == 23
    assert hit.citation.paragraph == 2


def test_an_ammr_take_back_notification_runs_from_the_hit():
    """AMMR Art 41(1): two weeks after the hit; without one haven flags its count."""
    hit = request_deadline(
        TAKE_BACK,
        lodged_on=date(2026, 7, 1),
        eurodac_hit_on=date(2026, 7, 3),
        regime="ammr",
    )
    assert (hit.due, str(hit.citation), hit.unverified) == (
        date(2026, 7, 17),
        "AMMR Art 41(1)",
        False,
    )
    fallback = request_deadline(TAKE_BACK, lodged_on=date(2026, 7, 10), regime="ammr")
    assert fallback.due == date(2026, 7, 24)
    assert fallback.unverified is True


@pytest.mark.parametrize(
    ("kind", "regime", "received", "expected", "rule", "unverified"),
    [
        # Dublin III Art 34(5), 5 weeks: 3 Oct -> Mon 7 Nov 2016.
        (INFORMATION, "dublin3", date(2016, 10, 3), date(2016, 11, 7),
         "Dublin III Art 34(5)", True),
        # Dublin III Art 17(2), 2 months: 31 Oct -> Sat 31 Dec -> Mon 2 Jan 2017.
        (HUMANITARIAN, "dublin3", date(2016, 10, 31), date(2017, 1, 2),
         "Dublin III Art 17(2)", True),
        # Reg. 1560/2003 Art 5(2), 2 weeks: 22 Nov -> 6 Dec 2016.
        (RE_EXAMINATION, "dublin3", date(2016, 11, 22), date(2016, 12, 6),
         "Reg. 1560/2003 Art 5(2) as read in C-47/17 X and X", False),
        # AMMR Art 51: 5 weeks, not confirmed: 1 Jul -> 5 Aug 2026.
        (INFORMATION, "ammr", date(2026, 7, 1), date(2026, 8, 5),
         "AMMR Art 51", True),
        # AMMR Art 35(2), 2 months: 31 Dec 2026 -> Sun 28 Feb 2027 -> Mon 1 Mar.
        (HUMANITARIAN, "ammr", date(2026, 12, 31), date(2027, 3, 1),
         "AMMR Art 35(2)", False),
        # AMMR Art 41(3): confirm receipt within 2 weeks: 3 Jul -> 17 Jul 2026.
        (TAKE_BACK, "ammr", date(2026, 7, 3), date(2026, 7, 17),
         "AMMR Art 41(3)", False),
    ],
)  # fmt: skip
def test_reply_limits_of_every_kind(kind, regime, received, expected, rule, unverified):
    deadline = reply_deadline(kind, received_on=received, regime=regime)
    assert deadline.due == expected
    assert str(deadline.citation) == rule
    assert deadline.unverified is unverified


def test_the_ammr_re_examination_is_flagged_unverified():
    """Implementing Reg. 2025/2055 is named by the spec but its periods are not."""
    asked = re_examination_request_deadline(refused_on=date(2026, 7, 1), regime="ammr")
    assert asked.due == date(2026, 7, 22)
    assert asked.unverified is True
    assert asked.citation.instrument == "2025/2055"
    reply = re_examination_reply_deadline(asked_on=date(2026, 7, 22), regime="ammr")
    assert (reply.due, reply.unverified) == (date(2026, 8, 5), True)


def test_the_transfer_limit_extended_for_imprisonment_under_the_ammr():
    """AMMR Art 46(2): 1 year (UNVERIFIED): 1 Jul 2026 -> Thu 1 Jul 2027."""
    deadline = transfer_deadline(
        accepted_on=date(2026, 7, 1), extension="imprisonment", regime="ammr"
    )
    assert (deadline.due, str(deadline.citation), deadline.unverified) == (
        date(2027, 7, 1),
        "AMMR Art 46(2)",
        True,
    )


def _call(rule: LimitRule, event: date):
    """Ask the workflow engine for ``rule``'s deadline through its public functions."""
    if rule.kind == "transfer" and rule.step == "transfer":
        return transfer_deadline(
            accepted_on=event, extension=rule.condition, regime=rule.regime
        )
    if rule.kind == RE_EXAMINATION and rule.step == "request":
        return re_examination_request_deadline(refused_on=event, regime=rule.regime)
    if rule.kind == RE_EXAMINATION:
        return re_examination_reply_deadline(asked_on=event, regime=rule.regime)
    if rule.step == "reply":
        return reply_deadline(
            rule.kind,
            received_on=event,
            urgent=rule.condition == "urgent",
            eurodac=rule.condition == "eurodac_hit",
            regime=rule.regime,
        )
    if rule.condition == "eurodac_hit" or rule.runs_from == "eurodac_hit":
        # A hit on the day of lodging: the hit's shorter period ends first.
        return request_deadline(
            rule.kind,
            lodged_on=event,
            eurodac_hit_on=event,
            regime=rule.regime,
        )
    return request_deadline(rule.kind, lodged_on=event, regime=rule.regime)


CALLABLE = [
    rule
    for rule in LIMITS
    if rule.condition != "no_new_application" and rule.step != "transfer_decision"
]


@pytest.mark.parametrize(
    "rule", CALLABLE, ids=lambda rule: f"{rule.regime}-{rule.name}-{rule.condition}"
)
def test_every_public_deadline_is_the_tables_row(rule):
    """What a page shows from the workflow engine equals the table's row."""
    event = date(2026, 7, 1)
    shown = _call(rule, event)
    assert shown.due == due(rule, event).due
    assert shown.citation is rule.citation
    assert shown.unverified is rule.unverified
    kinds = (TAKE_CHARGE, TAKE_BACK) if rule.kind == "transfer" else (rule.kind,)
    assert all(rule in limits_for(kind, rule.regime) for kind in kinds)


def test_kinds_without_a_limit_to_send_them_say_so():
    with pytest.raises(WorkflowError) as caught:
        request_deadline(INFORMATION, lodged_on=date(2016, 1, 1), regime="dublin3")
    assert caught.value.code == "no_limit"
    assert "information request" in caught.value.message
    with pytest.raises(WorkflowError) as caught:
        reply_deadline(TAKE_CHARGE, received_on=date(2016, 1, 1), regime="dubs")
    assert caught.value.code == "no_limit"
    with pytest.raises(WorkflowError) as caught:
        limits_for("take_away", "dublin3")
    assert caught.value.code == "unknown_kind"
    assert "take_charge" in caught.value.message
    with pytest.raises(WorkflowError) as caught:
        transfer_deadline(
            accepted_on=date(2016, 1, 1), extension="illness", regime="dublin3"
        )
    assert caught.value.code == "unknown_extension"
    assert limits_for(TAKE_CHARGE, "dubs") == ()


def test_a_page_counts_each_listed_limit_from_its_event():
    """Dublin III take charge: the rows a page lists, each counted by hand."""
    lodged = date(2016, 9, 1)
    shown = {
        (rule.step, rule.condition): limit_deadline(rule, runs_from=lodged).due
        for rule in limits_for(TAKE_CHARGE, "dublin3")
    }
    assert shown == {
        ("request", None): date(2016, 12, 1),  # Art 21(1): 3 months
        ("request", "eurodac_hit"): date(2016, 11, 1),  # 21(1): 2 months
        ("reply", None): date(2016, 11, 1),  # Art 22(1): 2 months
        ("reply", "urgent"): date(2016, 10, 3),  # 22(6): 1 month; 1 Oct is a Sat
        ("transfer", None): date(2017, 3, 1),  # Art 29(1): 6 months
        ("transfer", "imprisonment"): date(2017, 9, 1),  # 29(2): 1 year
        ("transfer", "absconding"): date(2018, 3, 1),  # 29(2): 18 months
    }
