"""
The audit key: signs the chain, kept apart from ``SECRET_KEY`` and the database.

``HAVEN_AUDIT_KEY`` (hex, at least 32 bytes) wins; otherwise the key is read from
``settings.AUDIT_KEY_FILE`` (``var/audit-key`` by default), made on first use and
readable by its owner only. Whoever holds it can re-sign a rewritten chain, so in
production it lives on another medium than the database (docs/adr/0013).
"""

from __future__ import annotations

import functools
import os
import secrets
from pathlib import Path

from django.conf import settings

MIN_KEY_BYTES = 32


class AuditKeyError(Exception):
    """The audit key is missing, unreadable or too short."""


@functools.cache
def audit_key() -> bytes:
    """Return the audit signing key (cached for the life of the process)."""
    from_env = os.environ.get("HAVEN_AUDIT_KEY", "")
    if from_env:
        key = _from_hex(from_env, "HAVEN_AUDIT_KEY")
    else:
        path = Path(settings.AUDIT_KEY_FILE)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_hex(MIN_KEY_BYTES))
        key = _from_hex(path.read_text().strip(), str(path))
    return key


def audit_key_reset() -> None:
    """Forget the cached key, so the next use reads it again (tests, rotation)."""
    audit_key.cache_clear()


def _from_hex(text: str, where: str) -> bytes:
    try:
        key = bytes.fromhex(text)
    except ValueError as error:
        raise AuditKeyError(f"{where}: the audit key is not hex") from error
    if len(key) < MIN_KEY_BYTES:
        raise AuditKeyError(f"{where}: the audit key is shorter than 32 bytes")
    return key
