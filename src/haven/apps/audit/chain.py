"""
How an audit event is sealed into the chain, and how a chain is checked.

Hashing follows RFC 6962's domain separation: ``payload = SHA-256(0x00 ‖ canonical
fields as a JSON array in a fixed order)`` and ``hash = SHA-256(0x01 ‖ prev_hash ‖
payload)``. Each row also carries ``mac = HMAC-SHA256(audit key, "row" ‖ seq ‖
hash)``, so a chain re-hashed without the key fails at the first row rewritten; the
head is signed the same way under another label, and a head exported off the
machine (an anchor) catches a truncated tail (docs/adr/0013).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

GENESIS = "0" * 64

# The fields a row's hash commits to, in this order; field values of the audited
# records are never among them.
CANONICAL_FIELDS: tuple[str, ...] = (
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
)


def canonical_at(at: datetime) -> str:
    """Return an aware time as UTC ISO 8601 with microseconds."""
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def event_hash(prev_hash: str, fields: dict[str, object]) -> str:
    """Return the chained hash of an event given the previous row's hash."""
    canonical = json.dumps(
        [fields[name] for name in CANONICAL_FIELDS],
        separators=(",", ":"),
        ensure_ascii=False,
    ).encode()
    payload = hashlib.sha256(b"\x00" + canonical).digest()
    return hashlib.sha256(b"\x01" + bytes.fromhex(prev_hash) + payload).hexdigest()


def row_mac(key: bytes, seq: int, hash_hex: str) -> str:
    """Return the MAC binding a row's hash to its sequence number."""
    message = b"row\x00" + seq.to_bytes(8, "big") + bytes.fromhex(hash_hex)
    return hmac.digest(key, message, "sha256").hex()


def head_signature(key: bytes, seq: int, hash_hex: str) -> str:
    """Return the signature of a chain head (or of an anchor exported from it)."""
    message = b"head\x00" + seq.to_bytes(8, "big") + bytes.fromhex(hash_hex)
    return hmac.digest(key, message, "sha256").hex()


@dataclass(frozen=True, slots=True)
class ChainRow:
    """One stored row as the verifier reads it."""

    seq: int
    fields: dict[str, object]
    prev_hash: str
    hash: str
    mac: str


@dataclass(frozen=True, slots=True)
class Head:
    """A signed head: the chain had ``seq`` rows, the last one hashed ``hash``."""

    seq: int
    hash: str
    signature: str


@dataclass(frozen=True, slots=True)
class Verdict:
    """The outcome of a check: ``first_bad_seq`` is None when the chain is sound."""

    checked: int
    first_bad_seq: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        """Return True when no break was found."""
        return self.first_bad_seq is None


def _equal(left: str, right: str) -> bool:
    return hmac.compare_digest(left.encode(), right.encode())


def chain_verify(
    rows: Iterable[ChainRow],
    *,
    key: bytes,
    head: Head | None,
    anchors: Iterable[Head] = (),
) -> Verdict:
    """
    Check rows in ``seq`` order; return the first bad sequence number and why.

    A missing, reordered, inserted, edited or re-hashed row breaks at its own
    ``seq``; rows beyond a head, or missing below a head or an anchor, break at the
    first ``seq`` past the last good row.
    """
    wanted = {anchor.seq: anchor for anchor in anchors}
    for anchor in wanted.values():
        if not _equal(anchor.signature, head_signature(key, anchor.seq, anchor.hash)):
            return Verdict(0, anchor.seq, "the anchor's signature is wrong")
    expected, prev, count = 1, GENESIS, 0
    for row in rows:
        if row.seq != expected:
            return Verdict(count, expected, f"row {expected} is missing")
        if not _equal(row.prev_hash, prev):
            return Verdict(count, row.seq, "prev_hash does not match the row before")
        if not _equal(row.hash, event_hash(prev, row.fields)):
            return Verdict(count, row.seq, "the row's content does not match its hash")
        if not _equal(row.mac, row_mac(key, row.seq, row.hash)):
            return Verdict(count, row.seq, "the row's MAC is wrong")
        anchored = wanted.get(row.seq)
        if anchored is not None and not _equal(anchored.hash, row.hash):
            return Verdict(count, row.seq, "the row differs from an anchored head")
        prev, expected, count = row.hash, expected + 1, count + 1
    last = expected - 1
    for anchor in sorted(wanted.values(), key=lambda a: a.seq):
        if anchor.seq > last:
            return Verdict(count, last + 1, f"rows after {last} are missing (anchor)")
    if head is not None:
        if not _equal(head.signature, head_signature(key, head.seq, head.hash)):
            return Verdict(count, head.seq, "the head's signature is wrong")
        if head.seq > last:
            return Verdict(count, last + 1, f"rows after {last} are missing (head)")
        if head.seq < last:
            return Verdict(count, head.seq + 1, "rows beyond the signed head")
        if not _equal(head.hash, prev):
            return Verdict(count, head.seq, "the head's hash does not match the chain")
    return Verdict(count)
