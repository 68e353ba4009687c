"""
T-S12: the transfer gate (specs/security.md §8.1, R-14).

Every combination of {consent, legal basis, agreement id, field set} is tried, and
for government recipients also {second approver present, absent}: only the fully
qualified one sends (1/16; 1/32), and every refusal names exactly the requirements
that were missing. A recipient in the person's country of origin is never sent to
without an administrator's override, and what is sent is exactly the approved set.
"""

from __future__ import annotations

import itertools
import random
from datetime import timedelta

import pytest

from haven.apps.audit.models import AuditEvent
from haven.apps.core.actors import Actor
from haven.apps.errors import InvalidInputError, PermissionDeniedError
from haven.apps.sharing.fields import DISCLOSABLE_FIELDS
from haven.apps.sharing.models import Disclosure
from haven.apps.sharing.services import (
    DisclosureRefusedError,
    disclose,
    disclosure_approve,
    disclosure_override_origin,
    disclosure_request,
)
from tests.apps.sharing.builders import (
    AGREED_FIELDS,
    agreement,
    consent,
    person,
    recipient,
)

pytestmark = pytest.mark.django_db

REQUIREMENTS = ("consent", "legal_basis", "agreement", "fields")
FIELDS = ["registration_number", "given_name", "date_of_birth"]


def attempt(subject, to, present, *, requester, approver, now, number):
    """Run request, approval (when an approver is present) and sending."""
    if "consent" in present:
        consent(subject, to, now - timedelta(days=1))
    disclosure = disclosure_request(
        person=subject,
        recipient=to,
        purpose=f"family reunification, attempt {number}",
        legal_basis="vital_interests" if "legal_basis" in present else "",
        agreement_reference=to.agreements.get().reference
        if "agreement" in present
        else "",
        fields=FIELDS if "fields" in present else [],
        requested_by=Actor.of_user(requester),
        now=now,
    )
    if approver is not None and disclosure.state == Disclosure.State.AWAITING_APPROVAL:
        disclosure = disclosure_approve(
            disclosure=disclosure, approver=Actor.of_user(approver), now=now
        )
    return disclose(disclosure=disclosure, sent_by=Actor.of_user(requester), now=now)


def outcome(*args, **kwargs):
    """Return (payload, set()) when sent, or (None, the requirements refused)."""
    try:
        return attempt(*args, **kwargs), set()
    except DisclosureRefusedError as error:
        return None, set(error.field_errors)


def _combinations():
    for flags in itertools.product((True, False), repeat=len(REQUIREMENTS)):
        yield {name for name, on in zip(REQUIREMENTS, flags, strict=True) if on}


def test_only_the_fully_qualified_disclosure_of_16_is_sent(make_user, now):
    requester = make_user("caseworker")
    sent, refused = [], []
    for number, present in enumerate(_combinations()):
        subject = person(number)
        to = recipient(name=f"Humanitarian {number}")
        agreement(to, reference=f"DSA-H-{number}")
        payload, failed = outcome(
            subject,
            to,
            present,
            requester=requester,
            approver=None,
            now=now,
            number=number,
        )
        assert failed == set(REQUIREMENTS) - present
        if payload is None:
            refused.append(present)
        else:
            assert set(payload.values) == set(FIELDS)
            sent.append(present)
    assert (len(sent), len(refused)) == (1, 15)
    assert Disclosure.objects.filter(state="sent").count() == 1
    assert AuditEvent.objects.filter(action="disclosure.refused").count() == 15


def test_only_the_fully_qualified_government_disclosure_of_32_is_sent(make_user, now):
    requester, second = make_user("caseworker"), make_user("supervisor")
    outcomes = []
    for number, (present, approved) in enumerate(
        itertools.product(_combinations(), (True, False))
    ):
        subject = person(number)
        to = recipient(name=f"Home Office {number}", kind="government", country="GB")
        agreement(to, reference=f"DSA-G-{number}")
        approver = second if approved else None
        payload, failed = outcome(
            subject,
            to,
            present,
            requester=requester,
            approver=approver,
            now=now,
            number=number,
        )
        missing = set(REQUIREMENTS) - present
        if not missing and not approved:
            missing = {"approval"}
        assert failed == missing
        outcomes.append(payload is not None)
    assert (outcomes.count(True), len(outcomes)) == (1, 32)
    assert Disclosure.objects.filter(state="sent").count() == 1


def test_the_requester_cannot_be_their_own_second_approver(make_user, now):
    supervisor = make_user("supervisor")
    subject, to = person(), recipient(kind="law_enforcement")
    agreement(to)
    consent(subject, to, now)
    disclosure = disclosure_request(
        person=subject,
        recipient=to,
        purpose="missing child search",
        legal_basis="vital_interests",
        agreement_reference="DSA-2016-004",
        fields=FIELDS,
        requested_by=Actor.of_user(supervisor),
        now=now,
    )
    with pytest.raises(DisclosureRefusedError) as refused:
        disclosure_approve(
            disclosure=disclosure, approver=Actor.of_user(supervisor), now=now
        )
    assert list(refused.value.field_errors) == ["approval"]
    with pytest.raises(DisclosureRefusedError):
        disclose(disclosure=disclosure, sent_by=Actor.of_user(supervisor), now=now)


