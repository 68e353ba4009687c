"""Errors of field encryption: each one stops the read or write that met it."""

from __future__ import annotations

from haven.apps.errors import ApplicationError


class FieldCryptoError(ApplicationError):
    """A value could not be encrypted or decrypted; nothing is returned in its place."""

    code = "field_crypto_error"
    status = 500


class DecryptionError(FieldCryptoError):
    """A stored value does not decrypt: wrong or missing key, or moved or altered."""

    code = "decryption_failed"


class KeyringError(FieldCryptoError):
    """The keyring is missing, malformed, or cannot be changed where it is kept."""

    code = "keyring_error"
