"""The transfer gate's services: each requirement, each step audited once."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from haven.apps.audit.models import AuditEvent
from haven.apps.core.actors import Actor
from haven.apps.errors import ConflictError, PermissionDeniedError
from haven.apps.sharing.models import Disclosure
from haven.apps.sharing.services import (
    DisclosureRefusedError,
    disclose,
    disclosure_request,
)
from tests.apps.sharing.builders import agreement, consent, person, recipient

pytestmark = pytest.mark.django_db


def _request(requester, now, **overrides):
    subject = overrides.pop("subject", None) or person()
    to = overrides.pop("to", None) or recipient()
    values = {
        "person": subject,
        "recipient": to,
        "purpose": "referral to a shelter",
        "legal_basis": "vital_interests",
        "agreement_reference": "DSA-2016-004",
        "fields": ["given_name", "date_of_birth"],
        "requested_by": Actor.of_user(requester),
        "now": now,
    }
    values.update(overrides)
    return disclosure_request(**values)


@pytest.fixture
def ready(now):
    subject, to = person(), recipient()
    agreement(to)
    given = consent(subject, to, now - timedelta(hours=1))
    return subject, to, given


def test_a_disclosure_is_audited_once_per_step_and_holds_no_values(
    make_user, now, ready
):
    subject, to, _ = ready
    requester = make_user("caseworker")
    disclosure = _request(requester, now, subject=subject, to=to)
    assert disclosure.state == Disclosure.State.APPROVED
    payload = disclose(disclosure=disclosure, sent_by=Actor.of_user(requester), now=now)
    assert payload.values == {"given_name": "Amira", "date_of_birth": "2003-04-01"}
    actions = list(AuditEvent.objects.values_list("action", "object_id"))
    assert actions == [
        ("disclosure.request", str(disclosure.pk)),
        ("disclosure.send", str(disclosure.pk)),
    ]
    disclosure.refresh_from_db()
    assert disclosure.fields == ["given_name", "date_of_birth"]
    assert disclosure.sent_at == now
    with pytest.raises(ConflictError):
        disclose(disclosure=disclosure, sent_by=Actor.of_user(requester), now=now)


def test_consent_withdrawn_after_the_request_stops_the_sending(make_user, now, ready):
    subject, to, given = ready
    requester = make_user("caseworker")
    disclosure = _request(requester, now, subject=subject, to=to)
    given.withdrawn_at = now + timedelta(minutes=5)
    given.save()
    with pytest.raises(DisclosureRefusedError) as refused:
        disclose(
            disclosure=disclosure,
            sent_by=Actor.of_user(requester),
            now=now + timedelta(hours=1),
        )
    assert list(refused.value.field_errors) == ["consent"]
    denied = AuditEvent.objects.get(action="disclosure.refused")
    assert denied.outcome == "denied"


def test_an_agreement_out_of_term_or_with_another_recipient_is_refused(
    make_user, now, ready
):
    subject, to, _ = ready
    requester = make_user("caseworker")
    later = datetime(2018, 1, 1, tzinfo=now.tzinfo)
    consent(subject, to, now)
    with pytest.raises(DisclosureRefusedError) as expired:
        _request(requester, later, subject=subject, to=to)
    assert "not on 2018-01-01" in expired.value.field_errors["agreement"][0]
    other = recipient(name="Another NGO")
    agreement(other, reference="DSA-OTHER")
    with pytest.raises(DisclosureRefusedError) as mismatched:
        _request(
            requester, now, subject=subject, to=to, agreement_reference="DSA-OTHER"
        )
    assert mismatched.value.field_errors["agreement"] == [
        "DSA-OTHER is with another recipient"
    ]


def test_a_consent_override_needs_a_written_reason(make_user, now):
    requester = make_user("caseworker")
    to = recipient()
    agreement(to)
    subject = person()
    with pytest.raises(DisclosureRefusedError) as short:
        _request(
            requester, now, to=to, subject=subject, consent_override_reason="urgent"
        )
    assert list(short.value.field_errors) == ["consent"]
    disclosure = _request(
        requester,
        now,
        to=to,
        subject=subject,
        consent_override_reason="child at risk, guardian cannot be reached",
    )
    assert disclosure.consent is None
    assert disclosure.consent_override_reason.startswith("child at risk")


def test_consent_as_the_basis_without_consent_is_refused(make_user, now):
    requester = make_user("caseworker")
    to = recipient()
    agreement(to)
    with pytest.raises(DisclosureRefusedError) as refused:
        _request(
            requester,
            now,
            to=to,
            legal_basis="consent",
            consent_override_reason="child at risk, guardian cannot be reached",
        )
    assert list(refused.value.field_errors) == ["legal_basis"]


def test_purpose_and_a_known_legal_basis_are_required(make_user, now, ready):
    subject, to, _ = ready
    with pytest.raises(DisclosureRefusedError) as refused:
        _request(
            make_user("caseworker"),
            now,
            subject=subject,
            to=to,
            purpose="  ",
            legal_basis="because",
        )
    assert refused.value.field_errors == {
        "purpose": ["state why the recipient needs the data"],
        "legal_basis": ["unknown legal basis 'because'"],
    }


@pytest.mark.parametrize("role", ["registration_clerk", "auditor", "health_officer"])
def test_other_roles_may_not_disclose(make_user, now, ready, role):
    subject, to, _ = ready
    with pytest.raises(PermissionDeniedError):
        _request(make_user(role), now, subject=subject, to=to)
    assert not Disclosure.objects.exists()


def test_an_override_is_refused_when_the_recipient_is_not_in_the_country_of_origin(
    make_user, now
):
    """R-14: an administrator overrides only a country-of-origin block."""
    from haven.apps.sharing.services import disclosure_override_origin

    subject, to = person(), recipient(name="Iraqi Red Crescent", country="IQ")
    agreement(to)
    consent(subject, to, now - timedelta(hours=1))
    disclosure = _request(make_user("caseworker"), now, subject=subject, to=to)
    with pytest.raises(ConflictError) as refused:
        disclosure_override_origin(
            disclosure=disclosure,
            administrator=Actor.of_user(make_user("system_administrator")),
            reason="a reason long enough to read",
            now=now,
        )
    assert "country_of_origin" in refused.value.field_errors
    disclosure.refresh_from_db()
    assert disclosure.origin_override_by_id is None


def test_a_country_gained_after_the_request_needs_its_approval_and_override(
    make_user, now
):
    """R-14: a nationality recorded later blocks sending until both are recorded."""
    from haven.apps.sharing.services import (
        disclosure_approve,
        disclosure_override_origin,
    )

    subject, to = person(), recipient(name="Iraqi Red Crescent", country="IQ")
    agreement(to)
    consent(subject, to, now - timedelta(hours=1))
    requester = make_user("caseworker")
    disclosure = _request(requester, now, subject=subject, to=to)
    assert disclosure.state == Disclosure.State.APPROVED
    subject.nationalities = ["SY", "IQ"]
    subject.save(update_fields=["nationalities"])
    with pytest.raises(DisclosureRefusedError) as blocked:
        disclose(disclosure=disclosure, sent_by=Actor.of_user(requester), now=now)
    assert {"approval", "country_of_origin"} <= set(blocked.value.field_errors)
    disclosure_approve(
        disclosure=disclosure, approver=Actor.of_user(make_user("supervisor")), now=now
    )
    disclosure_override_origin(
        disclosure=disclosure,
        administrator=Actor.of_user(make_user("system_administrator")),
        reason="family reunification agreed with the Iraqi authorities",
        now=now,
    )
    payload = disclose(disclosure=disclosure, sent_by=Actor.of_user(requester), now=now)
    assert set(payload.values) == {"given_name", "date_of_birth"}
    disclosure.refresh_from_db()
    assert disclosure.origin_override_country == "IQ"
