"""T-R6: sealed backups restore to the same rows on SQLite and PostgreSQL."""

from __future__ import annotations

import base64
import time

import pytest

from haven.apps.operations.backup import (
    BackupError,
    backup_create,
    backup_manifest,
    backup_restore,
    restore_drill,
)
from haven.apps.operations.sealing import BackupSealError
from haven.apps.people.demo import demo_camp_load
from haven.apps.people.models import Person
from haven.synthetic import generate_camp
from tests.conftest import NOW

pytestmark = pytest.mark.django_db(transaction=True)

KEY = base64.b64encode(bytes(range(32))).decode()
CAMP_SIZE = 120


@pytest.fixture(autouse=True)
def backup_key(monkeypatch):
    monkeypatch.setenv("HAVEN_BACKUP_KEY", KEY)


@pytest.fixture
def populated(make_user):
    make_user("caseworker")
    result = demo_camp_load(generate_camp(CAMP_SIZE, 2016))
    assert result.people == Person.objects.count() >= CAMP_SIZE
    return result


def failing_check(cursor, vendor):
    cursor.execute("SELECT COUNT(*) FROM people_person")
    return [f"{vendor}: saw {cursor.fetchone()[0]} people, refusing on purpose"]


def test_a_backup_restores_into_an_empty_database_with_identical_content(
    tmp_path, populated, record_property
):
    path = tmp_path / "camp.hbk"
    started = time.perf_counter()
    manifest = backup_create(path, now=NOW)
    backed_up = time.perf_counter() - started
    assert manifest.tables["people_person"].rows == populated.people
    assert manifest.tables["people_registration"].rows == populated.registrations
    report = restore_drill(path)
    assert report.problems == []
    assert report.manifest == manifest
    record_property("backup_seconds", round(backed_up, 2))
    record_property("restore_seconds", round(report.seconds, 2))
    assert report.seconds < 60  # RTO target: 60 min for 100k people


def test_the_backup_holds_no_readable_personal_data(tmp_path, populated):
    path = tmp_path / "camp.hbk"
    backup_create(path, now=NOW)
    data = path.read_bytes()
    for person in Person.objects.all()[:20]:
        assert person.registration_number.encode() not in data
        assert person.given_name.encode() not in data


def test_restore_puts_back_what_was_lost_and_checks_every_table(tmp_path, populated):
    path = tmp_path / "camp.hbk"
    backup_create(path, now=NOW)
    Person.objects.filter(pk__in=Person.objects.values("pk")[:10]).delete()
    with pytest.raises(BackupError):
        backup_restore(path)  # the database still holds data
    report = backup_restore(path, replace=True)
    assert report.problems == []
    assert Person.objects.count() == populated.people


def test_a_drill_fails_when_a_restore_check_fails(tmp_path, populated, settings):
    settings.HAVEN_RESTORE_CHECKS = ["tests.apps.operations.test_backup.failing_check"]
    path = tmp_path / "camp.hbk"
    backup_create(path, now=NOW)
    report = restore_drill(path)
    assert not report.ok
    assert report.problems == [
        f"failing_check: {report.manifest.vendor}: saw {populated.people} people, "
        "refusing on purpose"
    ]


@pytest.mark.parametrize("damage", ["flip", "truncate", "append", "wrong-key"])
def test_a_damaged_backup_or_the_wrong_key_is_refused(
    tmp_path, populated, monkeypatch, damage
):
    path = tmp_path / "camp.hbk"
    backup_create(path, now=NOW)
    data = bytearray(path.read_bytes())
    if damage == "flip":
        data[len(data) // 2] ^= 0x01
    elif damage == "truncate":
        del data[-100:]
    elif damage == "append":
        data += data[32:200]
    else:
        monkeypatch.setenv("HAVEN_BACKUP_KEY", base64.b64encode(bytes(32)).decode())
    path.write_bytes(bytes(data))
    with pytest.raises(BackupSealError):
        backup_manifest(path)
    with pytest.raises(BackupSealError):
        restore_drill(path)


def test_a_key_file_is_made_on_first_use_and_kept(tmp_path, monkeypatch, db):
    from haven.apps.operations.sealing import backup_key

    monkeypatch.delenv("HAVEN_BACKUP_KEY")
    monkeypatch.setenv("HAVEN_BACKUP_KEY_FILE", str(tmp_path / "keys" / "backup_key"))
    first = backup_key(tmp_path)
    assert len(first) == 32
    assert backup_key(tmp_path) == first
    assert (tmp_path / "keys" / "backup_key").stat().st_mode & 0o777 == 0o600
