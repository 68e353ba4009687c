"""
Check that the database is configured to keep every acknowledged write.

specs/security.md R-21: SQLite must run with WAL, synchronous=FULL, foreign keys on
and a busy timeout of at least 5 s; PostgreSQL with fsync, synchronous_commit and
full_page_writes on. The application refuses to start otherwise.

PostgreSQL's data checksums are reported too, as a warning only: they detect pages
corrupted on disk but do not make a commit more durable, and they are chosen when
the cluster is created (``initdb --data-checksums``, or ``pg_checksums --enable``
on a stopped cluster), so the application cannot turn them on. Refusing to start
would leave a camp with no system until the database is rebuilt; the warning names
the step for the operator instead (docs/adr/0016).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Any

from django.db import connections

_SQLITE_EXPECTED = {"journal_mode": "wal", "synchronous": "2", "foreign_keys": "1"}
_SQLITE_MIN_BUSY_TIMEOUT_MS = 5000
_POSTGRES_EXPECTED = {
    "fsync": {"on"},
    "synchronous_commit": {"on", "remote_apply", "remote_write"},
    "full_page_writes": {"on"},
}
_POSTGRES_ADVISED = {"data_checksums": {"on"}}


@dataclass(frozen=True, slots=True)
class DurabilityProblem:
    """One setting that differs from what durability requires."""

    setting: str
    found: str
    expected: str

    def __str__(self) -> str:
        return f"{self.setting} is {self.found!r}, expected {self.expected}"


def durability_problems(alias: str = "default") -> list[DurabilityProblem]:
    """Return every durability setting of the database that is not as required."""
    connection = connections[alias]
    connection.ensure_connection()
    problems: list[DurabilityProblem] = []
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for pragma, expected in _SQLITE_EXPECTED.items():
                cursor.execute(f"PRAGMA {pragma}")
                found = str(cursor.fetchone()[0]).lower()
                if found != expected:
                    problems.append(DurabilityProblem(pragma, found, repr(expected)))
            cursor.execute("PRAGMA busy_timeout")
            timeout = int(cursor.fetchone()[0])
            if timeout < _SQLITE_MIN_BUSY_TIMEOUT_MS:
                problems.append(
                    DurabilityProblem("busy_timeout", str(timeout), ">= 5000 ms")
                )
        elif connection.vendor == "postgresql":
            problems += postgres_findings(
                _show(cursor, _POSTGRES_EXPECTED), _POSTGRES_EXPECTED
            )
        else:
            problems.append(
                DurabilityProblem("vendor", connection.vendor, "sqlite or postgresql")
            )
    return problems


def durability_warnings(alias: str = "default") -> list[DurabilityProblem]:
    """Return each advised but not required setting that is off (data checksums)."""
    connection = connections[alias]
    if connection.vendor != "postgresql":
        return []
    connection.ensure_connection()
    with connection.cursor() as cursor:
        return postgres_findings(_show(cursor, _POSTGRES_ADVISED), _POSTGRES_ADVISED)


def postgres_findings(
    found: dict[str, str], expected: dict[str, set[str]]
) -> list[DurabilityProblem]:
    """Return each setting of ``found`` whose value ``expected`` does not allow."""
    return [
        DurabilityProblem(setting, found[setting], " or ".join(sorted(allowed)))
        for setting, allowed in expected.items()
        if found[setting] not in allowed
    ]


def _show(cursor: Any, settings: dict[str, set[str]]) -> dict[str, str]:
    values = {}
    for setting in settings:
        cursor.execute(f"SHOW {setting}")
        values[setting] = str(cursor.fetchone()[0]).lower()
    return values


def durability_check_or_exit(alias: str = "default") -> None:
    """Print each problem and exit with status 3 when the database is not durable."""
    for warning in durability_warnings(alias):
        print(f"haven: warning: database {warning}", file=sys.stderr)  # noqa: T201
    problems = durability_problems(alias)
    if problems:
        for problem in problems:
            print(f"haven: refusing to start: database {problem}", file=sys.stderr)  # noqa: T201
        raise SystemExit(3)
