"""Case workflow, requests, decisions, letters, appeals, returns and status codes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from haven.apps.cases.models import Case, CaseTransition, Decision, Letter
from haven.apps.cases.selectors import (
    case_metrics,
    person_status,
    request_acceptance_date,
    request_facts,
    request_transfer_limit,
    returns_by_month,
)
from haven.apps.cases.services import (
    TransitionRefused,
    appeal_lodge,
    appeal_transition,
    case_open,
    case_transition,
    decision_record,
    delivery_record,
    request_transition,
    return_record,
    status_code_digest,
    status_code_issue,
)
from haven.apps.core.actors import Actor
from haven.apps.errors import InvalidInputError, PermissionDeniedError
from tests.apps.cases.builders import (
    OFFICER,
    case_at_determination,
    child,
    sent_request,
)
from tests.conftest import NOW

pytestmark = pytest.mark.django_db


def test_every_step_is_logged_with_time_actor_role_and_reason(camp):
    case, _ = case_at_determination()
    rows = list(
        CaseTransition.objects.filter(case=case).values_list(
            "from_state", "to_state", "actor", "role", "reason"
        )
    )
    assert rows == [
        ("", "registered", "clerk-1", "registration_clerk", "case opened"),
        ("registered", "screened", "cw", "caseworker", "done"),
        ("screened", "determination", "cw", "caseworker", "done"),
    ]
    assert case.language == "ar"


def test_an_illegal_step_is_refused_naming_both_states_and_nothing_changes(camp):
    case, now = case_at_determination()
    with pytest.raises(TransitionRefused) as caught:
        case_transition(
            case=case,
            target="arrived",
            actor=Actor(name="cw", role="caseworker"),
            reason="x",
            now=now,
        )
    assert "'determination'" in str(caught.value)
    assert "'arrived'" in str(caught.value)
    assert caught.value.code == "illegal_transition"
    assert Case.objects.get(pk=case.pk).state == "determination"


def test_a_role_the_table_does_not_name_is_denied(camp):
    case, now = case_at_determination()
    with pytest.raises(PermissionDeniedError):
        case_transition(
            case=case,
            target="refused",
            actor=Actor(name="x", role="auditor"),
            reason="x",
            now=now,
        )


def test_a_case_is_opened_once(camp):
    case, now = case_at_determination()
    with pytest.raises(TransitionRefused):
        case_open(
            person=case.person,
            actor=Actor(name="a", role="caseworker"),
            contact="c",
            now=now,
        )


def test_acceptance_moves_request_and_case_and_computes_the_transfer_limit(camp):
    case, now = case_at_determination()
    case, request = sent_request(case, now)
    # Received on 22 October 2016: two months (Dublin III Art 22(1)).
    assert request_facts(request)["reply_due"] == date(2016, 12, 22)
    assert case.state == "request_sent"
    decision_record(
        case=case,
        request=request,
        subject="request_reply",
        outcome="accepted",
        reason_code="family_member_present",
        reason_text="Brother in Leeds with leave to remain.",
        appeal_route="",
        actor=Actor(name=OFFICER, role="dublin_officer"),
        now=now + timedelta(days=10),
    )
    request.refresh_from_db()
    case.refresh_from_db()
    assert request.state == "accepted"
    # Accepted on 1 November 2016: six months (Art 29(1)).
    assert request_transfer_limit(request).due == date(2017, 5, 1)
    assert case.state == "accepted"


def test_a_refusal_without_reasons_or_appeal_route_is_refused(camp):
    case, now = case_at_determination()
    with pytest.raises(InvalidInputError) as caught:
        decision_record(
            case=case,
            subject="eligibility",
            outcome="refused",
            reason_code="family_member_present",
            reason_text="  ",
            appeal_route="",
            actor=Actor(name=OFFICER, role="dublin_officer"),
            now=now,
        )
    assert set(caught.value.field_errors) == {
        "reason_code",
        "reason_text",
        "appeal_route",
    }
    assert Decision.objects.count() == 0
    with pytest.raises(PermissionDeniedError):
        decision_record(
            case=case,
            subject="eligibility",
            outcome="refused",
            reason_code="criteria_not_met",
            reason_text="x",
            appeal_route="uk_judicial_review",
            actor=Actor(name="cw", role="caseworker"),
            now=now,
        )


def test_a_refusal_issues_an_arabic_letter_with_the_appeal_deadline(camp):
    case, now = case_at_determination()
    decision = decision_record(
        case=case,
        subject="eligibility",
        outcome="refused",
        reason_code="criteria_not_met",
        reason_text="Arrived in Europe after 20 March 2016.",
        appeal_route="uk_judicial_review",
        actor=Actor(name=OFFICER, role="dublin_officer"),
        now=now,
    )
    case.refresh_from_db()
    assert case.state == "refused"
    assert decision.appeal_deadline == date(2017, 1, 23)
    letter = Letter.objects.get(decision=decision)
    assert letter.language == "ar"
    assert letter.translation_reviewed is False
    assert 'dir="rtl"' in letter.html
    assert "2017-01-23" in letter.html
    assert "لا تستوفي شروط البرنامج" in letter.html

    delivered = now + timedelta(days=3)
    delivery_record(
        letter=letter,
        method="read_out",
        delivered_at=delivered,
        interpreter="Interpreter 7",
        interpreter_language="ar",
        actor=Actor(name="cw"),
        now=delivered,
    )
    decision.refresh_from_db()
    assert decision.appeal_deadline == date(2017, 1, 25)
    with pytest.raises(InvalidInputError):
        delivery_record(
            letter=letter,
            method="read_out",
            delivered_at=delivered,
            interpreter="",
            interpreter_language="",
            actor=Actor(name="cw"),
            now=delivered,
        )


def test_an_allowed_appeal_sends_the_case_back_to_determination(camp):
    case, now = case_at_determination()
    decision = decision_record(
        case=case,
        subject="eligibility",
        outcome="refused",
        reason_code="assessed_as_adult",
        reason_text="Visual assessment.",
        appeal_route="uk_judicial_review",
        actor=Actor(name=OFFICER, role="dublin_officer"),
        now=now,
    )
    appeal = appeal_lodge(
        decision=decision,
        lodged_on=now.date(),
        suspensive=True,
        actor=Actor(name="cw", role="caseworker"),
        now=now,
    )
    assert appeal.in_time is True
    status_code = status_code_issue(case=case, actor=Actor(name="cw"), now=now)
    assert person_status(digest=status_code_digest(status_code)).stage == "appeal"
    with pytest.raises(InvalidInputError, match="outcome"):
        appeal_transition(
            appeal=appeal,
            target="decided",
            outcome="",
            actor=Actor(name="cw", role="caseworker"),
            reason="x",
            now=now,
        )
    appeal = appeal_transition(
        appeal=appeal,
        target="pending",
        outcome="",
        actor=Actor(name="cw", role="caseworker"),
        reason="listed for hearing",
        now=now,
    )
    appeal_transition(
        appeal=appeal,
        target="decided",
        outcome="allowed",
        actor=Actor(name="cw", role="caseworker"),
        reason="no lawful age assessment",
        now=now,
    )
    case.refresh_from_db()
    assert case.state == "determination"


def test_a_return_needs_a_protection_refusal_and_is_counted_by_month(camp):
    case, now = case_at_determination()
    decision = decision_record(
        case=case,
        subject="protection",
        outcome="refused",
        reason_code="not_in_need_of_protection",
        reason_text="Safe region of origin.",
        appeal_route="fr_administrative_court",
        actor=Actor(name=OFFICER, role="dublin_officer"),
        now=now,
    )
    return_record(
        case=case,
        decision=decision,
        route="voluntary",
        returned_on=date(2016, 12, 5),
        country="al",
        actor=Actor(name=OFFICER, role="dublin_officer"),
        now=now,
    )
    case.refresh_from_db()
    assert case.state == "returned"
    [month] = returns_by_month()
    assert (month.month, month.voluntary, month.enforced, month.total) == (
        date(2016, 12, 1),
        1,
        0,
        1,
    )


def test_a_status_code_shows_the_first_name_and_stage_and_old_codes_stop(camp):
    case, now = case_at_determination()
    first = status_code_issue(case=case, actor=Actor(name="cw"), now=now)
    second = status_code_issue(case=case, actor=Actor(name="cw"), now=now)
    assert person_status(digest=status_code_digest(first)) is None
    status = person_status(digest=status_code_digest(second.lower().replace("-", "")))
    assert status.first_name == "Yousef"
    assert status.stage == "determination"
    assert status.language == "ar"
    assert person_status(digest=status_code_digest("AAAA-BBBB-CCCC")) is None


def test_metrics_give_time_in_stage_and_median_to_arrival(camp):
    case, now = case_at_determination()
    metrics = case_metrics(now=now + timedelta(days=5))
    stages = {s.stage: s for s in metrics.stages}
    assert stages["registered"].median_days == 1.0
    assert stages["determination"].median_days == 5.0
    assert metrics.by_state == {"determination": 1}
    assert metrics.arrivals == 0
    assert metrics.median_identification_to_arrival is None


def test_silence_is_acceptance_only_after_the_reply_period(camp):
    case, now = case_at_determination()
    case, request = sent_request(case, now)
    with pytest.raises(TransitionRefused, match="reply period has not ended"):
        request_transition(
            request=request,
            target="deemed_accepted",
            actor=Actor(name="haven", role="system"),
            reason="no reply",
            now=now,
        )
    later = NOW.replace(year=2017, month=1, day=5)
    request = request_transition(
        request=request,
        target="deemed_accepted",
        actor=Actor(name="haven", role="system"),
        reason="no reply within two months",
        now=later,
    )
    # Silence accepts on the last day of the reply limit, as the engine counts it.
    assert request_acceptance_date(request) == date(2016, 12, 22)
    # The system's step leaves the case to the officer, whose role moves it.
    case.refresh_from_db()
    assert case.state == "request_sent"
    case = case_transition(
        case=case,
        target="accepted",
        actor=Actor(name=OFFICER, role="dublin_officer"),
        reason="deemed accepted",
        now=later,
    )
    assert case.state == "accepted"


def test_a_child_without_a_letter_language_gets_english(camp):
    person = child(languages=("so",))
    case, _ = case_at_determination(person)
    assert case.language == "en"
