"""
Check that the database is configured to keep every acknowledged write.

specs/security.md R-21: SQLite must run with WAL, synchronous=FULL, foreign keys on
and a busy timeout of at least 5 s; PostgreSQL with fsync, synchronous_commit and
full_page_writes on. The application refuses to start otherwise.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from django.db import connections

_SQLITE_EXPECTED = {"journal_mode": "wal", "synchronous": "2", "foreign_keys": "1"}
_SQLITE_MIN_BUSY_TIMEOUT_MS = 5000
_POSTGRES_EXPECTED = {
    "fsync": {"on"},
    "synchronous_commit": {"on", "remote_apply", "remote_write"},
    "full_page_writes": {"on"},
}


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
            for setting, allowed in _POSTGRES_EXPECTED.items():
                cursor.execute(f"SHOW {setting}")
                found = str(cursor.fetchone()[0]).lower()
                if found not in allowed:
                    problems.append(
                        DurabilityProblem(setting, found, " or ".join(sorted(allowed)))
                    )
        else:
            problems.append(
                DurabilityProblem("vendor", connection.vendor, "sqlite or postgresql")
            )
    return problems


def durability_check_or_exit(alias: str = "default") -> None:
    """Print each problem and exit with status 3 when the database is not durable."""
    problems = durability_problems(alias)
    if problems:
        for problem in problems:
            print(f"haven: refusing to start: database {problem}", file=sys.stderr)  # noqa: T201
        raise SystemExit(3)
