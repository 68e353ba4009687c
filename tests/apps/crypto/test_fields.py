"""T-S14: special-category fields are sealed at rest and never open silently."""

from __future__ import annotations

import base64
import json

import pytest
from django.db import connection

from haven.apps.crypto.errors import DecryptionError, FieldCryptoError
from haven.apps.crypto.fields import Sealed
from haven.apps.crypto.keyring import keyring_get, keyring_reset
from haven.apps.people.models import Vulnerability
from haven.apps.people.services import vulnerability_record
from tests.apps.people.builders import ACTOR, person_input, registration_input
from tests.conftest import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def keyring_file(settings, tmp_path, monkeypatch):
    """A fresh keyring file per test, away from the one under var/."""
    monkeypatch.delenv("HAVEN_FIELD_KEYS", raising=False)
    settings.FIELD_KEYS_FILE = tmp_path / "field-keys.json"
    keyring_reset()
    yield settings.FIELD_KEYS_FILE
    keyring_reset()


@pytest.fixture
def person(camp):
    from haven.apps.people.services import person_register

    return person_register(
        person=person_input(), registration=registration_input(), actor=ACTOR, now=NOW
    )


def _raw(pk):
    with connection.cursor() as cursor:
        cursor.execute("SELECT note FROM people_vulnerability WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def _set_raw(pk, value):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE people_vulnerability SET note = %s WHERE id = %s", [value, pk]
        )


def test_a_note_is_stored_sealed_and_read_back_as_text(person):
    need = vulnerability_record(
        person=person, code="SM-CC", note="dialysis twice a week", actor=ACTOR, now=NOW
    )
    raw = _raw(need.pk)
    version, key_id, nonce, ciphertext = raw.split(":")
    assert (version, key_id) == ("v1", keyring_get().active)
    assert "dialysis" not in raw
    assert Vulnerability.objects.get(pk=need.pk).note == "dialysis twice a week"


def test_the_same_note_seals_differently_each_time(person):
    first = vulnerability_record(
        person=person, code="SM-OT", note="same words", actor=ACTOR, now=NOW
    )
    second = vulnerability_record(
        person=person, code="SM-OT", note="same words", actor=ACTOR, now=NOW
    )
    assert _raw(first.pk) != _raw(second.pk)


def test_a_note_moved_to_another_row_does_not_open(person):
    """T-S14 (b): swapping ciphertexts between two rows fails, both ways."""
    one = vulnerability_record(
        person=person, code="SM-CC", note="first", actor=ACTOR, now=NOW
    )
    two = vulnerability_record(
        person=person, code="SM-MI", note="second", actor=ACTOR, now=NOW
    )
    raw_one, raw_two = _raw(one.pk), _raw(two.pk)
    _set_raw(one.pk, raw_two)
    _set_raw(two.pk, raw_one)
    for pk in (one.pk, two.pk):
        row = Vulnerability.objects.get(pk=pk)
        with pytest.raises(DecryptionError):
            _ = row.note


def test_an_altered_or_plain_value_does_not_open(person):
    need = vulnerability_record(
        person=person, code="SM-CC", note="x" * 40, actor=ACTOR, now=NOW
    )
    version, key_id, nonce, ciphertext = _raw(need.pk).split(":")
    flipped = bytearray(base64.urlsafe_b64decode(ciphertext + "=="))
    flipped[3] ^= 1
    altered = base64.urlsafe_b64encode(bytes(flipped)).rstrip(b"=").decode()
    for value in (
        f"{version}:{key_id}:{nonce}:{altered}",
        "plain text that was never sealed",
        "",
    ):
        _set_raw(need.pk, value)
        with pytest.raises(DecryptionError):
            _ = Vulnerability.objects.get(pk=need.pk).note


def test_a_wrong_or_missing_key_raises_and_never_returns_a_value(
    person, keyring_file, monkeypatch
):
    """T-S14 (c): 0 silent fallbacks: the read raises every time."""
    need = vulnerability_record(
        person=person, code="SM-CC", note="secret", actor=ACTOR, now=NOW
    )
    active = keyring_get().active
    wrong = {"active": active, "keys": {active: base64.b64encode(b"w" * 32).decode()}}
    other = {"active": "k2", "keys": {"k2": base64.b64encode(b"o" * 32).decode()}}
    for keyring in (wrong, other):
        monkeypatch.setenv("HAVEN_FIELD_KEYS", json.dumps(keyring))
        keyring_reset()
        row = Vulnerability.objects.get(pk=need.pk)
        with pytest.raises(DecryptionError):
            _ = row.note


def test_a_sealed_value_read_without_its_row_refuses_to_become_text(person):
    vulnerability_record(person=person, code="SM-CC", note="x", actor=ACTOR, now=NOW)
    (value,) = Vulnerability.objects.values_list("note", flat=True)
    assert isinstance(value, Sealed)
    with pytest.raises(FieldCryptoError):
        str(value)


def test_plain_text_cannot_reach_the_column_without_its_row(person):
    vulnerability_record(person=person, code="SM-CC", note="x", actor=ACTOR, now=NOW)
    with pytest.raises(FieldCryptoError):
        Vulnerability.objects.update(note="overwritten in bulk")
    with pytest.raises(FieldCryptoError):
        list(Vulnerability.objects.filter(note="x"))


def test_the_keyring_file_is_made_once_and_kept_private(keyring_file):
    keyring = keyring_get()
    assert len(keyring.keys[keyring.active]) == 32
    assert keyring_file.stat().st_mode & 0o777 == 0o600
    keyring_reset()
    assert keyring_get() == keyring
