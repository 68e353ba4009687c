"""The disclosure pages: request, approve, override, send, and who sees what."""

from __future__ import annotations

import base64
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from haven.apps.audit.models import AuditEvent
from haven.apps.exports.container import open_export
from haven.apps.exports.models import Export
from haven.apps.people.models import Person
from haven.apps.sharing.models import Disclosure
from tests.apps.sharing.builders import agreement, consent, person, recipient

pytestmark = pytest.mark.django_db

AGENCY, TEAM = "Safe Passage", "north"


def _held(subject: Person) -> Person:
    Person.objects.filter(pk=subject.pk).update(agency=AGENCY, team=TEAM)
    subject.refresh_from_db()
    return subject


def _current(to, reference="DSA-2016-004", fields=None):
    made = agreement(to, reference=reference, fields=fields)
    today = timezone.localdate()
    made.valid_from, made.valid_until = (
        today - timedelta(days=30),
        today + timedelta(days=365),
    )
    made.save()
    return made


def _login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def ready():
    """A person of the caseworkers' agency who consented to share with the recipient."""
    subject = _held(person())
    to = recipient()
    _current(to)
    consent(subject, to, timezone.now() - timedelta(days=1))
    return subject, to


def _request_body(to, **changes):
    body = {
        "recipient": str(to.pk),
        "agreement": "DSA-2016-004",
        "purpose": "referral to a shelter",
        "legal_basis": "vital_interests",
        "field_set": ["given_name", "date_of_birth"],
        "consent": "",
    }
    body.update(changes)
    return body


