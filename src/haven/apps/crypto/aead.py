"""
Seal and open one value with AES-256-GCM.

A sealed value reads ``v1:<key id>:<nonce>:<ciphertext>`` (nonce and ciphertext in
URL-safe base64 without padding; the ciphertext ends with GCM's 16-byte tag). The
associated data names the table, the column and the row, so a value moved to
another row or column no longer opens. Every failure raises ``DecryptionError``;
nothing is ever returned in place of the value.
"""

from __future__ import annotations

import base64
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from haven.apps.crypto.errors import DecryptionError
from haven.apps.crypto.keyring import Keyring

VERSION = "v1"
NONCE_BYTES = 12


def associated_data(table: str, column: str, row: str) -> bytes:
    """Return the associated data binding a value to its table, column and row."""
    return "\x1f".join(("haven-field", VERSION, table, column, row)).encode()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def seal(plaintext: str, *, aad: bytes, keyring: Keyring) -> str:
    """Encrypt a text with the active key; return the sealed form."""
    key = keyring.keys[keyring.active]
    nonce = secrets.token_bytes(NONCE_BYTES)
    ciphertext = AESGCM(key).encrypt(nonce, plaintext.encode(), aad)
    return f"{VERSION}:{keyring.active}:{_b64(nonce)}:{_b64(ciphertext)}"


def key_id_of(token: str) -> str:
    """Return the key id a sealed value names (without opening it)."""
    parts = token.split(":")
    if len(parts) != 4 or parts[0] != VERSION:
        raise DecryptionError("a stored value is not in the sealed format")
    return parts[1]


def unseal(token: str, *, aad: bytes, keyring: Keyring) -> str:
    """Decrypt a sealed value; raise DecryptionError if it does not open."""
    key_id = key_id_of(token)
    key = keyring.key(key_id)
    if key is None:
        raise DecryptionError(f"the keyring has no key {key_id!r}")
    _, _, nonce_text, ciphertext_text = token.split(":")
    try:
        nonce = _unb64(nonce_text)
        plaintext = AESGCM(key).decrypt(nonce, _unb64(ciphertext_text), aad)
        return plaintext.decode()
    except (InvalidTag, ValueError) as error:
        raise DecryptionError(
            "a stored value does not decrypt: wrong key, or moved or altered"
        ) from error
