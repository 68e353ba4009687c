"""
T-S9 (a): random tamperings of a 10,000-event chain, each one detected at its seq.

Each tampering runs in a savepoint with the append-only triggers dropped (as an
intruder with the database file would), is checked, then rolled back, so every
tampering meets a pristine chain. ``HAVEN_TAMPERINGS`` sets how many (default 30,
five of each kind; the extended tier runs 1,000).
"""

from __future__ import annotations

import os
import random
from collections import Counter

import pytest
from django.db import connection, transaction

from haven.apps.audit.chain import Head, event_hash, head_signature, row_mac
from haven.apps.audit.keys import audit_key
from haven.apps.audit.models import AuditEvent
from haven.apps.audit.selectors import audit_chain_verify
from haven.apps.audit.services import event_fields
from haven.apps.audit.triggers import drop_statements
from tests.apps.audit.chains import chain_build

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

LENGTH = 10_000
TABLE = AuditEvent._meta.db_table
WRONG_KEY = b"not the audit key, but 32 bytes!"


class _Undo(Exception):
    pass


def _sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def _renumber(from_seq, shift):
    # Two passes through negative numbers keep the unique index on seq satisfied.
    _sql(f"UPDATE {TABLE} SET seq = -(seq + %s) WHERE seq >= %s", (shift, from_seq))
    _sql(f"UPDATE {TABLE} SET seq = -seq WHERE seq < 0")


def _insert(event):
    event.pk = None
    AuditEvent.objects.bulk_create([event])


def _head(seq, hash_hex, key):
    _sql(
        "UPDATE audit_audithead SET seq = %s, hash = %s, signature = %s WHERE id = 1",
        (seq, hash_hex, head_signature(key, seq, hash_hex)),
    )


def edit(rng, events):
    k = rng.randint(1, LENGTH)
    column, value = rng.choice(
        [
            ("actor_name", "someone-else"),
            ("action", "person.erase"),
            ("object_id", "4242"),
            ("outcome", "denied"),
            ("actor_id", 99999),
        ]
    )
    _sql(f"UPDATE {TABLE} SET {column} = %s WHERE seq = %s", (value, k))
    return k, ()


def delete(rng, events):
    k = rng.randint(1, LENGTH)
    _sql(f"DELETE FROM {TABLE} WHERE seq = %s", (k,))
    return k, ()


def insert(rng, events):
    k = rng.randint(1, LENGTH + 1)
    prev = events[k - 2].hash if k > 1 else "0" * 64
    forged = AuditEvent(
        seq=k,
        at=events[0].at,
        actor_id=1,
        actor_name="intruder",
        action="person.read",
        object_type="person",
        object_id="1",
        outcome="success",
        request_id="",
        ip_hash="",
        prev_hash=prev,
    )
    forged.hash = event_hash(prev, event_fields(forged))
    forged.mac = row_mac(WRONG_KEY, k, forged.hash)
    if k <= LENGTH:
        _renumber(k, 1)
    _insert(forged)
    return k, ()


def swap(rng, events):
    i, j = sorted(rng.sample(range(1, LENGTH + 1), 2))
    _sql(f"UPDATE {TABLE} SET seq = -1 WHERE seq = %s", (i,))
    _sql(f"UPDATE {TABLE} SET seq = %s WHERE seq = %s", (i, j))
    _sql(f"UPDATE {TABLE} SET seq = %s WHERE seq = -1", (j,))
    return i, ()


def truncate_with_anchored_head(rng, events):
    # The anchor was exported at the full length; the intruder cuts the tail and
    # puts back a head once validly signed for the shorter chain (from a backup).
    anchor = Head(
        LENGTH, events[-1].hash, head_signature(audit_key(), LENGTH, events[-1].hash)
    )
    k = rng.randint(2, LENGTH)
    _sql(f"DELETE FROM {TABLE} WHERE seq >= %s", (k,))
    _head(k - 1, events[k - 2].hash, audit_key())
    assert audit_chain_verify().ok is True  # invisible without the anchor
    return k, (anchor,)


def rehash_without_key(rng, events):
    k = rng.randint(LENGTH - 300, LENGTH)
    prev = events[k - 2].hash
    rows = []
    for event in events[k - 1 :]:
        fields = event_fields(event)
        if event.seq == k:
            fields["actor_name"] = "someone-else"
        new_hash = event_hash(prev, fields)
        rows.append(
            (
                fields["actor_name"],
                prev,
                new_hash,
                row_mac(WRONG_KEY, event.seq, new_hash),
                event.seq,
            )
        )
        prev = new_hash
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {TABLE} SET actor_name = %s, prev_hash = %s, hash = %s, mac = %s "
            "WHERE seq = %s",
            rows,
        )
    _head(LENGTH, prev, WRONG_KEY)
    return k, ()


KINDS = (edit, delete, insert, swap, truncate_with_anchored_head, rehash_without_key)


def test_every_random_tampering_is_detected_at_its_first_bad_seq():
    events = chain_build(LENGTH)
    assert audit_chain_verify().ok is True
    rng = random.Random(2016)
    count = int(os.environ.get("HAVEN_TAMPERINGS", "30"))
    detected, missed = Counter(), []
    for n in range(count):
        kind = KINDS[n % len(KINDS)]
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    for statement in drop_statements(connection.vendor):
                        cursor.execute(statement)
                expected, anchors = kind(rng, events)
                verdict = audit_chain_verify(anchors=anchors)
                raise _Undo((verdict, expected))
        except _Undo as undo:
            verdict, expected = undo.args[0]
        if verdict.first_bad_seq == expected:
            detected[kind.__name__] += 1
        else:
            missed.append((kind.__name__, expected, verdict))
    assert missed == []
    assert sum(detected.values()) == count
    assert audit_chain_verify().ok is True  # every tampering was rolled back
