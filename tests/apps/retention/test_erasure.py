"""
T-S11 (a) and (b): an erasure leaves no canary in any table, and a hold stops it.

The scan reads every column of every table with raw SQL, so a table the erasure
forgot is found whatever its app. Before the erasure the same scan must find every
canary, so it is shown to see the data.
"""

from __future__ import annotations

import json

import pytest
from django.db import connection

from haven.apps.audit.models import AuditEvent
from haven.apps.audit.selectors import audit_chain_verify
from haven.apps.cases.models import Appeal, Case, CaseTransition, Decision
from haven.apps.core.actors import Actor
from haven.apps.errors import ConflictError, PermissionDeniedError
from haven.apps.people.models import NameKey, Person, PersonEvent
from haven.apps.people.selectors import person_search
from haven.apps.people.services import person_register
from haven.apps.placements.models import Placement
from haven.apps.retention.models import LegalHold
from haven.apps.retention.policy import HoldKind
from haven.apps.retention.services import (
    legal_hold_place,
    legal_hold_release,
    person_erase,
)
from tests.apps.people.builders import ACTOR, person_input, registration_input
from tests.apps.retention.builders import Canaries, person_with_everything
from tests.conftest import NOW

pytestmark = pytest.mark.django_db(transaction=True)

CONTROL = "CONTROL-7f1c2a"


def _text(value: object) -> str:
    if isinstance(value, memoryview | bytes | bytearray):
        return bytes(value).decode("latin-1")
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def scan(needle: str) -> dict[str, int]:
    """Return, per table, how many cells of any column contain ``needle``."""
    hits: dict[str, int] = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 - table names come from the database itself
            count = sum(
                needle in _text(cell)
                for row in cursor.fetchall()
                for cell in row
                if cell is not None
            )
            if count:
                hits[table] = count
    return hits


@pytest.fixture
def other(db):
    return person_register(
        person=person_input(place_of_origin=CONTROL),
        registration=registration_input(),
        actor=ACTOR,
        now=NOW,
    )


def test_erasure_leaves_no_canary_in_any_table_and_the_chain_verifies(make_user, other):
    canaries = Canaries()
    supervisor = make_user("supervisor")
    person = person_with_everything(canaries, other=other, user=supervisor)
    before = scan("CANARY-")
    assert sum(before.values()) >= len(set(canaries.issued)) - 1  # the encrypted note
    assert len(before) >= 25

    outcome = person_erase(person=person, actor=Actor.of_user(supervisor), now=NOW)

    assert outcome.erased is True
    assert scan("CANARY-") == {}
    assert scan(CONTROL) != {}
    assert audit_chain_verify().ok is True
    events = AuditEvent.objects.filter(action="person.erase.request")
    assert list(events.values_list("object_id", "outcome")) == [
        (str(person.pk), "success")
    ]


def test_an_erased_person_is_an_anonymous_tombstone_that_counts_still_reach(
    make_user, other
):
    supervisor = make_user("supervisor")
    person = person_with_everything(Canaries(), other=other, user=supervisor)
    person_erase(person=person, actor=Actor.of_user(supervisor), now=NOW)

    tombstone = Person.objects.get(pk=person.pk)
    assert tombstone.registration_number == f"ERASED-{person.pk}"
    assert tombstone.erased_at == NOW
    assert tombstone.nationalities == ["SY"]
    assert tombstone.date_of_birth is None
    assert Case.objects.get(person=person).state == "withdrawn"
    assert CaseTransition.objects.filter(case__person=person).count() == 1
    assert Decision.objects.get(case__person=person).outcome == "refused"
    assert Placement.objects.filter(person=person).count() == 1
    assert NameKey.objects.filter(person=person).count() == 0
    assert PersonEvent.objects.filter(person=person).count() == 0
    assert list(person_search(query=tombstone.registration_number)) == []
    with pytest.raises(ConflictError):
        person_erase(person=tombstone, actor=Actor.of_user(supervisor), now=NOW)


def test_a_caseworker_may_not_erase_and_the_attempt_is_audited(make_user, other):
    with pytest.raises(PermissionDeniedError):
        person_erase(
            person=other, actor=Actor.of_user(make_user("caseworker")), now=NOW
        )
    assert Person.objects.get(pk=other.pk).erased_at is None
    denied = AuditEvent.objects.get(action="person.erase")
    assert (denied.object_id, denied.outcome) == (str(other.pk), "denied")


def test_a_person_under_a_manual_hold_is_not_erased_and_the_audit_says_why(
    make_user, other
):
    supervisor = make_user("supervisor")
    hold = legal_hold_place(
        person=other,
        kind="manual",
        reason="inquiry by the ombudsman",
        until=None,
        actor=Actor.of_user(make_user("protection_specialist")),
        now=NOW,
    )

    outcome = person_erase(person=other, actor=Actor.of_user(supervisor), now=NOW)

    assert outcome.erased is False
    assert [(h.kind, h.source_id) for h in outcome.holds] == [
        (HoldKind.MANUAL, hold.pk)
    ]
    assert Person.objects.get(pk=other.pk).registration_number.startswith("HVN-")
    refused = AuditEvent.objects.get(action="person.erase_held.manual")
    assert (refused.object_type, refused.object_id, refused.outcome) == (
        "legal_hold",
        str(hold.pk),
        "denied",
    )
    assert AuditEvent.objects.get(action="person.erase").outcome == "denied"
    assert audit_chain_verify().ok is True

    legal_hold_release(hold=hold, actor=Actor.of_user(supervisor), now=NOW)
    assert (
        person_erase(person=other, actor=Actor.of_user(supervisor), now=NOW).erased
        is True
    )
    assert LegalHold.objects.get(pk=hold.pk).reason == ""


def test_a_pending_appeal_and_an_open_case_hold_the_record(make_user, other):
    supervisor = make_user("supervisor")
    person = person_with_everything(Canaries(), other=other, user=supervisor)
    Appeal.objects.filter(case__person=person).update(state="pending", outcome="")
    Case.objects.filter(person=person).update(state="request_sent")

    outcome = person_erase(person=person, actor=Actor.of_user(supervisor), now=NOW)

    assert outcome.erased is False
    assert {h.kind for h in outcome.holds} == {
        HoldKind.APPEAL_PENDING,
        HoldKind.CASE_OPEN,
    }
    assert (
        AuditEvent.objects.filter(action="person.erase_held.appeal_pending").count()
        == 1
    )
    assert Person.objects.get(pk=person.pk).erased_at is None


@pytest.mark.postgres
def test_erasure_leaves_no_canary_on_postgresql(make_user, other):
    assert connection.vendor == "postgresql"
    supervisor = make_user("supervisor")
    person = person_with_everything(Canaries(), other=other, user=supervisor)
    assert scan("CANARY-") != {}
    assert (
        person_erase(person=person, actor=Actor.of_user(supervisor), now=NOW).erased
        is True
    )
    assert scan("CANARY-") == {}
    assert audit_chain_verify().ok is True
