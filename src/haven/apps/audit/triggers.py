"""
The append-only guard of the audit table, one set of triggers per database.

Both refuse UPDATE and DELETE on ``audit_auditevent`` with an error, whoever asks:
the ORM, raw SQL or a database console (specs/security.md R-10, T-S9 b).
"""

from __future__ import annotations

TABLE = "audit_auditevent"

SQLITE_TRIGGERS: tuple[str, ...] = (
    f"CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON {TABLE} "
    "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END",
    f"CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON {TABLE} "
    "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END",
)
SQLITE_DROP: tuple[str, ...] = (
    "DROP TRIGGER IF EXISTS audit_event_no_update",
    "DROP TRIGGER IF EXISTS audit_event_no_delete",
)

POSTGRES_TRIGGERS: tuple[str, ...] = (
    "CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION 'audit events are append-only' "
    "USING ERRCODE = 'integrity_constraint_violation'; END $$",
    f"CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON {TABLE} "
    "FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()",
    f"CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON {TABLE} "
    "FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()",
)
POSTGRES_DROP: tuple[str, ...] = (
    f"DROP TRIGGER IF EXISTS audit_event_no_update ON {TABLE}",
    f"DROP TRIGGER IF EXISTS audit_event_no_delete ON {TABLE}",
    "DROP FUNCTION IF EXISTS audit_event_append_only()",
)


def create_statements(vendor: str) -> tuple[str, ...]:
    """Return the statements that install the guard on a database vendor."""
    return POSTGRES_TRIGGERS if vendor == "postgresql" else SQLITE_TRIGGERS


def drop_statements(vendor: str) -> tuple[str, ...]:
    """Return the statements that remove the guard on a database vendor."""
    return POSTGRES_DROP if vendor == "postgresql" else SQLITE_DROP
