"""The application refuses to start on a database that may lose acknowledged writes."""

from __future__ import annotations

import pytest
from django.db import connection

from haven.apps.operations.durability import (
    durability_check_or_exit,
    durability_problems,
)

pytestmark = pytest.mark.django_db


def test_the_configured_database_is_durable():
    assert durability_problems() == []


def test_sqlite_pragmas_are_as_required():
    if connection.vendor != "sqlite":
        pytest.skip("needs SQLite")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA synchronous")
        assert cursor.fetchone()[0] == 2
        cursor.execute("PRAGMA foreign_keys")
        assert cursor.fetchone()[0] == 1
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 5000


@pytest.mark.django_db(transaction=True)
def test_a_weakened_sqlite_setting_is_named_and_start_up_refused(capsys):
    if connection.vendor != "sqlite":
        pytest.skip("needs SQLite")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous=NORMAL")
    try:
        problems = durability_problems()
        assert [p.setting for p in problems] == ["synchronous"]
        with pytest.raises(SystemExit) as exited:
            durability_check_or_exit()
        assert exited.value.code == 3
        assert "synchronous is '1'" in capsys.readouterr().err
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=FULL")


@pytest.mark.postgres
def test_postgresql_settings_are_as_required():
    with connection.cursor() as cursor:
        for setting in ("fsync", "full_page_writes"):
            cursor.execute(f"SHOW {setting}")
            assert cursor.fetchone()[0] == "on"
    assert durability_problems() == []
