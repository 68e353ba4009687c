"""
Write audit events: one per operation, inside the operation's own transaction.

``audit_record`` refuses to run outside ``transaction.atomic``: the event must commit
if and only if the operation commits (specs/security.md R-09; Primero's asynchronous
audit is the gap this closes). Writers take the chain head under a lock:
``select_for_update`` on PostgreSQL; on SQLite every write transaction is IMMEDIATE,
so writers are already serialised (docs/adr/0013).
"""

from __future__ import annotations

from django.db import connection
from django.utils import timezone

from haven.apps.audit.chain import (
    GENESIS,
    canonical_at,
    event_hash,
    head_signature,
    row_mac,
)
from haven.apps.audit.context import request_context
from haven.apps.audit.keys import audit_key
from haven.apps.audit.models import AuditEvent, AuditHead

HEAD_ID = 1


class AuditOutsideTransactionError(RuntimeError):
    """An audit event was written outside the operation's transaction."""


def audit_record(
    *,
    action: str,
    actor_id: int | None,
    actor_name: str,
    object_type: str = "",
    object_id: object = "",
    outcome: str = AuditEvent.Outcome.SUCCESS,
) -> AuditEvent:
    """
    Append one event to the chain and return it.

    Name the object by type and id only; never pass a field's value.
    """
    if not connection.in_atomic_block:
        raise AuditOutsideTransactionError(
            "audit_record must run inside the operation's transaction.atomic block"
        )
    if outcome not in AuditEvent.Outcome.values:
        raise ValueError(f"outcome: unknown outcome {outcome!r}")
    key = audit_key()
    head = AuditHead.objects.select_for_update().filter(pk=HEAD_ID).first()
    if head is None:
        # The first events of a new database may be written at once: each tries to
        # start the chain, those that lose wait for the winner, and all then take
        # its head in turn instead of failing on the duplicate.
        AuditHead.objects.bulk_create(
            [
                AuditHead(
                    pk=HEAD_ID,
                    seq=0,
                    hash=GENESIS,
                    signature=head_signature(key, 0, GENESIS),
                )
            ],
            ignore_conflicts=True,
        )
        head = AuditHead.objects.select_for_update().get(pk=HEAD_ID)
    context = request_context()
    event = AuditEvent(
        seq=head.seq + 1,
        at=timezone.now(),
        actor_id=actor_id,
        actor_name=actor_name[:150],
        action=action[:60],
        object_type=object_type[:60],
        object_id=str(object_id)[:64],
        outcome=outcome,
        request_id=context.request_id,
        ip_hash=context.ip_hash,
        prev_hash=head.hash,
    )
    event.hash = event_hash(head.hash, event_fields(event))
    event.mac = row_mac(key, event.seq, event.hash)
    event.save(force_insert=True)
    AuditHead.objects.filter(pk=HEAD_ID).update(
        seq=event.seq,
        hash=event.hash,
        signature=head_signature(key, event.seq, event.hash),
    )
    return event


def event_fields(event: AuditEvent) -> dict[str, object]:
    """Return the canonical fields of an event, as its hash commits to them."""
    return {
        "seq": event.seq,
        "at": canonical_at(event.at),
        "actor_id": event.actor_id,
        "actor_name": event.actor_name,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "outcome": event.outcome,
        "request_id": event.request_id,
        "ip_hash": event.ip_hash,
    }