def _origin_request(make_user, now):
    requester, second = make_user("caseworker"), make_user("supervisor")
    subject = person(nationalities=["SY"])
    to = recipient(name="Syrian consulate, Paris", kind="government", country="SY")
    agreement(to)
    consent(subject, to, now)
    disclosure = disclosure_request(
        person=subject,
        recipient=to,
        purpose="travel document",
        legal_basis="legal_obligation",
        agreement_reference="DSA-2016-004",
        fields=FIELDS,
        requested_by=Actor.of_user(requester),
        now=now,
    )
    disclosure = disclosure_approve(
        disclosure=disclosure, approver=Actor.of_user(second), now=now
    )
    return requester, disclosure


def test_a_country_of_origin_recipient_is_blocked_without_an_override(make_user, now):
    requester, disclosure = _origin_request(make_user, now)
    with pytest.raises(DisclosureRefusedError) as refused:
        disclose(disclosure=disclosure, sent_by=Actor.of_user(requester), now=now)
    assert list(refused.value.field_errors) == ["country_of_origin"]
    supervisor = make_user("supervisor")
    with pytest.raises(PermissionDeniedError):
        disclosure_override_origin(
            disclosure=disclosure,
            administrator=Actor.of_user(supervisor),
            reason="the person asked for a passport",
            now=now,
        )
    with pytest.raises(DisclosureRefusedError):
        disclose(disclosure=disclosure, sent_by=Actor.of_user(requester), now=now)
    assert Disclosure.objects.filter(state="sent").count() == 0


def test_an_administrators_override_with_a_reason_lets_it_go(make_user, now):
    requester, disclosure = _origin_request(make_user, now)
    admin = make_user("system_administrator")
    with pytest.raises(InvalidInputError) as no_reason:
        disclosure_override_origin(
            disclosure=disclosure,
            administrator=Actor.of_user(admin),
            reason="  ",
            now=now,
        )
    assert list(no_reason.value.field_errors) == ["reason"]
    disclosure_override_origin(
        disclosure=disclosure,
        administrator=Actor.of_user(admin),
        reason="the person asked in writing for a passport renewal",
        now=now,
    )
    payload = disclose(disclosure=disclosure, sent_by=Actor.of_user(requester), now=now)
    assert set(payload.values) == set(FIELDS)


def test_a_registry_nationality_also_counts_as_country_of_origin(make_user, now):
    from haven.apps.people.models import Registration

    requester = make_user("caseworker")
    subject = person(nationalities=[])
    Registration.objects.create(
        person=subject,
        source_kind="state_authority",
        source_name="prefecture",
        external_id="P-1",
        registered_at=now,
        registered_by="officer",
        nationality="er",
    )
    to = recipient(name="Eritrean embassy", kind="humanitarian", country="ER")
    agreement(to)
    consent(subject, to, now)
    disclosure = disclosure_request(
        person=subject,
        recipient=to,
        purpose="tracing a parent",
        legal_basis="vital_interests",
        agreement_reference="DSA-2016-004",
        fields=FIELDS,
        requested_by=Actor.of_user(requester),
        now=now,
    )
    assert disclosure.state == Disclosure.State.AWAITING_APPROVAL
    disclosure = disclosure_approve(
        disclosure=disclosure, approver=Actor.of_user(make_user("supervisor")), now=now
    )
    with pytest.raises(DisclosureRefusedError) as refused:
        disclose(disclosure=disclosure, sent_by=Actor.of_user(requester), now=now)
    assert list(refused.value.field_errors) == ["country_of_origin"]


def test_the_sent_field_set_equals_the_approved_set(make_user, now):
    """Over 20 random subsets of the agreement: the payload has exactly those keys."""
    rng = random.Random(67)  # noqa: S311  (test data, not secrets)
    requester = make_user("caseworker")
    to = recipient()
    agreement(to, fields=list(DISCLOSABLE_FIELDS))
    for number in range(20):
        subject = person(number)
        consent(subject, to, now)
        chosen = rng.sample(list(DISCLOSABLE_FIELDS), rng.randint(1, 6))
        disclosure = disclosure_request(
            person=subject,
            recipient=to,
            purpose="referral to a shelter",
            legal_basis="consent",
            agreement_reference="DSA-2016-004",
            fields=chosen,
            requested_by=Actor.of_user(requester),
            now=now,
        )
        payload = disclose(
            disclosure=disclosure, sent_by=Actor.of_user(requester), now=now
        )
        disclosure.refresh_from_db()
        assert list(payload.values) == chosen == disclosure.fields
        assert "phone" not in payload.values
        assert "place_of_origin" not in payload.values
        if "given_name" in chosen:
            assert payload.values["given_name"] == "Amira"


def test_fields_outside_the_allowlist_or_the_agreement_are_refused(make_user, now):
    requester = make_user("caseworker")
    subject, to = person(), recipient()
    agreement(to)
    consent(subject, to, now)
    with pytest.raises(DisclosureRefusedError) as refused:
        disclosure_request(
            person=subject,
            recipient=to,
            purpose="referral",
            legal_basis="consent",
            agreement_reference="DSA-2016-004",
            fields=["given_name", "phone", "languages"],
            requested_by=Actor.of_user(requester),
            now=now,
        )
    problems = refused.value.field_errors["fields"]
    assert problems == [
        "'phone' may not be disclosed",
        "'languages' is not covered by DSA-2016-004",
    ]
    assert set(AGREED_FIELDS) <= set(DISCLOSABLE_FIELDS)
