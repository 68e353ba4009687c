"""
Every page shows the limit the table gives: each regime, each kind of request.

The case page, the tracker, the person's status page and the API must show, for
a sent request, its reply limit, and once accepted, the transfer limit counted
from the acceptance. The expected value is read from the limits table
(``haven.engines.workflow``'s limit functions): that they agree is the point
here, since the pages must not compute a limit of their own. A kind the table
has no reply limit for shows none.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client

from haven.apps.cases.models import Case
from haven.apps.cases.selectors import request_facts, request_limits
from haven.apps.cases.services import (
    request_create,
    request_replies,
    request_reply,
    request_transition,
    status_code_issue,
)
from haven.apps.core.actors import Actor
from haven.engines.kernel import Deadline
from haven.engines.workflow import (
    RequestKind,
    WorkflowError,
    re_examination_reply_deadline,
    reply_deadline,
    request_leads_to_transfer,
    transfer_deadline,
)
from tests.apps.cases.builders import OFFICER, case_at_determination, child

pytestmark = pytest.mark.django_db

TODAY = datetime(2026, 8, 3, 9, 0, tzinfo=UTC)
SENT = date(2026, 7, 1)
REFUSED = date(2026, 7, 6)
ASKED = date(2026, 7, 8)
ACCEPTED = date(2026, 7, 15)
REGIMES = ["dublin3", "ammr", "dubs"]
KINDS = [kind.value for kind in RequestKind]


@pytest.fixture(autouse=True)
def _on_a_fixed_day():
    cache.clear()
    with time_machine.travel(TODAY, tick=False):
        yield


def table_reply_limit(kind: str, regime: str) -> Deadline | None:
    try:
        if kind == "re_examination":
            return re_examination_reply_deadline(asked_on=ASKED, regime=regime)
        return reply_deadline(kind, received_on=SENT, regime=regime)
    except WorkflowError:
        return None


def _step(request, target, on):
    return request_transition(
        request=request,
        target=target,
        actor=Actor(name=OFFICER, role="dublin_officer"),
        reason="as recorded",
        on=on,
        now=TODAY,
    )


def _sent_request(kind: str, regime: str, camp):
    case, _ = case_at_determination(child(), now=TODAY.replace(day=1))
    Case.objects.filter(pk=case.pk).update(regime=regime)
    case.refresh_from_db()

    def draft(kind, refers_to=None):
        return request_create(
            case=case,
            kind=kind,
            requesting_state="FR",
            requested_state="DE",
            legal_basis="as determined",
            lodged_on=date(2026, 6, 20),
            urgent=False,
            eurodac_hit_on=None,
            actor=Actor(name=OFFICER, role="dublin_officer"),
            now=TODAY,
            refers_to=refers_to,
        )

    if kind == "re_examination":
        first = _step(draft("take_charge"), "sent", SENT)
        refused = request_reply(
            request=first,
            reply="refused",
            replied_on=REFUSED,
            actor=Actor(name=OFFICER, role="dublin_officer"),
            now=TODAY,
        )
        return case, _step(draft(kind, refers_to=refused), "sent", ASKED)
    return case, _step(draft(kind), "sent", SENT)


def _pages(client, api, case, request):
    """Return the text of the case page, tracker and API views of the request."""
    case_page = client.get(f"/cases/{case.pk}/").content.decode()
    tracker = client.get("/determinations/requests/").content.decode()
    api_row = api.get(f"/api/v1/dublin-requests/{request.pk}/").json()
    api_case = api.get(f"/api/v1/cases/{case.pk}/").json()
    in_case = next(r for r in api_case["requests"] if r["id"] == request.pk)
    return case_page, tracker, api_row, in_case


@pytest.mark.parametrize("regime", REGIMES)
@pytest.mark.parametrize("kind", KINDS)
def test_every_page_shows_the_tables_limits(kind, regime, camp, make_user):
    officer = make_user("dublin_officer")
    client = Client()
    client.force_login(officer)
    case, request = _sent_request(kind, regime, camp)

    expected = table_reply_limit(kind, regime)
    case_page, tracker, api_row, in_case = _pages(client, client, case, request)
    if expected is None:
        assert api_row["next_limit"] is None
        assert in_case["next_limit"] is None
    else:
        due = expected.due.isoformat()
        assert api_row["next_limit"]["name"] == "reply"
        assert api_row["next_limit"]["due"] == due
        assert api_row["next_limit"]["rule"] == str(expected.citation)
        assert in_case["next_limit"]["due"] == due
        assert due in case_page
        assert due in tracker

    replies = request_replies(request)
    agreed = "confirmed" if "confirmed" in replies else "accepted"
    if agreed not in replies:
        # An information request is answered; no transfer can follow.
        assert kind == "information"
        return
    request = request_reply(
        request=request,
        reply=agreed,
        replied_on=ACCEPTED,
        actor=Actor(name=OFFICER, role="dublin_officer"),
        now=TODAY,
    )
    case_page, tracker, api_row, in_case = _pages(client, client, case, request)
    if not request_leads_to_transfer(kind, regime):
        assert kind == "humanitarian"
        assert api_row["transfer_limit"] is None
        return
    if regime == "dubs":
        # UK s.67 is not Dublin: the table has no transfer limit under it, and no
        # page may invent one.
        with pytest.raises(WorkflowError):
            transfer_deadline(accepted_on=ACCEPTED, regime=regime)
        assert api_row["transfer_limit"] is None
        assert in_case["transfer_limit"] is None
        return
    transfer = transfer_deadline(accepted_on=ACCEPTED, regime=regime)
    due = transfer.due.isoformat()
    assert api_row["transfer_limit"]["due"] == due
    assert api_row["next_limit"]["due"] == due
    assert in_case["transfer_limit"]["due"] == due
    assert due in case_page
    assert due in tracker
    case.refresh_from_db()
    assert case.state == "accepted"
    code = status_code_issue(
        case=case, actor=Actor(name="cw", role="caseworker"), now=TODAY
    )
    status_page = client.post("/status/", {"code": code}).content.decode()
    assert due in status_page


def test_an_ammr_re_examination_is_counted_under_its_own_unconfirmed_rule(camp):
    """
    An AMMR re-examination is not counted under Reg. 1560/2003 Art 5(2), a
    Dublin III instrument: its rule (Implementing Reg. 2025/2055) could not be
    checked, so both of its limits are shown flagged unverified.
    """
    _, request = _sent_request("re_examination", "ammr", camp)
    shown = {item.name: item.deadline for item in request_limits(request)}
    assert set(shown) >= {"request", "reply"}
    for deadline in (shown["request"], shown["reply"]):
        assert "1560/2003" not in str(deadline.citation)
        assert "2025/2055" in str(deadline.citation)
        assert deadline.unverified is True


def test_a_uk_s67_re_examination_shows_no_limit_and_does_not_fail(camp):
    # UK s.67 is not Dublin: the table has no re-examination limit under it.
    _, request = _sent_request("re_examination", "dubs", camp)
    assert [item.name for item in request_limits(request)] == []
    assert request_facts(request)["reply_due"] is None


@pytest.mark.parametrize(
    ("status", "unaccompanied"),
    [("unaccompanied", True), ("separated", True), ("accompanied", False)],
)
def test_the_guards_know_whether_the_child_is_unaccompanied(
    camp, status, unaccompanied
):
    """
    AMMR Art 39(1) fourth subparagraph lets a take charge for an unaccompanied
    minor be made after its limit; the guard reads the person's record. A
    separated child is without an adult responsible by law or practice, so
    unaccompanied in the sense of AMMR Art 2(11).
    """
    case, request = _sent_request("take_charge", "ammr", camp)
    person = case.person
    person.child_status = status
    # Born in 2012: 14 on the lodging day, 20 June 2026.
    person.date_of_birth = date(2012, 1, 1)
    person.save(update_fields=["child_status", "date_of_birth"])
    request.refresh_from_db()
    assert request_facts(request)["unaccompanied_minor"] is unaccompanied


def test_the_guards_read_the_child_status_on_the_lodging_day(camp):
    """
    Recorded as an unaccompanied child, but born in 2002 (a year only, so counted
    from 31 December 2002): 23 on the lodging day, 20 June 2026, so not a minor
    whose take charge may be made late (AMMR Art 39(1); the status is the one on
    the lodging day, Dublin III Art 7(2) / AMMR Art 24).
    """
    case, request = _sent_request("take_charge", "ammr", camp)
    assert case.person.child_status == "unaccompanied"
    assert case.person.date_of_birth == date(2002, 1, 1)
    assert request_facts(request)["unaccompanied_minor"] is False
