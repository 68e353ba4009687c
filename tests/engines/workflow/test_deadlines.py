"""Time limits of requests, replies, re-examination, transfers and appeals."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from haven.engines.workflow import (
    APPEAL_ROUTES,
    WorkflowError,
    appeal_deadline,
    check_in_due,
    is_overdue,
    re_examination_reply_deadline,
    re_examination_request_deadline,
    reply_deadline,
    request_deadline,
    transfer_deadline,
)


def test_a_take_charge_request_is_due_three_months_after_lodging():
    deadline = request_deadline(
        "take_charge", lodged_on=date(2016, 9, 1), regime="dublin3"
    )
    assert deadline.due == date(2016, 12, 1)
    assert str(deadline.citation) == "Dublin III Art 21(1)"


def test_a_eurodac_hit_shortens_but_never_extends_the_request_period():
    late_hit = request_deadline(
        "take_charge",
        lodged_on=date(2016, 9, 1),
        eurodac_hit_on=date(2016, 11, 20),
        regime="dublin3",
    )
    assert late_hit.due == date(2016, 12, 1)
    early_hit = request_deadline(
        "take_charge",
        lodged_on=date(2016, 9, 1),
        eurodac_hit_on=date(2016, 9, 2),
        regime="dublin3",
    )
    assert early_hit.due == date(2016, 11, 2)


def test_take_back_and_ammr_request_periods():
    assert request_deadline(
        "take_back",
        lodged_on=date(2016, 9, 1),
        eurodac_hit_on=date(2016, 9, 5),
        regime="dublin3",
    ).due == date(2016, 11, 7)
    assert request_deadline(
        "take_charge", lodged_on=date(2026, 7, 1), regime="ammr"
    ).due == (date(2026, 9, 1))
    assert request_deadline(
        "take_charge",
        lodged_on=date(2026, 7, 1),
        eurodac_hit_on=date(2026, 7, 2),
        regime="ammr",
    ).due == date(2026, 8, 3)
    assert (
        request_deadline(
            "take_back", lodged_on=date(2026, 7, 1), regime="ammr"
        ).citation.article
        == 41
    )


def test_reply_periods_and_tacit_acceptance_rules():
    tcr = reply_deadline(
        "take_charge", received_on=date(2016, 10, 24), regime="dublin3"
    )
    assert tcr.due == date(2016, 12, 26)
    assert tcr.rolled_forward is True
    urgent = reply_deadline(
        "take_charge", received_on=date(2016, 10, 24), urgent=True, regime="dublin3"
    )
    assert urgent.due == date(2016, 11, 24)
    assert urgent.unverified is True
    assert reply_deadline(
        "take_back", received_on=date(2016, 10, 3), eurodac=True, regime="dublin3"
    ).due == date(2016, 10, 17)
    assert reply_deadline(
        "take_back", received_on=date(2016, 10, 3), regime="dublin3"
    ).due == (date(2016, 11, 3))
    assert reply_deadline(
        "take_charge", received_on=date(2026, 7, 1), regime="ammr"
    ).due == (date(2026, 8, 3))
    assert reply_deadline(
        "take_charge", received_on=date(2026, 7, 1), eurodac=True, regime="ammr"
    ).due == date(2026, 7, 15)
    assert (
        reply_deadline(
            "take_back", received_on=date(2026, 7, 1), regime="ammr"
        ).citation.article
        == 41
    )


def test_re_examination_runs_three_weeks_then_two():
    assert re_examination_request_deadline(
        refused_on=date(2016, 11, 1), regime="dublin3"
    ).due == date(2016, 11, 22)
    assert re_examination_reply_deadline(
        asked_on=date(2016, 11, 22), regime="dublin3"
    ).due == date(2016, 12, 6)


def test_transfer_limits_with_their_extensions():
    assert transfer_deadline(
        accepted_on=date(2016, 11, 2), regime="dublin3"
    ).due == date(2017, 5, 2)
    assert transfer_deadline(
        accepted_on=date(2016, 11, 2), extension="absconding", regime="dublin3"
    ).due == date(2018, 5, 2)
    assert transfer_deadline(
        accepted_on=date(2016, 11, 2), extension="imprisonment", regime="dublin3"
    ).due == date(2017, 11, 2)
    ammr = transfer_deadline(
        accepted_on=date(2026, 7, 1), extension="absconding", regime="ammr"
    )
    assert ammr.due == date(2029, 7, 2)
    assert ammr.unverified is True


def test_appeal_deadlines_follow_the_route():
    jr = appeal_deadline("uk_judicial_review", notified_on=date(2016, 11, 30))
    assert jr.due == date(2017, 2, 28)
    assert jr.runs_from == date(2016, 11, 30)
    assert appeal_deadline(
        "fr_administrative_court", notified_on=date(2016, 11, 2)
    ).due == (date(2016, 11, 17))
    assert set(APPEAL_ROUTES) >= {"uk_judicial_review", "fr_administrative_court"}


def test_bad_inputs_raise_workflow_errors():
    with pytest.raises(WorkflowError) as caught:
        appeal_deadline("shouting", notified_on=date(2016, 1, 1))
    assert caught.value.code == "unknown_route"
    with pytest.raises(WorkflowError):
        request_deadline("take_away", lodged_on=date(2016, 1, 1), regime="dublin3")
    with pytest.raises(WorkflowError):
        reply_deadline("take_charge", received_on=date(2016, 1, 1), regime="dublin2")
    with pytest.raises(WorkflowError):
        transfer_deadline(accepted_on=date(2016, 1, 1), regime="dublin2")
    with pytest.raises(WorkflowError):
        transfer_deadline(
            accepted_on=date(2016, 1, 1), extension="holiday", regime="dublin3"
        )
    with pytest.raises(WorkflowError):
        check_in_due(checked_out_at=datetime(2016, 11, 2, tzinfo=UTC), within_hours=0)


def test_check_in_is_due_the_set_number_of_hours_after_check_out():
    out = datetime(2016, 11, 2, 8, 0, tzinfo=UTC)
    due = check_in_due(checked_out_at=out, within_hours=12)
    assert due == datetime(2016, 11, 2, 20, 0, tzinfo=UTC)
    assert is_overdue(due=due, now=due) is False
    assert is_overdue(due=due, now=datetime(2016, 11, 2, 20, 1, tzinfo=UTC)) is True


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)),
    st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)),
)
def test_transfer_deadlines_are_monotone_in_the_acceptance_date(a, b):
    first, second = sorted((a, b))
    assert (
        transfer_deadline(accepted_on=first, regime="dublin3").due
        <= transfer_deadline(accepted_on=second, regime="dublin3").due
    )
    assert transfer_deadline(accepted_on=first, regime="dublin3").due > first


def test_a_take_back_on_a_eurodac_hit_runs_from_the_hit_alone():
    # Dublin III Art 23(2): lodged 1 Sep 2016, hit received 1 Dec 2016. Two months
    # from the hit end on Wed 1 Feb 2017. The three months from lodging (1 Dec 2016)
    # are for a request on other evidence and do not cut the hit's period short.
    due = request_deadline(
        "take_back",
        lodged_on=date(2016, 9, 1),
        eurodac_hit_on=date(2016, 12, 1),
        regime="dublin3",
    )
    assert due.due == date(2017, 2, 1)
    assert (due.citation.article, due.citation.paragraph) == (23, 2)
    # A take charge on the same dates keeps Mengesteab: the earlier end, 1 Dec 2016.
    charge = request_deadline(
        "take_charge",
        lodged_on=date(2016, 9, 1),
        eurodac_hit_on=date(2016, 12, 1),
        regime="dublin3",
    )
    assert charge.due == date(2016, 12, 1)
