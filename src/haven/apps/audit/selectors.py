"""Read the audit trail: check the chain, export its signed head."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from haven.apps.audit.chain import (
    GENESIS,
    ChainRow,
    Head,
    Verdict,
    canonical_at,
    chain_verify,
    head_signature,
)
from haven.apps.audit.keys import audit_key
from haven.apps.audit.models import AuditEvent, AuditHead

_COLUMNS = (
    "seq",
    "at",
    "actor_id",
    "actor_name",
    "action",
    "object_type",
    "object_id",
    "outcome",
    "request_id",
    "ip_hash",
    "prev_hash",
    "hash",
    "mac",
)


def _rows() -> Iterator[ChainRow]:
    values = AuditEvent.objects.order_by("seq").values_list(*_COLUMNS)
    for (
        seq,
        at,
        actor_id,
        actor_name,
        action,
        object_type,
        object_id,
        outcome,
        request_id,
        ip_hash,
        prev_hash,
        hash_hex,
        mac,
    ) in values.iterator(chunk_size=5000):
        fields: dict[str, object] = {
            "seq": seq,
            "at": canonical_at(at),
            "actor_id": actor_id,
            "actor_name": actor_name,
            "action": action,
            "object_type": object_type,
            "object_id": object_id,
            "outcome": outcome,
            "request_id": request_id,
            "ip_hash": ip_hash,
        }
        yield ChainRow(seq, fields, prev_hash, hash_hex, mac)


def audit_head_get() -> Head:
    """Return the stored signed head (the genesis head when nothing was audited)."""
    head = AuditHead.objects.filter(pk=1).first()
    if head is None:
        return Head(0, GENESIS, head_signature(audit_key(), 0, GENESIS))
    return Head(head.seq, head.hash, head.signature)


def audit_chain_verify(*, anchors: Iterable[Head] = ()) -> Verdict:
    """Check every row, the stored head and any anchors exported earlier."""
    return chain_verify(
        _rows(), key=audit_key(), head=audit_head_get(), anchors=anchors
    )
