"""
Carry out a request at most once per ``Idempotency-Key`` (specs/security.md R-20).

The key row is inserted at the start of the operation's transaction and holds the
response when that transaction commits, so a stored key always has its response and
a rolled-back operation leaves no key behind (docs/adr/0016). A second request with
the same key waits for the first one's transaction: on PostgreSQL on the unique
index, on SQLite on the write lock that IMMEDIATE transactions take. It then gets
the stored response, or a refusal when it is not the same request.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction

from haven.apps.errors import ApplicationError, InvalidInputError
from haven.apps.operations.models import IdempotencyKey

MAX_KEY_LENGTH = 255
KEEP_FOR = timedelta(hours=24)
_PENDING = 102  # "Processing": never visible outside the operation's transaction


class IdempotencyKeyReusedError(ApplicationError):
    """The key was already used for a different request."""

    code = "idempotency_key_reused"
    status = 422


@dataclass(frozen=True, slots=True)
class StoredResponse:
    """A response as it was, or will be, given for one key."""

    status_code: int
    body: Any
    replayed: bool


def request_hash(*, method: str, path: str, body: Any) -> str:
    """Return a hash of what a request asks for: method, path and canonical body."""
    canonical = json.dumps(
        [method.upper(), path, body],
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        cls=DjangoJSONEncoder,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def idempotency_key_validate(key: str) -> str:
    """Return the key stripped, or raise InvalidInputError if it cannot be one."""
    key = key.strip()
    if not key or len(key) > MAX_KEY_LENGTH or not key.isprintable():
        raise InvalidInputError(
            "the Idempotency-Key header is not valid",
            field_errors={
                "Idempotency-Key": [
                    f"use 1 to {MAX_KEY_LENGTH} printable characters, "
                    "for example a UUID"
                ]
            },
        )
    return key


def idempotent_call(
    *,
    user_id: int,
    key: str,
    fingerprint: str,
    operation: Callable[[], tuple[int, Any]],
    now: datetime,
) -> StoredResponse:
    """
    Run ``operation`` once for (``user_id``, ``key``) and return its response.

    ``operation`` returns (status code, JSON-able body) and runs inside the same
    transaction as the key. When it raises, nothing is stored and the error goes to
    the caller, so the client may retry with the same key. A key seen before returns
    the stored response if ``fingerprint`` is the same, and raises
    IdempotencyKeyReusedError otherwise.
    """
    key = idempotency_key_validate(key)
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = IdempotencyKey.objects.create(
                    user_id=user_id,
                    key=key,
                    request_hash=fingerprint,
                    status_code=_PENDING,
                    created_at=now,
                )
        except IntegrityError:
            record = IdempotencyKey.objects.get(user_id=user_id, key=key)
            return _replay(record, fingerprint)
        status_code, body = operation()
        record.status_code = status_code
        record.body = json.loads(json.dumps(body, cls=DjangoJSONEncoder))
        record.save(update_fields=["status_code", "body"])
    return StoredResponse(status_code, record.body, replayed=False)


def idempotency_key_used(*, user_id: int, key: str) -> bool:
    """Return True when (``user_id``, ``key``) already stored a response."""
    return IdempotencyKey.objects.filter(user_id=user_id, key=key.strip()).exists()


def _replay(record: IdempotencyKey, fingerprint: str) -> StoredResponse:
    if record.request_hash != fingerprint:
        raise IdempotencyKeyReusedError(
            "this Idempotency-Key was used for a different request; nothing was done",
            field_errors={"Idempotency-Key": ["already used with another body"]},
        )
    return StoredResponse(record.status_code, record.body, replayed=True)


def idempotency_keys_expire(*, now: datetime) -> int:
    """Delete the keys older than KEEP_FOR (their bodies hold personal data)."""
    with transaction.atomic():
        deleted, _ = IdempotencyKey.objects.filter(
            created_at__lt=now - KEEP_FOR
        ).delete()
    return deleted
