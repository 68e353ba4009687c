"""T-R5: durable settings on PostgreSQL, data checksums reported as a warning."""

from __future__ import annotations

import pytest
from django.core.checks import Warning as CheckWarning
from django.db import connection

from haven.apps.operations.checks import check_durability
from haven.apps.operations.durability import (
    durability_check_or_exit,
    durability_problems,
    durability_warnings,
    postgres_findings,
)

pytestmark = pytest.mark.django_db

EXPECTED = {
    "fsync": {"on"},
    "synchronous_commit": {"on", "remote_apply", "remote_write"},
    "full_page_writes": {"on"},
}
DURABLE = {"fsync": "on", "synchronous_commit": "on", "full_page_writes": "on"}


def test_durable_postgresql_settings_give_no_finding():
    assert postgres_findings(DURABLE, EXPECTED) == []
    assert (
        postgres_findings({**DURABLE, "synchronous_commit": "remote_apply"}, EXPECTED)
        == []
    )


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("fsync", "off"),
        ("synchronous_commit", "off"),
        ("synchronous_commit", "local"),
        ("full_page_writes", "off"),
    ],
)
def test_each_weakened_postgresql_setting_is_named(setting, value):
    findings = postgres_findings({**DURABLE, setting: value}, EXPECTED)
    assert [(f.setting, f.found) for f in findings] == [(setting, value)]


def test_sqlite_has_no_checksum_warning():
    if connection.vendor != "sqlite":
        pytest.skip("needs SQLite")
    assert durability_warnings() == []


@pytest.mark.postgres
def test_postgresql_reports_each_setting_and_warns_only_about_checksums(capsys):
    with connection.cursor() as cursor:
        cursor.execute("SHOW data_checksums")
        checksums = cursor.fetchone()[0]
    assert durability_problems() == []
    warnings = durability_warnings()
    assert [w.setting for w in warnings] == (
        [] if checksums == "on" else ["data_checksums"]
    )
    messages = check_durability(databases=["default"])
    assert all(isinstance(m, CheckWarning) for m in messages)
    assert [m.id for m in messages] == ["haven.W001"] * len(warnings)
    durability_check_or_exit()  # warns, does not exit
    if checksums != "on":
        assert "data_checksums is 'off'" in capsys.readouterr().err
