"""Manifests, custody check-out and check-in, missing-person alerts, occupancy."""

from __future__ import annotations

from datetime import timedelta

import pytest

from haven.apps.cases.models import CaseTransition
from haven.apps.cases.services import TransitionRefused, decision_record
from haven.apps.core.actors import Actor
from haven.apps.errors import InvalidInputError
from haven.apps.transfers.selectors import centres_occupancy, open_alerts
from haven.apps.transfers.services import (
    alert_escalate,
    custody_check_in,
    custody_check_out,
    manifest_create,
    manifest_depart,
    manifest_entry_add,
    missing_sweep,
)
from tests.apps.cases.builders import (
    OFFICER,
    case_at_determination,
    child,
    sent_request,
)

pytestmark = pytest.mark.django_db

CW = Actor(name="cw", role="caseworker")


def manifest(now, hours=12):
    return manifest_create(
        mode="bus",
        origin_key="calais-containers",
        departure_planned=now,
        check_in_within_hours=hours,
        escorts=[("Escort A", "France terre d'asile")],
        now=now,
        actor=CW,
    )


def test_an_accepted_child_is_checked_out_and_in_and_the_case_arrives(centre):
    case, now = case_at_determination()
    case, request = sent_request(case, now)
    decision_record(
        case=case,
        request=request,
        subject="request_reply",
        outcome="accepted",
        reason_code="family_member_present",
        reason_text="Uncle in Leeds.",
        appeal_route="",
        actor=Actor(name=OFFICER, role="dublin_officer"),
        now=now,
    )
    bus = manifest(now)
    entry = manifest_entry_add(
        manifest=bus,
        registration_number=case.person.registration_number,
        destination_key=centre.key,
        escort=None,
        now=now,
        actor=CW,
    )
    custody_check_out(entry=entry, reason="boarded", now=now, actor=CW)
    case.refresh_from_db()
    assert case.state == "transfer"
    manifest_depart(manifest=bus, did_not_board=[], now=now, actor=CW)
    arrived = now + timedelta(hours=6)
    custody_check_in(entry=entry, reason="arrived with escort", now=arrived, actor=CW)
    case.refresh_from_db()
    request.refresh_from_db()
    assert case.state == "arrived"
    assert request.state == "transferred"
    assert centres_occupancy().get(pk=centre.pk).occupied == 1
    assert CaseTransition.objects.filter(case=case, to_state="arrived").count() == 1


def test_a_child_not_checked_in_in_time_raises_an_alert_that_escalates(centre):
    person = child()
    now = person.created_at
    bus = manifest(now, hours=4)
    entry = manifest_entry_add(
        manifest=bus,
        registration_number=person.registration_number,
        destination_key=centre.key,
        escort=bus.escorts.first(),
        now=now,
        actor=CW,
    )
    custody_check_out(entry=entry, reason="boarded", now=now, actor=CW)
    manifest_depart(manifest=bus, did_not_board=[], now=now, actor=CW)
    assert missing_sweep(now=now + timedelta(hours=4)) == []
    [alert] = missing_sweep(now=now + timedelta(hours=4, minutes=1))
    entry.refresh_from_db()
    assert entry.state == "missing"
    assert list(open_alerts()) == [alert]
    with pytest.raises(InvalidInputError):
        alert_escalate(
            alert=alert,
            target="police_notified",
            reference="",
            reason="x",
            now=now,
            actor=Actor(name="ps", role="protection_specialist"),
        )
    alert = alert_escalate(
        alert=alert,
        target="police_notified",
        reference="PN-123",
        reason="reported",
        now=now,
        actor=Actor(name="ps", role="protection_specialist"),
    )
    alert = alert_escalate(
        alert=alert,
        target="trafficking_referred",
        reference="NRM-9",
        reason="indicators",
        now=now,
        actor=Actor(name="ps", role="protection_specialist"),
    )
    assert (alert.police_reference, alert.referral_reference) == ("PN-123", "NRM-9")
    custody_check_in(entry=entry, reason="found at the centre", now=now, actor=CW)
    alert.refresh_from_db()
    assert alert.state == "found"
    assert list(open_alerts()) == []


def test_nobody_left_behind_unnoticed_and_no_illegal_custody_step(centre):
    person = child()
    now = person.created_at
    bus = manifest(now)
    entry = manifest_entry_add(
        manifest=bus,
        registration_number=person.registration_number,
        destination_key=centre.key,
        escort=None,
        now=now,
        actor=CW,
    )
    with pytest.raises(TransitionRefused, match="'planned' to 'checked_in'"):
        custody_check_in(entry=entry, reason="x", now=now, actor=CW)
    manifest_depart(manifest=bus, did_not_board=[entry.pk], now=now, actor=CW)
    entry.refresh_from_db()
    assert entry.state == "missing"
    assert open_alerts().count() == 1
    with pytest.raises(InvalidInputError):
        manifest_entry_add(
            manifest=bus,
            registration_number=person.registration_number,
            destination_key=centre.key,
            escort=None,
            now=now,
            actor=CW,
        )