def test_the_page_lists_nothing_ticked_and_is_audited(make_user, ready):
    subject, _ = ready
    page = _login(make_user("caseworker")).get(f"/sharing/people/{subject.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="field_set"' in html
    assert "checked" not in html
    assert "DSA-2016-004" in html
    assert AuditEvent.objects.filter(
        action="person.read", object_id=str(subject.pk)
    ).exists()


def test_a_refused_request_shows_each_error_by_its_field_and_keeps_the_input(
    make_user, ready
):
    subject, to = ready
    body = _request_body(
        to,
        agreement="",
        purpose="",
        legal_basis="",
        field_set=["given_name", "languages"],
    )
    page = _login(make_user("caseworker")).post(f"/sharing/people/{subject.pk}/", body)
    assert page.status_code == 200
    form = page.context["form"]
    assert set(form.errors) >= {"purpose", "legal_basis", "agreement"}
    assert "name the data-sharing agreement" in form.errors["agreement"][0]
    assert form["field_set"].value() == ["given_name", "languages"]
    assert Disclosure.objects.count() == 0
    assert AuditEvent.objects.filter(action="disclosure.refused").count() == 1


def test_fields_outside_the_agreement_are_refused_on_the_field_set(make_user, ready):
    subject, to = ready
    page = _login(make_user("caseworker")).post(
        f"/sharing/people/{subject.pk}/",
        _request_body(to, field_set=["given_name", "languages"], purpose="shelter"),
    )
    errors = page.context["form"].errors
    assert "'languages' is not covered by DSA-2016-004" in errors["field_set"][0]
    assert 'value="shelter"' in page.content.decode()


def test_a_request_with_consent_is_approved_at_once(make_user, ready):
    subject, to = ready
    response = _login(make_user("caseworker")).post(
        f"/sharing/people/{subject.pk}/", _request_body(to)
    )
    made = Disclosure.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/sharing/disclosures/{made.pk}/"
    assert made.state == Disclosure.State.APPROVED
    assert made.fields == ["given_name", "date_of_birth"]


def _government(subject):
    council = recipient("Kent County Council", kind="government", country="GB")
    _current(council, reference="DSA-KCC-1")
    consent(subject, council, timezone.now() - timedelta(days=1))
    return council


def test_a_government_recipient_needs_a_second_different_approver(make_user, ready):
    subject, _ = ready
    council = _government(subject)
    requester = make_user("supervisor")
    client = _login(requester)
    client.post(
        f"/sharing/people/{subject.pk}/",
        _request_body(council, agreement="DSA-KCC-1"),
    )
    made = Disclosure.objects.get()
    assert made.state == Disclosure.State.AWAITING_APPROVAL
    own = client.get(f"/sharing/disclosures/{made.pk}/")
    assert b'id="approve"' not in own.content
    assert own.context["requester_waits"] is True
    refused = client.post(f"/sharing/disclosures/{made.pk}/approve/", follow=True)
    assert b"a second, different person must approve" in refused.content
    made.refresh_from_db()
    assert made.state == Disclosure.State.AWAITING_APPROVAL

    second = _login(make_user("supervisor"))
    queue = second.get("/sharing/disclosures/")
    assert f"disclosure-{made.pk}".encode() in queue.content
    detail = second.get(f"/sharing/disclosures/{made.pk}/")
    assert b'id="approve"' in detail.content
    second.post(f"/sharing/disclosures/{made.pk}/approve/")
    made.refresh_from_db()
    assert made.state == Disclosure.State.APPROVED
    assert made.approved_by_id != requester.pk


def test_a_caseworker_sees_no_approve_button_and_may_not_approve(make_user, ready):
    subject, _ = ready
    council = _government(subject)
    _login(make_user("supervisor")).post(
        f"/sharing/people/{subject.pk}/",
        _request_body(council, agreement="DSA-KCC-1"),
    )
    made = Disclosure.objects.get()
    caseworker = _login(make_user("caseworker"))
    page = caseworker.get(f"/sharing/disclosures/{made.pk}/")
    assert b'id="approve"' not in page.content
    assert caseworker.post(f"/sharing/disclosures/{made.pk}/approve/").status_code == (
        403
    )


def test_the_country_of_origin_is_blocked_until_an_administrator_overrides(
    make_user, ready
):
    subject, _ = ready
    khartoum = recipient("Sudan Commissioner", kind="government", country="SD")
    _current(khartoum, reference="DSA-SD-1")
    Person.objects.filter(pk=subject.pk).update(nationalities=["SD"])
    requester = make_user("supervisor")
    client = _login(requester)
    client.post(
        f"/sharing/people/{subject.pk}/",
        _request_body(
            khartoum,
            agreement="DSA-SD-1",
            legal_basis="legal_obligation",
            consent="court order for family reunification",
        ),
    )
    made = Disclosure.objects.get()
    _login(make_user("supervisor")).post(f"/sharing/disclosures/{made.pk}/approve/")
    page = client.get(f"/sharing/disclosures/{made.pk}/")
    assert page.context["status"].country_of_origin is True
    assert "country_of_origin" in page.context["status"].send_problems
    assert b'id="send"' not in page.content
    refused = client.post(f"/sharing/disclosures/{made.pk}/send/", follow=True)
    assert b"country of origin" in refused.content
    assert not Export.objects.exists()

    admin = _login(make_user("system_administrator"))
    queue = admin.get("/sharing/disclosures/origin/")
    assert f"disclosure-{made.pk}".encode() in queue.content
    assert subject.given_name.encode() not in queue.content
    too_short = admin.post(
        f"/sharing/disclosures/{made.pk}/override/", {"reason": "ok"}
    )
    assert "reason" in too_short.context["form"].errors
    admin.post(
        f"/sharing/disclosures/{made.pk}/override/",
        {"reason": "UNHCR-verified reunification with a parent in Khartoum"},
    )
    made.refresh_from_db()
    assert made.origin_override_reason.startswith("UNHCR-verified")
    assert admin.get(f"/sharing/disclosures/{made.pk}/").status_code == 403
    page = client.get(f"/sharing/disclosures/{made.pk}/")
    assert b'id="send"' in page.content


def test_sending_makes_a_sealed_export_of_exactly_the_approved_fields(make_user, ready):
    subject, to = ready
    sender = make_user("caseworker")
    client = _login(sender)
    client.post(f"/sharing/people/{subject.pk}/", _request_body(to))
    made = Disclosure.objects.get()
    page = client.post(f"/sharing/disclosures/{made.pk}/send/")
    assert page.status_code == 200
    passphrase = page.context["passphrase"]
    assert passphrase
    export = Export.objects.get()
    assert export.encrypted is True
    assert export.kind == "sharing.disclosure"
    assert export.filename == f"disclosure-{made.pk}.csv.hvx"
    sealed = base64.b64decode(export.content)
    for secret in (subject.given_name, subject.family_name, "2003-04-01"):
        assert secret.encode() not in sealed
        assert secret not in export.filename
    table = open_export(sealed, passphrase).decode()
    assert table.splitlines() == ["given_name,date_of_birth", "Amira,2003-04-01"]
    made.refresh_from_db()
    assert made.state == Disclosure.State.SENT
    assert made.sent_by_id == sender.pk
    download = client.get(f"/exports/{export.token}/download/")
    assert download.status_code == 200
    again = client.post(f"/sharing/disclosures/{made.pk}/send/", follow=True)
    assert b"already sent" in again.content
    assert Export.objects.count() == 1


def test_a_person_outside_the_scope_answers_404(make_user, ready):
    subject, to = ready
    _login(make_user("caseworker")).post(
        f"/sharing/people/{subject.pk}/", _request_body(to)
    )
    made = Disclosure.objects.get()
    elsewhere = _login(make_user("caseworker", agency="France terre d'asile"))
    assert elsewhere.get(f"/sharing/people/{subject.pk}/").status_code == 404
    assert elsewhere.get(f"/sharing/disclosures/{made.pk}/").status_code == 404
    assert elsewhere.post(f"/sharing/disclosures/{made.pk}/send/").status_code == 404


def test_the_approval_queue_holds_only_the_approvers_scope(make_user, ready):
    subject, _ = ready
    council = _government(subject)
    _login(make_user("protection_specialist")).post(
        f"/sharing/people/{subject.pk}/",
        _request_body(council, agreement="DSA-KCC-1"),
    )
    made = Disclosure.objects.get()
    other = _login(make_user("supervisor", agency="France terre d'asile"))
    assert (
        f"disclosure-{made.pk}".encode()
        not in other.get("/sharing/disclosures/").content
    )


def test_the_person_page_links_to_disclosures_only_for_roles_that_request(
    make_user, ready
):
    subject, _ = ready
    link = f"/sharing/people/{subject.pk}/".encode()
    assert link in _login(make_user("caseworker")).get(f"/people/{subject.pk}/").content
    assert (
        link
        not in _login(make_user("health_officer")).get(f"/people/{subject.pk}/").content
    )
