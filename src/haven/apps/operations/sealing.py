"""
Seal backups with AES-256-GCM, in chunks, so a backup of any size streams.

File layout: a 32-byte header (magic ``HAVENBK1``, 8 bytes naming the key, a
7-byte random nonce prefix, 9 reserved zero bytes), then chunks, each a 4-byte
big-endian length and the ciphertext of at most ``CHUNK`` bytes. Chunk ``i`` is
sealed with the nonce ``prefix ‖ i (4 bytes) ‖ last (1 byte)`` and the header as
associated data (the STREAM construction of Hoang, Reyhanitabar, Rogaway and
Vizár): a chunk changed, dropped, reordered or moved from another backup, or a file
cut short, fails to open.

The key is 32 random bytes from ``HAVEN_BACKUP_KEY`` (base64 or hex), from the file
named by ``HAVEN_BACKUP_KEY_FILE``, or from ``var/backup_key``, made on first use.
It is neither the secret key nor stored in the database, so a stolen database file
or backup alone is not enough (specs/security.md R-11, R-22).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import secrets
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from haven.apps.errors import ApplicationError

MAGIC = b"HAVENBK1"
HEADER_SIZE = 32
CHUNK = 1 << 20
KEY_SIZE = 32


class BackupSealError(ApplicationError):
    """A backup cannot be opened: wrong key, damaged, cut short or not a backup."""

    code = "backup_unreadable"


def key_id(key: bytes) -> bytes:
    """Return 8 bytes that name ``key`` without revealing it."""
    return hashlib.sha256(b"haven backup key id\0" + key).digest()[:8]


def backup_key(var_dir: Path) -> bytes:
    """Return the backup key from the environment, its key file, or a new key file."""
    from_env = os.environ.get("HAVEN_BACKUP_KEY", "").strip()
    if from_env:
        return _decode_key(from_env, "HAVEN_BACKUP_KEY")
    path = Path(os.environ.get("HAVEN_BACKUP_KEY_FILE") or var_dir / "backup_key")
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # made by a concurrent first use; read it below
        else:
            with os.fdopen(descriptor, "w") as handle:
                handle.write(base64.b64encode(secrets.token_bytes(KEY_SIZE)).decode())
                handle.flush()
                os.fsync(handle.fileno())
    return _decode_key(path.read_text().strip(), str(path))


def _decode_key(text: str, source: str) -> bytes:
    key: bytes | None = None
    if len(text) == 2 * KEY_SIZE:
        try:
            key = bytes.fromhex(text)
        except ValueError:
            key = None
    if key is None:
        try:
            key = base64.b64decode(text, validate=True)
        except binascii.Error:
            key = None
    if key is None or len(key) != KEY_SIZE:
        raise BackupSealError(
            f"{source}: the backup key must be {KEY_SIZE} bytes in base64 or hex"
        )
    return key


def _nonce(prefix: bytes, index: int, last: bool) -> bytes:
    return prefix + index.to_bytes(4, "big") + (b"\1" if last else b"\0")


def seal(chunks: Iterable[bytes], output: BinaryIO, *, key: bytes) -> int:
    """Write ``chunks`` (at most CHUNK bytes each) sealed; return the size written."""
    header = MAGIC + key_id(key) + secrets.token_bytes(7) + bytes(9)
    aead = AESGCM(key)
    output.write(header)
    written = len(header)
    index = 0
    pending: bytes | None = None
    for chunk in chunks:
        if len(chunk) > CHUNK:
            raise ValueError("a chunk is larger than CHUNK")
        if pending is not None:
            written += _write_chunk(aead, output, header, index, pending, last=False)
            index += 1
        pending = chunk
    written += _write_chunk(aead, output, header, index, pending or b"", last=True)
    return written


def _write_chunk(
    aead: AESGCM, output: BinaryIO, header: bytes, index: int, data: bytes, last: bool
) -> int:
    if index >= 2**32:
        raise ValueError("the backup is too large for one file")
    sealed = aead.encrypt(_nonce(header[16:23], index, last), data, header)
    output.write(len(sealed).to_bytes(4, "big") + sealed)
    return 4 + len(sealed)


def unseal(source: BinaryIO, *, key: bytes) -> Iterator[bytes]:
    """Yield the plaintext chunks of a sealed backup, checking every one."""
    header = source.read(HEADER_SIZE)
    if len(header) != HEADER_SIZE or not header.startswith(MAGIC):
        raise BackupSealError("this is not a haven backup")
    if header[8:16] != key_id(key):
        raise BackupSealError("this backup was made with another key")
    aead = AESGCM(key)
    index = 0
    while True:
        size_bytes = source.read(4)
        if len(size_bytes) < 4:
            raise BackupSealError("the backup is cut short")
        size = int.from_bytes(size_bytes, "big")
        if size > CHUNK + 16:
            raise BackupSealError("the backup is damaged")
        sealed = source.read(size)
        if len(sealed) != size:
            raise BackupSealError("the backup is cut short")
        last = _peek_end(source)
        try:
            yield aead.decrypt(_nonce(header[16:23], index, last), sealed, header)
        except InvalidTag as error:
            raise BackupSealError(
                f"the backup is damaged or cut short at chunk {index}"
            ) from error
        if last:
            return
        index += 1


def _peek_end(source: BinaryIO) -> bool:
    position = source.tell()
    at_end = source.read(1) == b""
    source.seek(position)
    return at_end


def chunked(stream: IO[bytes]) -> Iterator[bytes]:
    """Yield ``stream`` in CHUNK-sized pieces."""
    while True:
        data = stream.read(CHUNK)
        if not data:
            return
        yield data
