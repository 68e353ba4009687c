"""
T-S14 (a): canaries in encrypted fields never appear in the database's own bytes.

Data is committed (a transactional test), then the raw SQLite file and its WAL, or
a ``pg_dump`` of the PostgreSQL database, are searched. A canary written to a clear
column must be found, so the scan is shown to see committed data.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pyotp
import pytest
from django.db import connection
from django.utils import timezone

from haven.apps.accounts.models import TotpDevice
from haven.apps.people.services import person_register, vulnerability_record
from tests.apps.people.builders import ACTOR, person_input, registration_input
from tests.conftest import NOW

pytestmark = pytest.mark.django_db(transaction=True)


def _database_bytes() -> bytes:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        connection.close()  # let the file and its WAL settle
        name = Path(settings["NAME"])
        parts = [name, Path(f"{name}-wal")]
        return b"".join(p.read_bytes() for p in parts if p.exists())
    pg_dump = shutil.which("pg_dump")
    assert pg_dump, "pg_dump is needed to scan a PostgreSQL database"
    env = {**os.environ, "PGPASSWORD": settings.get("PASSWORD") or ""}
    result = subprocess.run(
        [
            pg_dump,
            "--data-only",
            "-h",
            settings["HOST"] or "127.0.0.1",
            "-p",
            str(settings["PORT"] or 5432),
            "-U",
            settings["USER"],
            settings["NAME"],
        ],
        capture_output=True,
        check=True,
        env=env,
    )
    return result.stdout


def test_no_canary_of_an_encrypted_field_is_in_the_raw_database(make_user, camp):
    note_canaries = [f"CANARY-{uuid.uuid4()}" for _ in range(20)]
    control = f"CONTROL-{uuid.uuid4().hex}"
    person = person_register(
        person=person_input(place_of_origin=control),
        registration=registration_input(),
        actor=ACTOR,
        now=NOW,
    )
    for canary in note_canaries:
        vulnerability_record(
            person=person, code="TR-PI", note=canary, actor=ACTOR, now=NOW
        )
    totp_canary = "CANARY" + pyotp.random_base32(length=32)
    TotpDevice.objects.create(
        user=make_user(), secret=totp_canary, confirmed_at=timezone.now()
    )
    raw = _database_bytes()
    assert raw.count(control.encode()) >= 1
    hits = sum(raw.count(c.encode()) for c in [*note_canaries, totp_canary])
    assert hits == 0
    assert raw.count(b"CANARY") == 0
