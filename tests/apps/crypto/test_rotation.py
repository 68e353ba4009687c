"""T-S14 (d): rotation re-seals 10,000 values; none unreadable, none on the old key."""

from __future__ import annotations

import json

import pytest

from haven.apps.crypto.errors import DecryptionError, KeyringError
from haven.apps.crypto.keyring import keyring_get, keyring_reset
from haven.apps.crypto.services import key_usage, keys_rotate
from haven.apps.people.models import Person, Vulnerability
from haven.cli.main import main
from tests.conftest import NOW

pytestmark = pytest.mark.django_db

ROWS = 10_000


@pytest.fixture(autouse=True)
def keyring_file(settings, tmp_path, monkeypatch):
    monkeypatch.delenv("HAVEN_FIELD_KEYS", raising=False)
    settings.FIELD_KEYS_FILE = tmp_path / "field-keys.json"
    keyring_reset()
    yield settings.FIELD_KEYS_FILE
    keyring_reset()


def _needs(count):
    person = Person.objects.create(
        registration_number="HVN-0000001", given_name="A", sex="F"
    )
    Vulnerability.objects.bulk_create(
        [
            Vulnerability(
                person=person,
                code="SM-OT",
                note=f"note number {n}",
                recorded_at=NOW,
                recorded_by="clerk-1",
            )
            for n in range(count)
        ],
        batch_size=2000,
    )


@pytest.mark.slow
def test_rotation_reseals_every_value_and_retires_the_old_key(keyring_file):
    _needs(ROWS)
    old = keyring_get().active
    assert key_usage() == {old: ROWS}
    rotation = keys_rotate(now=NOW)
    assert rotation.resealed == ROWS
    assert rotation.retired == (old,)
    keyring_reset()
    keyring = keyring_get()
    assert keyring.active == rotation.new_key_id
    assert set(keyring.keys) == {rotation.new_key_id}
    assert key_usage() == {rotation.new_key_id: ROWS}  # 0 rows on the old key id
    notes = {v.note for v in Vulnerability.objects.only("row_uid", "note")}
    assert notes == {f"note number {n}" for n in range(ROWS)}  # 0 unreadable


def test_rotation_keeps_old_keys_on_request_and_values_stay_readable():
    _needs(30)
    old = keyring_get().active
    rotation = keys_rotate(now=NOW, retire=False)
    keyring_reset()
    assert set(keyring_get().keys) == {old, rotation.new_key_id}
    assert key_usage() == {rotation.new_key_id: 30}


def test_rotation_stops_on_an_unreadable_value_and_retires_nothing():
    _needs(5)
    old = keyring_get().active
    Vulnerability.objects.filter(pk=Vulnerability.objects.first().pk).update(
        row_uid="00000000-0000-4000-8000-000000000000"
    )
    with pytest.raises(DecryptionError):
        keys_rotate(now=NOW)
    keyring_reset()
    assert old in keyring_get().keys


def test_a_keyring_from_the_environment_is_not_rotated_here(monkeypatch, keyring_file):
    monkeypatch.setenv(
        "HAVEN_FIELD_KEYS",
        keyring_file.read_text()
        if keyring_file.exists()
        else json.dumps({"active": "k1", "keys": {"k1": "a" * 43 + "="}}),
    )
    keyring_reset()
    with pytest.raises(KeyringError):
        keys_rotate(now=NOW)


def test_haven_keys_rotate_and_status(capsys):
    _needs(12)
    assert main(["keys", "rotate"]) == 0
    out = capsys.readouterr().out
    assert "re-encrypted 12 values" in out
    assert main(["keys", "status"]) == 0
    status = capsys.readouterr().out
    assert "12 values (active)" in status
