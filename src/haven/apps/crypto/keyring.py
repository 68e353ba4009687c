"""
The keyring of the encrypted fields: 256-bit keys by id, one of them active.

``HAVEN_FIELD_KEYS`` (JSON) wins and is read-only; otherwise the keyring lives in
``settings.FIELD_KEYS_FILE`` (``var/field-keys.json``), made on first use with one
key, readable by its owner only. It is never derived from ``SECRET_KEY`` and never
stored in the database (docs/adr/0014). The file looks like::

    {"active": "k20161020-3fa2c1", "keys": {"k20161020-3fa2c1": "<base64, 32 bytes>"}}
"""

from __future__ import annotations

import base64
import functools
import json
import os
import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings

from haven.apps.crypto.errors import KeyringError

KEY_BYTES = 32


@dataclass(frozen=True, slots=True)
class Keyring:
    """Keys by id; new values are sealed with ``active``."""

    active: str
    keys: dict[str, bytes]

    def key(self, key_id: str) -> bytes | None:
        """Return the key with this id, or None if the keyring does not hold it."""
        return self.keys.get(key_id)


def new_key_id(now: datetime) -> str:
    """Return a fresh key id: the day it was made and a random suffix."""
    return f"k{now:%Y%m%d}-{secrets.token_hex(3)}"


def _parse(text: str, where: str) -> Keyring:
    try:
        data = json.loads(text)
        keys = {
            str(key_id): base64.b64decode(value, validate=True)
            for key_id, value in data["keys"].items()
        }
        active = str(data["active"])
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise KeyringError(f"{where}: the keyring is malformed") from error
    if active not in keys:
        raise KeyringError(f"{where}: the active key {active!r} is not in the keyring")
    for key_id, key in keys.items():
        if len(key) != KEY_BYTES or ":" in key_id or not key_id:
            raise KeyringError(f"{where}: key {key_id!r} is not a 256-bit key")
    return Keyring(active=active, keys=keys)


def _dump(keyring: Keyring) -> str:
    return json.dumps(
        {
            "active": keyring.active,
            "keys": {
                key_id: base64.b64encode(key).decode()
                for key_id, key in keyring.keys.items()
            },
        },
        indent=2,
    )


def keyring_is_writable() -> bool:
    """Return True when the keyring is the file (not the read-only environment)."""
    return not os.environ.get("HAVEN_FIELD_KEYS")


@functools.cache
def keyring_get() -> Keyring:
    """Return the keyring, making the file with one key on first use."""
    from_env = os.environ.get("HAVEN_FIELD_KEYS", "")
    if from_env:
        return _parse(from_env, "HAVEN_FIELD_KEYS")
    path = Path(settings.FIELD_KEYS_FILE)
    if not path.exists():
        key_id = f"k{secrets.token_hex(4)}"
        _write(path, Keyring(key_id, {key_id: secrets.token_bytes(KEY_BYTES)}))
    return _parse(path.read_text(), str(path))


def keyring_reset() -> None:
    """Forget the cached keyring, so the next use reads it again."""
    keyring_get.cache_clear()


def keyring_save(keyring: Keyring) -> None:
    """Replace the keyring file atomically; refuse when keys come from the env."""
    if not keyring_is_writable():
        raise KeyringError(
            "the keyring comes from HAVEN_FIELD_KEYS and cannot be changed here"
        )
    _write(Path(settings.FIELD_KEYS_FILE), keyring)
    keyring_reset()


def _write(path: Path, keyring: Keyring) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(_dump(keyring))
        handle.flush()
        os.fsync(handle.fileno())
    temporary.replace(path)
