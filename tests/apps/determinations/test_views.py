"""The determination page and the request tracker: pre-filled facts, errors, roles."""

from __future__ import annotations

import json
from datetime import date

import pytest
import time_machine

from haven.apps.cases.models import DublinRequest
from haven.apps.cases.services import request_transition
from haven.apps.core.actors import Actor
from haven.apps.determinations.models import Determination
from haven.apps.determinations.services import determination_create, request_draft
from tests.apps.determinations.builders import EDITS, child_with_brother_in_the_uk
from tests.conftest import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_october_2016():
    """Run on 20 October 2016, so the Calais deadlines are still running."""
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def logged_in(client, make_user):
    def login(role: str = "dublin_officer"):
        client.force_login(make_user(role))
        return client

    return login


def test_the_page_prefills_the_facts_and_a_post_shows_article_and_deadline(
    camp, logged_in
):
    """The textarea holds the record's facts; edited facts give the result."""
    child = child_with_brother_in_the_uk(camp)
    client = logged_in()
    url = f"/determinations/people/{child.pk}/"
    page = client.get(url)
    assert page.status_code == 200
    facts = json.loads(page.context["form"].initial["facts"])
    assert facts["family_members"][0]["state"] == "GB"
    facts.update(EDITS)
    posted = client.post(url, {"facts": json.dumps(facts)}, follow=True)
    assert posted.status_code == 200
    body = posted.content.decode()
    assert "Dublin III Art 8(1)" in body
    assert "2017-01-02" in body
    assert Determination.objects.get(person=child).responsible_state == "GB"


def test_wrong_facts_are_shown_by_json_path_and_keep_the_text(camp, logged_in):
    """Engine errors name their JSON path; broken JSON names line and column."""
    child = child_with_brother_in_the_uk(camp)
    client = logged_in("caseworker")
    url = f"/determinations/people/{child.pk}/"
    bad = json.dumps({"applicant": {"date_of_birth": "2001-13-01"}})
    page = client.post(url, {"facts": bad})
    assert page.status_code == 200
    assert [path for path, _problem in page.context["fact_errors"]] == [
        "$.applicant.date_of_birth"
    ]
    assert page.context["form"]["facts"].value() == bad
    broken = client.post(url, {"facts": '{"applicant": '})
    assert "line 1" in broken.content.decode()
    assert not Determination.objects.exists()


def test_roles_outside_the_dublin_unit_are_refused(camp, logged_in):
    """A registration clerk may not open the page nor record requests."""
    child = child_with_brother_in_the_uk(camp)
    client = logged_in("registration_clerk")
    assert client.get(f"/determinations/people/{child.pk}/").status_code == 403
    assert client.get("/determinations/requests/").status_code == 403


def test_a_caseworker_sees_the_tracker_but_only_the_dublin_unit_records_replies(
    camp, logged_in, make_user
):
    """Overdue requests are flagged; the reply is a choice with nothing pre-set."""
    child = child_with_brother_in_the_uk(camp)
    officer_user = make_user("dublin_officer")
    run = determination_create(
        person=child, actor=Actor.of_user(officer_user), edits=EDITS, now=NOW
    )
    request = request_draft(
        determination=run.determination, actor=Actor.of_user(officer_user), now=NOW
    )
    request = request_transition(
        request=request,
        target="sent",
        actor=Actor(name="officer", role="dublin_officer"),
        reason="via DubliNet",
        on=date(2016, 7, 1),
        now=NOW,
    )
    client = logged_in("caseworker")
    page = client.get("/determinations/requests/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Overdue" in html
    assert child.full_name in html
    refused = client.post(
        f"/determinations/requests/{request.pk}/reply/",
        {"reply": "accepted", "replied_on": "2016-07-20"},
    )
    assert refused.status_code == 403
    officer = logged_in("dublin_officer")
    html = officer.get("/determinations/requests/").content.decode()
    assert 'type="radio"' in html
    assert "checked" not in html
    officer.post(
        f"/determinations/requests/{request.pk}/reply/", {"replied_on": "2016-07-20"}
    )
    request.refresh_from_db()
    assert request.state == DublinRequest.State.SENT
    officer.post(
        f"/determinations/requests/{request.pk}/reply/",
        {"reply": "accepted", "replied_on": "2016-07-20"},
    )
    request.refresh_from_db()
    assert request.state == DublinRequest.State.ACCEPTED
