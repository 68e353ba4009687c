"""
T-R3: ``haven import`` killed with SIGKILL again and again loses nothing it
acknowledged, leaves no partial case, and a re-run converges to exactly N cases.

Each run imports into the same database, resuming where the last one was killed,
so 20 kills cost about one import. The oracle is specs/security.md §5.5: what is
stored includes everything acknowledged, and holds at most one batch more (the
batch committed just before the kill, not yet acknowledged).
"""

from __future__ import annotations

import csv
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.db.models import Count

from haven.apps.people.imports import COLUMNS
from haven.apps.people.models import (
    Consent,
    NameKey,
    Person,
    PersonEvent,
    PersonName,
    Registration,
    Vulnerability,
)
from tests.apps.people.test_imports import good_row
from tests.reliability.client import database_url

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

RUNS = 20
# At most 3 batches and a part acknowledged per run, even on a fast machine,
# leaves rows for every kill.
ROWS = 1200
BATCH = 10
# ``haven import`` itself, without loading the other command groups (the engines'
# numerical libraries): the same command module, started in about half the time.
IMPORT_COMMAND = (
    "import argparse, sys\n"
    "from haven.cli import importer\n"
    "parser = argparse.ArgumentParser(prog='haven')\n"
    "importer.register(parser.add_subparsers())\n"
    "args = parser.parse_args(sys.argv[1:])\n"
    "sys.exit(args.handler(args))\n"
)


def _write_rows(path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for n in range(ROWS):
            writer.writerow({**good_row(n), "location_key": ""})


def _import(path: Path, ack: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            IMPORT_COMMAND,
            "import",
            str(path),
            "--quiet",
            "--batch-size",
            str(BATCH),
            "--ack-log",
            str(ack),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _lines(path: Path) -> list[str]:
    return path.read_text().split() if path.exists() else []


def _integrity_problems() -> list[str]:
    """Return what the database's own checker finds wrong (nothing, when sound)."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        checker = sqlite3.connect(settings["NAME"])
        try:
            found = [row[0] for row in checker.execute("PRAGMA integrity_check")]
            keys = checker.execute("PRAGMA foreign_key_check").fetchall()
        finally:
            checker.close()
        return [f for f in found if f != "ok"] + [repr(k) for k in keys]
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS amcheck")
        cursor.execute(
            "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "JOIN pg_am a ON a.oid = c.relam WHERE a.amname = 'btree' "
            "AND c.relname LIKE 'people_%%'"
        )
        indexes = [row[0] for row in cursor.fetchall()]
        for name in indexes:
            cursor.execute("SELECT bt_index_check(%s::regclass, true)", [name])
    return []


def _partial_cases() -> dict[str, int]:
    """Count people missing any part that one imported row always creates."""
    people = Person.objects.annotate(
        registrations_n=Count("registrations", distinct=True),
        keys_n=Count("name_keys", distinct=True),
        names_n=Count("names", distinct=True),
    )
    found = {
        "without one registration": people.exclude(registrations_n=1).count(),
        "without search keys": people.filter(keys_n=0).count(),
        "without both spellings": people.exclude(names_n=2).count(),
    }
    total = Person.objects.count()
    for label, rows in (
        ("registered events", PersonEvent.objects.filter(action="registered")),
        ("needs", Vulnerability.objects.all()),
        ("consents", Consent.objects.all()),
    ):
        found[f"{label} not one per person"] = abs(rows.count() - total)
    found["orphan rows"] = (
        Registration.objects.filter(person__isnull=True).count()
        + NameKey.objects.filter(person__isnull=True).count()
        + PersonName.objects.filter(person__isnull=True).count()
    )
    return {label: n for label, n in found.items() if n}


def test_t_r3_kill_9_during_import_loses_no_acknowledged_case(
    tmp_path, record_property
):
    rows = tmp_path / "registrations.csv"
    ack = tmp_path / "acknowledged.txt"
    _write_rows(rows)
    env = {
        **os.environ,
        "DATABASE_URL": database_url(connection.settings_dict),
        "DJANGO_SETTINGS_MODULE": "haven.config.settings",
    }
    rng = random.Random(2016)
    kills = 0
    unacknowledged_max = 0
    for _run in range(RUNS):
        before = len(_lines(ack))
        process = _import(rows, ack, env)
        # Kill after a random number of acknowledged batches, then a random part
        # of the next one: the kill lands mid-batch whatever the machine's speed,
        # and the file outlasts all RUNS kills.
        wanted = before + BATCH * rng.randint(1, 3)
        deadline = time.monotonic() + 120
        while len(_lines(ack)) < wanted and process.poll() is None:
            assert time.monotonic() < deadline, "the import stored too little in 120 s"
            time.sleep(0.005)
        time.sleep(rng.uniform(0.0, 0.03))
        assert process.poll() is None, "the import ended before it could be killed"
        os.kill(process.pid, signal.SIGKILL)
        kills += 1
        process.communicate()

        acknowledged = _lines(ack)
        persisted = set(Registration.objects.values_list("external_id", flat=True))
        assert _integrity_problems() == []
        assert len(acknowledged) == len(set(acknowledged))
        assert set(acknowledged) - persisted == set()  # 0 acknowledged but missing
        assert len(persisted - set(acknowledged)) <= BATCH  # one batch in flight
        assert _partial_cases() == {}
        unacknowledged_max = max(unacknowledged_max, len(persisted - set(acknowledged)))
    assert kills == RUNS

    finish = _import(rows, ack, env)
    out, err = finish.communicate(timeout=600)
    assert finish.returncode == 0, err.decode()
    again = _import(rows, tmp_path / "second.txt", env)
    out, err = again.communicate(timeout=600)
    assert again.returncode == 0, err.decode()
    assert f"stored 0, already stored {ROWS}, rejected 0" in out.decode()
    assert Registration.objects.count() == ROWS
    assert Person.objects.count() == ROWS
    assert _partial_cases() == {}
    assert _integrity_problems() == []
    record_property("kills", kills)
    record_property("most_committed_but_unacknowledged", unacknowledged_max)
