"""
Pessimistic locks for scarce things: beds now, pledge places and quota slots later.

``for_update`` is the one way to read rows that a write is about to decide on. On
PostgreSQL it is ``SELECT … FOR UPDATE``; ``select_for_update`` does nothing on
SQLite, where the lock is the database write lock that haven's IMMEDIATE
transactions take at ``BEGIN`` (specs/security.md §5.2). Either way the caller must
be inside ``transaction.atomic``, and a database constraint backs the lock
(R-19, R-23), so a bug here is refused by the database rather than stored.
"""

from __future__ import annotations

from typing import TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.db import connections, models, transaction

M = TypeVar("M", bound=models.Model)


def for_update(
    queryset: models.QuerySet[M], *, skip_locked: bool = False
) -> models.QuerySet[M]:
    """
    Return ``queryset`` locked until the current transaction ends.

    ``skip_locked`` leaves out rows another transaction holds (PostgreSQL), to
    hand out one of many interchangeable places without waiting.
    """
    alias = queryset.db
    if not transaction.get_connection(alias).in_atomic_block:
        raise RuntimeError("for_update() needs transaction.atomic()")
    connection = connections[alias]
    if connection.vendor == "sqlite":
        mode = connection.settings_dict.get("OPTIONS", {}).get("transaction_mode")
        if mode != "IMMEDIATE":
            raise ImproperlyConfigured(
                "SQLite must run with transaction_mode=IMMEDIATE for locks to hold"
            )
        return queryset
    return queryset.select_for_update(skip_locked=skip_locked)
