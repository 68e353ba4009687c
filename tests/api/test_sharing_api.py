"""The disclosure endpoints: request, refusal, approve, override, send."""

from __future__ import annotations

import base64
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from haven.apps.audit.models import AuditEvent
from haven.apps.exports.container import open_export
from haven.apps.exports.models import Export
from haven.apps.operations.models import IdempotencyKey
from haven.apps.people.models import Person
from haven.apps.sharing.models import Disclosure
from tests.apps.sharing.builders import agreement, consent, person, recipient

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(make_user):
    def login(role: str = "caseworker", **kwargs) -> APIClient:
        client = APIClient()
        client.force_login(make_user(role, **kwargs))
        return client

    return login


def _current(to, reference):
    made = agreement(to, reference=reference)
    today = timezone.localdate()
    made.valid_from = today - timedelta(days=30)
    made.valid_until = today + timedelta(days=365)
    made.save()


@pytest.fixture
def world():
    subject = person()
    Person.objects.filter(pk=subject.pk).update(agency="Safe Passage", team="north")
    red_cross = recipient()
    _current(red_cross, "DSA-2016-004")
    council = recipient("Kent County Council", kind="government", country="GB")
    _current(council, "DSA-KCC-1")
    damascus = recipient("Syrian Ministry of Interior", kind="government", country="SY")
    _current(damascus, "DSA-SY-1")
    for to in (red_cross, council):
        consent(subject, to, timezone.now() - timedelta(days=1))
    return subject, red_cross, council, damascus


def _body(to, reference, **changes):
    body = {
        "recipient": to.pk,
        "agreement": reference,
        "purpose": "referral to a shelter",
        "legal_basis": "vital_interests",
        "field_names": ["given_name", "date_of_birth"],
    }
    body.update(changes)
    return body


def test_a_request_is_created_listed_and_replayed_by_its_key(api, world):
    subject, red_cross, _, _ = world
    client = api()
    url = f"/api/v1/people/{subject.pk}/disclosures/"
    body = _body(red_cross, "DSA-2016-004")
    first = client.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == 201, first.content
    assert first.json()["state"] == "approved"
    assert first.json()["field_names"] == ["given_name", "date_of_birth"]
    again = client.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert Disclosure.objects.count() == 1
    listed = client.get(url)
    assert [d["id"] for d in listed.json()] == [first.json()["id"]]
    assert "Amira" not in listed.content.decode()


def test_a_refusal_is_problem_json_naming_each_requirement_and_audited(api, world):
    subject, red_cross, _, _ = world
    response = api().post(
        f"/api/v1/people/{subject.pk}/disclosures/",
        _body(red_cross, "", purpose="", field_names=[]),
        format="json",
        HTTP_IDEMPOTENCY_KEY="k-2",
    )
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["code"] == "disclosure_refused"
    assert {e["field"] for e in problem["errors"]} >= {"purpose", "agreement", "fields"}
    assert AuditEvent.objects.filter(action="disclosure.refused").count() == 1
    assert not IdempotencyKey.objects.exists()


def test_approve_by_a_second_person_then_send_a_sealed_export(api, world):
    subject, _, council, _ = world
    requester = api("supervisor")
    created = requester.post(
        f"/api/v1/people/{subject.pk}/disclosures/",
        _body(council, "DSA-KCC-1"),
        format="json",
    ).json()
    assert created["state"] == "awaiting_approval"
    assert created["second_person_needed"] is True
    pk = created["id"]
    own = requester.post(f"/api/v1/disclosures/{pk}/approve/")
    assert own.status_code == 403
    assert own.json()["errors"][0]["field"] == "approval"
    approver = api("supervisor")
    assert [d["id"] for d in approver.get("/api/v1/disclosures/").json()] == [pk]
    approved = approver.post(f"/api/v1/disclosures/{pk}/approve/")
    assert approved.json()["state"] == "approved"
    assert approver.post(f"/api/v1/disclosures/{pk}/approve/").status_code == 409
    sent = requester.post(
        f"/api/v1/disclosures/{pk}/send/", HTTP_IDEMPOTENCY_KEY="send-once-7f3a"
    )
    assert sent.status_code == 200
    assert sent["Cache-Control"] == "no-store"
    body = sent.json()
    export = Export.objects.get(token=body["export"]["token"])
    table = open_export(base64.b64decode(export.content), body["passphrase"])
    assert table.decode().splitlines()[0] == "given_name,date_of_birth"
    assert body["disclosure"]["state"] == "sent"
    assert "Amira" not in body["export"]["download"]
    # The answer holds the passphrase: it is never stored for a replay.
    assert not IdempotencyKey.objects.filter(key__contains="send-once").exists()
    assert not any(
        body["passphrase"] in str(row)
        for row in IdempotencyKey.objects.values_list("body", flat=True)
    )
    assert requester.post(f"/api/v1/disclosures/{pk}/send/").status_code == 409


def test_the_country_of_origin_needs_an_administrators_override(api, world):
    subject, _, _, damascus = world
    requester = api("protection_specialist")
    pk = requester.post(
        f"/api/v1/people/{subject.pk}/disclosures/",
        _body(
            damascus,
            "DSA-SY-1",
            legal_basis="legal_obligation",
            consent_override_reason="court order for reunification",
        ),
        format="json",
    ).json()["id"]
    detail = requester.get(f"/api/v1/disclosures/{pk}/").json()
    assert detail["country_of_origin"] is True
    api("supervisor").post(f"/api/v1/disclosures/{pk}/approve/")
    blocked = requester.post(f"/api/v1/disclosures/{pk}/send/")
    assert blocked.status_code == 403
    assert "country_of_origin" in {e["field"] for e in blocked.json()["errors"]}
    assert not Export.objects.exists()
    assert AuditEvent.objects.filter(action="disclosure.refused").count() == 1
    admin = api("system_administrator")
    short = admin.post(
        f"/api/v1/disclosures/{pk}/origin-override/", {"reason": "x"}, format="json"
    )
    assert short.status_code == 400
    done = admin.post(
        f"/api/v1/disclosures/{pk}/origin-override/",
        {"reason": "verified reunification with a parent"},
        format="json",
    )
    assert done.status_code == 200
    assert requester.post(f"/api/v1/disclosures/{pk}/send/").status_code == 200


def test_roles_and_scopes_are_refused(api, world):
    subject, red_cross, _, _ = world
    url = f"/api/v1/people/{subject.pk}/disclosures/"
    assert api("health_officer").get(url).status_code == 403
    assert api("caseworker", agency="France terre d'asile").get(url).status_code == 404
    pk = api().post(url, _body(red_cross, "DSA-2016-004"), format="json").json()["id"]
    assert api("caseworker").post(f"/api/v1/disclosures/{pk}/approve/").status_code == (
        403
    )
    assert (
        api("supervisor")
        .post(f"/api/v1/disclosures/{pk}/origin-override/", {"reason": "x" * 20})
        .status_code
        == 403
    )
