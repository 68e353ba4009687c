"""
T-R7: make the k-th database write of a multi-step operation fail, for every k;
the database must be exactly as before (same rows in every table).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection

from haven.apps.operations.fingerprint import database_fingerprint
from haven.apps.operations.idempotency import idempotent_call
from haven.apps.people.beds import bed_assign
from haven.apps.people.imports import SourceRow, registrations_import
from haven.apps.people.inputs import NameInput
from haven.apps.people.models import Location, Person
from haven.apps.people.services import family_register, person_register, person_update
from tests.apps.people.builders import (
    ACTOR,
    child_input,
    family,
    person_input,
    registration_input,
)
from tests.apps.people.test_imports import good_row
from tests.conftest import NOW

pytestmark = pytest.mark.django_db(transaction=True)

_WRITES = ("INSERT", "UPDATE", "DELETE")


class InjectedFault(Exception):
    """The failure put in place of one database write."""


class FailOnWrite:
    """Raise InjectedFault instead of the k-th INSERT, UPDATE or DELETE."""

    def __init__(self, k: int) -> None:
        self.k = k
        self.writes = 0

    def __call__(self, execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(_WRITES):
            self.writes += 1
            if self.writes == self.k:
                raise InjectedFault(f"write {self.k}")
        return execute(sql, params, many, context)


def _state():
    with connection.cursor() as cursor:
        return database_fingerprint(cursor, connection.vendor)


def _every_fault(operation: Callable[[], object]) -> int:
    """Fail each write of ``operation`` in turn; return how many writes it makes."""
    k = 1
    while True:
        before = _state()
        fault = FailOnWrite(k)
        with connection.execute_wrapper(fault):
            try:
                operation()
            except InjectedFault:
                pass
            else:
                assert fault.writes < k
                return fault.writes
        assert _state() == before, f"a partial state after failing write {k}"
        k += 1


def test_registering_a_family_is_all_or_nothing():
    members = family(
        (person_input(), "head"),
        (person_input(name=NameInput("Amina", native="آمنة"), sex="F"), "spouse"),
        (child_input(), "child"),
    )
    writes = _every_fault(
        lambda: family_register(
            members=members, registration=registration_input(), actor=ACTOR, now=NOW
        )
    )
    assert writes > 20
    assert Person.objects.count() == 3


def test_an_edit_is_all_or_nothing():
    person = person_register(
        person=person_input(), registration=registration_input(), actor=ACTOR, now=NOW
    )
    renamed = person_input(name=NameInput("Ahmad", "Muhammad", native="أحمد"))
    writes = _every_fault(
        lambda: person_update(
            person=person, expected_version=1, data=renamed, actor=ACTOR, now=NOW
        )
    )
    assert writes > 3
    assert Person.objects.get().version == 2


def test_a_bed_assignment_is_all_or_nothing():
    person = person_register(
        person=person_input(), registration=registration_input(), actor=ACTOR, now=NOW
    )
    centre = Location.objects.create(
        key="cao", name="CAO", kind="centre", country="FR", capacity=2
    )
    writes = _every_fault(
        lambda: bed_assign(location=centre, person=person, actor=ACTOR, now=NOW)
    )
    assert writes >= 3
    assert Person.objects.get().housed_at == centre


def test_an_import_batch_is_all_or_nothing():
    rows = [SourceRow(n + 2, {**good_row(n), "location_key": ""}) for n in range(3)]
    writes = _every_fault(
        lambda: registrations_import(rows, actor=ACTOR, now=NOW, batch_size=3)
    )
    assert writes > 20
    assert Person.objects.count() == 3


def test_an_idempotent_request_is_all_or_nothing(make_user):
    user = make_user()

    def register():
        person = person_register(
            person=person_input(),
            registration=registration_input(),
            actor=ACTOR,
            now=NOW,
        )
        return 201, {"id": person.pk}

    writes = _every_fault(
        lambda: idempotent_call(
            user_id=user.pk, key="k", fingerprint="h", operation=register, now=NOW
        )
    )
    assert writes > 5
    assert Person.objects.count() == 1
