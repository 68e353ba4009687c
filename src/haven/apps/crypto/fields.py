"""
``EncryptedTextField``: a text column stored sealed with AES-256-GCM.

The model names a per-row random ``row_uid`` column; the associated data is the
table, the column and that uid, so a sealed value copied to another row or column
does not open. Values are sealed in ``pre_save`` (the only hook that sees the row,
on ``save``, ``create`` and ``bulk_create``) and opened on first attribute access.
Anything that would send a plain text to the column without its row (a queryset
``update``, ``bulk_update``, a filter on the column) raises instead; a loaded value
read without its row (``values()``) stays ``Sealed`` and refuses to become text.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.query_utils import DeferredAttribute

from haven.apps.crypto.aead import associated_data, key_id_of, seal, unseal
from haven.apps.crypto.errors import FieldCryptoError
from haven.apps.crypto.keyring import keyring_get


class Sealed:
    """A stored value as it sits in the database, not yet opened."""

    __slots__ = ("token",)

    def __init__(self, token: str) -> None:
        self.token = token

    @property
    def key_id(self) -> str:
        """Return the id of the key the value was sealed with."""
        return key_id_of(self.token)

    def __str__(self) -> str:
        raise FieldCryptoError(
            "an encrypted value is read through its model instance, not as raw text"
        )

    def __repr__(self) -> str:
        return "<Sealed>"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sealed) and other.token == self.token

    def __hash__(self) -> int:
        return hash(self.token)


class _EncryptedAttribute(DeferredAttribute):
    """Open the stored value on first access; keep the text for later reads."""

    field: EncryptedTextField

    def __get__(self, instance: Any, cls: Any = None) -> Any:
        if instance is None:
            return self
        value = super().__get__(instance, cls)
        if isinstance(value, Sealed):
            value = self.field.open(instance, value)
            instance.__dict__[self.field.attname] = value
        return value

    def __set__(self, instance: Any, value: Any) -> None:
        instance.__dict__[self.field.attname] = value


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """A text field sealed with AES-256-GCM, bound to its table, column and row."""

    descriptor_class = _EncryptedAttribute

    def __init__(self, *args: Any, row_uid_field: str = "row_uid", **kwargs: Any):
        self.row_uid_field = row_uid_field
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["row_uid_field"] = self.row_uid_field
        return name, path, args, kwargs

    def aad(self, instance: models.Model) -> bytes:
        """Return the associated data of this field in this row."""
        row_uid = getattr(instance, self.row_uid_field, None)
        if not row_uid:
            raise FieldCryptoError(
                f"{instance._meta.label}.{self.row_uid_field} is empty: "
                "an encrypted value needs its row's uid"
            )
        return associated_data(instance._meta.db_table, self.attname, str(row_uid))

    def open(self, instance: models.Model, value: Sealed) -> str:
        """Decrypt a stored value for its row; raise DecryptionError if it fails."""
        return unseal(value.token, aad=self.aad(instance), keyring=keyring_get())

    def seal_for(self, instance: models.Model, plaintext: str) -> Sealed:
        """Encrypt a text for this field of this row with the active key."""
        return Sealed(seal(plaintext, aad=self.aad(instance), keyring=keyring_get()))

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = model_instance.__dict__.get(self.attname)
        if value is None or isinstance(value, Sealed):
            return value
        return self.seal_for(model_instance, str(value))

    def from_db_value(
        self, value: Any, expression: Any, connection: BaseDatabaseWrapper
    ) -> Sealed | None:
        return None if value is None else Sealed(str(value))

    def to_python(self, value: Any) -> Any:
        if value is None or isinstance(value, Sealed):
            return value
        return str(value)

    def get_prep_value(self, value: Any) -> Any:
        if value is None or isinstance(value, Sealed):
            return value
        raise FieldCryptoError(
            f"{self.model._meta.label}.{self.name} is encrypted: it cannot be "
            "written without its row or used in a filter"
        )

    def get_db_prep_value(
        self, value: Any, connection: BaseDatabaseWrapper, prepared: bool = False
    ) -> Any:
        if not prepared:
            value = self.get_prep_value(value)
        return value.token if isinstance(value, Sealed) else value
