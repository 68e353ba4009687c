"""T-S8 (people): one event per committed operation, none if refused, no values."""

from __future__ import annotations

import uuid

import pytest
from django.forms.models import model_to_dict

from haven.apps.audit.models import AuditEvent
from haven.apps.audit.selectors import audit_chain_verify
from haven.apps.core.actors import Actor
from haven.apps.errors import ConflictError
from haven.apps.people.services import (
    consent_give,
    consent_withdraw,
    person_register,
    person_update,
    vulnerability_record,
)
from tests.apps.people.builders import person_input, registration_input
from tests.conftest import NOW

pytestmark = pytest.mark.django_db


def _events():
    return list(
        AuditEvent.objects.values_list("action", "actor_id", "object_type", "object_id")
    )


def test_each_people_service_writes_exactly_one_event(camp, make_user):
    user = make_user()
    actor = Actor(name=user.username, user_id=user.pk)
    canary = f"CANARY-{uuid.uuid4()}"
    person = person_register(
        person=person_input(place_of_origin=canary),
        registration=registration_input(),
        actor=actor,
        now=NOW,
    )
    pid = str(person.pk)
    assert _events() == [("person.register", user.pk, "person", pid)]
    person_update(
        person=person,
        expected_version=person.version,
        data=person_input(place_of_origin=canary + "-2"),
        actor=actor,
        now=NOW,
    )
    vulnerability_record(person=person, code="TR-PI", note=canary, actor=actor, now=NOW)
    consent = consent_give(
        person=person, purpose="sharing", recipient=canary, actor=actor, now=NOW
    )
    consent_withdraw(consent=consent, actor=actor, now=NOW)
    assert [e[0] for e in _events()] == [
        "person.register",
        "person.update",
        "person.need_record",
        "person.consent_give",
        "person.consent_withdraw",
    ]
    assert {e[3] for e in _events()} == {pid}
    for event in AuditEvent.objects.all():
        assert canary not in repr(model_to_dict(event))
    assert audit_chain_verify().ok is True


def test_a_refused_operation_writes_no_event(camp):
    actor = Actor(name="clerk-1", agency="Safe Passage", team="north")
    person = person_register(
        person=person_input(), registration=registration_input(), actor=actor, now=NOW
    )
    before = AuditEvent.objects.count()
    with pytest.raises(ConflictError):
        person_update(
            person=person,
            expected_version=person.version + 5,
            data=person_input(place_of_origin="elsewhere"),
            actor=actor,
            now=NOW,
        )
    assert AuditEvent.objects.count() == before


def test_opening_a_person_is_one_read_event(client, make_user, camp):
    user = make_user("caseworker")
    person = person_register(
        person=person_input(),
        registration=registration_input(),
        actor=Actor(name="clerk-1", agency="Safe Passage", team="north"),
        now=NOW,
    )
    client.force_login(user)
    assert client.get(f"/people/{person.pk}/").status_code == 200
    reads = AuditEvent.objects.filter(action="person.read")
    assert list(reads.values_list("actor_id", "object_id", "outcome")) == [
        (user.pk, str(person.pk), "success")
    ]
    assert len(reads.first().request_id) == 32


def test_a_denied_page_is_audited(client, make_user):
    user = make_user("allocation_planner")
    client.force_login(user)
    assert client.get("/people/1/").status_code == 403
    denied = AuditEvent.objects.get(action="access.denied")
    assert (denied.actor_id, denied.object_id, denied.outcome) == (
        user.pk,
        "people:person_detail",
        "denied",
    )
