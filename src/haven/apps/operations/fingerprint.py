"""
The content fingerprint of a database: per table, its row count and a hash.

Two databases with the same fingerprint hold the same rows. A backup carries the
fingerprint of the snapshot it was made from, and a restore is checked against it
(specs/security.md R-22, T-R6). The hash covers every column of every row in a
fixed order, as the database driver returns them, so fingerprints compare between
databases of the same kind (SQLite with SQLite, PostgreSQL with PostgreSQL).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

# Tables SQLite keeps for itself (counters and planner statistics).
_SKIPPED = ("sqlite_sequence", "sqlite_stat1")


@dataclass(frozen=True, slots=True)
class TableFingerprint:
    """One table's row count and the SHA-256 of its rows."""

    rows: int
    sha256: str


def table_names(cursor: Any, vendor: str) -> list[str]:
    """Return the application's tables, sorted."""
    if vendor == "sqlite":
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%'"
        )
    elif vendor == "postgresql":
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    else:
        raise ValueError(f"unknown database kind {vendor!r}")
    return sorted(str(row[0]) for row in cursor.fetchall() if row[0] not in _SKIPPED)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def table_fingerprint(cursor: Any, table: str) -> TableFingerprint:
    """Return the row count and content hash of one table."""
    cursor.execute(f"SELECT * FROM {_quote(table)} WHERE 1 = 0")  # noqa: S608  # nosec B608  # a quoted table name from the catalogue
    width = len(cursor.description)
    order = ", ".join(str(n) for n in range(1, width + 1))
    cursor.execute(f"SELECT * FROM {_quote(table)} ORDER BY {order}")  # noqa: S608  # nosec B608  # a quoted table name; column numbers
    digest = hashlib.sha256()
    rows = 0
    while True:
        batch = cursor.fetchmany(2000)
        if not batch:
            break
        for row in batch:
            digest.update(repr(tuple(row)).encode())
            digest.update(b"\n")
        rows += len(batch)
    return TableFingerprint(rows=rows, sha256=digest.hexdigest())


def database_fingerprint(cursor: Any, vendor: str) -> dict[str, TableFingerprint]:
    """Return the fingerprint of every application table."""
    return {
        table: table_fingerprint(cursor, table) for table in table_names(cursor, vendor)
    }


def fingerprint_differences(
    expected: dict[str, TableFingerprint], found: dict[str, TableFingerprint]
) -> list[str]:
    """Return a line for each table missing, extra, or with other rows."""
    problems = []
    for table in sorted(set(expected) | set(found)):
        if table not in found:
            problems.append(f"{table}: missing")
        elif table not in expected:
            problems.append(f"{table}: not in the backup")
        elif expected[table].rows != found[table].rows:
            problems.append(
                f"{table}: {found[table].rows} rows, expected {expected[table].rows}"
            )
        elif expected[table] != found[table]:
            problems.append(f"{table}: same row count, different content")
    return problems
