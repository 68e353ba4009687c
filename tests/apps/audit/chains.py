"""Build long audit chains fast, with bulk inserts, for the tamper tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from haven.apps.audit.chain import GENESIS, event_hash, head_signature, row_mac
from haven.apps.audit.keys import audit_key
from haven.apps.audit.models import AuditEvent, AuditHead
from haven.apps.audit.services import event_fields

START = datetime(2016, 10, 20, 9, 0, tzinfo=UTC)
ACTIONS = ("person.read", "person.update", "person.register", "auth.login")


def chain_build(length: int) -> list[AuditEvent]:
    """Append ``length`` well-formed events and a signed head; return the events."""
    key = audit_key()
    prev = GENESIS
    events = []
    for seq in range(1, length + 1):
        event = AuditEvent(
            seq=seq,
            at=START + timedelta(seconds=seq),
            actor_id=seq % 17,
            actor_name=f"user-{seq % 17}",
            action=ACTIONS[seq % len(ACTIONS)],
            object_type="person",
            object_id=str(seq % 997),
            outcome="success",
            request_id=f"{seq:032x}",
            ip_hash="",
            prev_hash=prev,
        )
        event.hash = event_hash(prev, event_fields(event))
        event.mac = row_mac(key, seq, event.hash)
        prev = event.hash
        events.append(event)
    AuditEvent.objects.bulk_create(events, batch_size=2000)
    AuditHead.objects.update_or_create(
        pk=1,
        defaults={
            "seq": length,
            "hash": prev,
            "signature": head_signature(key, length, prev),
        },
    )
    return events
