"""``haven people reindex``: stored search keys follow the name normaliser."""

from __future__ import annotations

import pytest

from haven.apps.audit.models import AuditEvent
from haven.apps.people.inputs import NameInput
from haven.apps.people.models import NameKey, Person
from haven.apps.people.selectors import person_search
from haven.apps.people.services import person_keys, person_register
from haven.cli.main import main
from tests.apps.people.builders import ACTOR, person_input, registration_input
from tests.conftest import NOW

pytestmark = pytest.mark.django_db


def _register(given: str, family: str) -> Person:
    return person_register(
        person=person_input(name=NameInput(given, "", "", family, "")),
        registration=registration_input(),
        actor=ACTOR,
        now=NOW,
    )


def _keys(person: Person) -> set[str]:
    return set(person.name_keys.values_list("key", flat=True))


def test_keys_stored_by_an_older_normaliser_are_rebuilt(capsys):
    celik = _register("Şükrü", "Çelik")
    other = _register("Ahmed", "Hassan")
    right = _keys(celik)
    # Keys as a release that read ç as a bare c stored them: "Chelik" not found.
    celik.name_keys.all().delete()
    NameKey.objects.bulk_create([NameKey(person=celik, key=k) for k in ("skr", "alk")])
    assert not person_search(query="Chelik").filter(pk=celik.pk).exists()
    untouched = _keys(other)
    events = AuditEvent.objects.count()

    assert main(["people", "reindex", "--quiet", "--batch-size", "1"]) == 0

    assert "checked 2 people, changed 1: " in capsys.readouterr().out
    assert _keys(celik) == right
    assert _keys(other) == untouched
    assert person_search(query="Chelik").filter(pk=celik.pk).exists()
    assert person_search(query="Shukri Chelik").filter(pk=celik.pk).exists()
    rebuilt = AuditEvent.objects.filter(action="search_keys.rebuilt")
    assert AuditEvent.objects.count() == events + 1
    assert rebuilt.get().object_id == f"{celik.pk}..{celik.pk}"


def test_keys_cover_every_spelling_and_a_second_run_changes_nothing(capsys):
    person = _register("Xhemal", "Diallo")
    person.names.create(given_name="Jamal", family_name="Jallo")
    assert main(["people", "reindex", "--quiet"]) == 0
    assert _keys(person) == person_keys(
        [
            NameInput("Xhemal", "", "", "Diallo", ""),
            NameInput("Jamal", "", "", "Jallo", ""),
        ]
    )
    assert person_search(query="Jallo").filter(pk=person.pk).exists()
    capsys.readouterr()
    assert main(["people", "reindex", "--quiet"]) == 0
    assert "changed 0: 0 keys added, 0 removed" in capsys.readouterr().out


def test_a_batch_size_below_one_is_refused_by_name(capsys):
    assert main(["people", "reindex", "--batch-size", "0"]) == 2
    assert "--batch-size: must be at least 1" in capsys.readouterr().err
