"""
Seal an export under a one-time passphrase, and open it again (docs/adr/0020).

The recipient is often outside haven: they get the file by one channel and the
passphrase by another, and open it with ``haven export decrypt``, or with any
AES-GCM and scrypt library, from this description alone.

Layout (all integers big-endian)::

    magic        8 bytes  b"HAVENEX1"
    log2 n       1 byte   scrypt cost, 15 (n = 32768)
    r            1 byte   scrypt block size, 8
    p            1 byte   scrypt parallelism, 1
    salt        16 bytes  random
    nonce       12 bytes  random
    ciphertext   the rest AES-256-GCM of the file, its 16-byte tag at the end

The key is ``scrypt(passphrase, salt, n, r, p, length=32)`` over the passphrase as
UTF-8 after :func:`normalise_passphrase`, and the 39 header bytes are the associated
data, so a changed header fails like a changed ciphertext. This module imports no
Django, so the command opens a file without a database.
"""

from __future__ import annotations

import base64
import secrets
import unicodedata

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

MAGIC = b"HAVENEX1"
LOG2_N = 15
R = 8
P = 1
SALT_BYTES = 16
NONCE_BYTES = 12
HEADER_BYTES = len(MAGIC) + 3 + SALT_BYTES + NONCE_BYTES
PASSPHRASE_BYTES = 20  # 160 random bits: 32 base32 letters, in 8 groups of 4
SUFFIX = ".hvx"
# Costs above this are refused, so a crafted file cannot make opening it hang or
# take more than 256 MiB (scrypt takes 128 * n * r bytes).
MAX_SCRYPT_MEMORY = 1 << 28


class ExportContainerError(Exception):
    """A sealed export does not open: not one, damaged, or the wrong passphrase."""


def new_passphrase() -> str:
    """Return a random passphrase to read out or type: ``ABCD-EFGH-…`` (8 groups)."""
    letters = base64.b32encode(secrets.token_bytes(PASSPHRASE_BYTES)).decode()
    return "-".join(letters[i : i + 4] for i in range(0, len(letters), 4))


def normalise_passphrase(passphrase: str) -> str:
    """Return the passphrase without spaces or dashes, in capitals, as NFKC."""
    text = unicodedata.normalize("NFKC", passphrase)
    return "".join(c for c in text if not c.isspace() and c != "-").upper()


def _key(passphrase: str, salt: bytes, log2_n: int, r: int, p: int) -> bytes:
    kdf = Scrypt(salt=salt, length=32, n=1 << log2_n, r=r, p=p)
    return kdf.derive(normalise_passphrase(passphrase).encode())


def seal_export(data: bytes, passphrase: str) -> bytes:
    """Return ``data`` sealed under ``passphrase`` in the layout above."""
    if not normalise_passphrase(passphrase):
        raise ValueError("passphrase: empty")
    salt = secrets.token_bytes(SALT_BYTES)
    nonce = secrets.token_bytes(NONCE_BYTES)
    header = MAGIC + bytes((LOG2_N, R, P)) + salt + nonce
    key = _key(passphrase, salt, LOG2_N, R, P)
    return header + AESGCM(key).encrypt(nonce, data, header)


def open_export(sealed: bytes, passphrase: str) -> bytes:
    """Return the file sealed in ``sealed``; raise ExportContainerError if it fails."""
    if len(sealed) < HEADER_BYTES + 16 or not sealed.startswith(MAGIC):
        raise ExportContainerError("this is not a sealed haven export")
    log2_n, r, p = sealed[8], sealed[9], sealed[10]
    memory = 128 * (1 << log2_n) * r
    if (
        not (10 <= log2_n <= 24 and r >= 1 and 1 <= p <= 4)
        or memory > MAX_SCRYPT_MEMORY
    ):
        raise ExportContainerError("the export's key parameters are out of range")
    salt = sealed[11 : 11 + SALT_BYTES]
    nonce = sealed[11 + SALT_BYTES : HEADER_BYTES]
    header = sealed[:HEADER_BYTES]
    key = _key(passphrase, salt, log2_n, r, p)
    try:
        return AESGCM(key).decrypt(nonce, sealed[HEADER_BYTES:], header)
    except InvalidTag as error:
        raise ExportContainerError(
            "the passphrase is wrong, or the file was changed or cut short"
        ) from error
