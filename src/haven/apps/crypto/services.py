"""
Key rotation: add a key, re-seal every encrypted value with it, retire the rest.

Each batch is one transaction. The old keys stay in the keyring until every value
is on the new key, so a rotation stopped half-way leaves every row readable and can
simply be run again (specs/security.md T-S14 d).
"""

from __future__ import annotations

import secrets
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from django.apps import apps
from django.db import models, transaction
from django.db.models import Case, Value, When

from haven.apps.crypto.errors import KeyringError
from haven.apps.crypto.fields import EncryptedTextField, Sealed
from haven.apps.crypto.keyring import (
    KEY_BYTES,
    Keyring,
    keyring_get,
    keyring_is_writable,
    keyring_save,
    new_key_id,
)

BATCH = 500


@dataclass(frozen=True, slots=True)
class Rotation:
    """What a rotation did: the new key, values re-sealed, keys retired."""

    new_key_id: str
    resealed: int
    retired: tuple[str, ...]


def encrypted_fields() -> list[tuple[type[models.Model], EncryptedTextField]]:
    """Return every encrypted field of every installed model."""
    return [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, EncryptedTextField)
    ]


def key_usage() -> Counter[str]:
    """Count the stored values sealed under each key id."""
    usage: Counter[str] = Counter()
    for model, field in encrypted_fields():
        for value in model._base_manager.exclude(
            **{f"{field.attname}__isnull": True}
        ).values_list(field.attname, flat=True):
            if isinstance(value, Sealed):
                usage[value.key_id] += 1
    return usage


def _reseal(model: type[models.Model], field: EncryptedTextField) -> int:
    manager = model._base_manager
    columns = ("pk", field.row_uid_field, field.attname)
    last_pk: object = None
    done = 0
    while True:
        rows = manager.only(*columns).order_by("pk")
        if last_pk is not None:
            rows = rows.filter(pk__gt=last_pk)
        batch = list(rows[:BATCH])
        if not batch:
            return done
        whens = []
        for row in batch:
            plaintext = getattr(row, field.attname)
            if plaintext is None:
                continue
            sealed = field.seal_for(row, plaintext)
            whens.append(When(pk=row.pk, then=Value(sealed, output_field=field)))
        if whens:
            with transaction.atomic():
                manager.filter(pk__in=[row.pk for row in batch]).update(
                    **{field.attname: Case(*whens, output_field=field)}
                )
        done += len(whens)
        last_pk = batch[-1].pk


def keys_rotate(*, now: datetime, retire: bool = True) -> Rotation:
    """Make a new active key, re-seal every value with it, then retire the others."""
    if not keyring_is_writable():
        raise KeyringError(
            "the keyring comes from HAVEN_FIELD_KEYS; rotate it where it is kept"
        )
    current = keyring_get()
    key_id = new_key_id(now)
    while key_id in current.keys:
        key_id = new_key_id(now)
    keys = {**current.keys, key_id: secrets.token_bytes(KEY_BYTES)}
    keyring_save(Keyring(active=key_id, keys=keys))
    resealed = sum(_reseal(model, field) for model, field in encrypted_fields())
    retired: tuple[str, ...] = ()
    if retire:
        left = {k: n for k, n in key_usage().items() if k != key_id}
        if left:
            raise KeyringError(
                f"values are still sealed under {sorted(left)}; no key was retired"
            )
        retired = tuple(sorted(k for k in keys if k != key_id))
        keyring_save(Keyring(active=key_id, keys={key_id: keys[key_id]}))
    return Rotation(new_key_id=key_id, resealed=resealed, retired=retired)
