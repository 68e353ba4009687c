"""
``flush`` that can empty the audit table on SQLite.

Flushing deletes every row of every table; it is an operator's reset (and how
Django's transactional tests clean up). PostgreSQL flushes with TRUNCATE, which row
triggers do not see; SQLite flushes with DELETE, which the append-only triggers
refuse, so they are lifted for the flush and put back in the same transaction.
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands import flush
from django.db import connections, transaction

from haven.apps.audit.triggers import SQLITE_DROP, SQLITE_TRIGGERS


class Command(flush.Command):
    """Django's flush, with the audit triggers lifted on SQLite."""

    def handle(self, **options: Any) -> None:
        """Flush the database; on SQLite, restore the audit triggers afterwards."""
        connection = connections[options["database"]]
        if connection.vendor != "sqlite":
            super().handle(**options)
            return
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            for statement in SQLITE_DROP:
                cursor.execute(statement)
            super().handle(**options)
            for statement in SQLITE_TRIGGERS:
                cursor.execute(statement)
