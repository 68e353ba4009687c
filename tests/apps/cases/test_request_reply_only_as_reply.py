"""
A reply is recorded only as a reply, with its date: the case page's step form cannot
record an acceptance or a refusal as a bare step (the tracker's reply form asks for
the reply explicitly, with nothing chosen by default).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client

from haven.apps.cases.models import DublinRequest
from haven.apps.cases.services import request_create, request_transition
from haven.apps.core.actors import Actor
from tests.apps.cases.builders import OFFICER, case_at_determination, child

pytestmark = pytest.mark.django_db

TODAY = datetime(2026, 8, 3, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _on_a_fixed_day():
    cache.clear()
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.mark.parametrize("target", ["accepted", "refused"])
def test_the_case_page_cannot_record_a_reply_as_a_step(target, make_user):
    officer = make_user("dublin_officer")
    case, _ = case_at_determination(child(), now=TODAY.replace(day=1))
    acting = Actor(name=OFFICER, role="dublin_officer")
    request = request_create(
        case=case,
        kind="take_charge",
        requesting_state="FR",
        requested_state="DE",
        legal_basis="Dublin III Art 8(1)",
        lodged_on=date(2026, 6, 20),
        urgent=False,
        eurodac_hit_on=None,
        actor=acting,
        now=TODAY,
    )
    request_transition(
        request=request,
        target="sent",
        actor=acting,
        reason="via DubliNet",
        on=date(2026, 7, 1),
        now=TODAY,
    )
    client = Client()
    client.force_login(officer)
    response = client.post(
        f"/cases/{case.pk}/requests/{request.pk}/step/",
        {"target": target, "reason": "clicked"},
        follow=True,
    )
    assert response.status_code == 200
    request.refresh_from_db()
    assert request.state == DublinRequest.State.SENT
    assert request.reply == ""
    assert "recorded with its date" in response.content.decode()
