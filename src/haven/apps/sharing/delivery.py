"""
Send a disclosure as a sealed export: what ``disclose`` returns leaves only so.

The payload becomes a table of one header and one row and goes through
``exports.services.export_create``: sealed under a passphrase shown once, kept
30 days for its maker to download, audited (specs/security.md R-12, R-14;
docs/adr/0020, docs/adr/0021). Nothing of the person is written in plain text or
put in a URL; the file is named by the disclosure's number only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

from haven.apps.core.actors import Actor
from haven.apps.exports.services import MadeExport, export_create
from haven.apps.sharing.fields import JsonValue
from haven.apps.sharing.models import Disclosure
from haven.apps.sharing.services import (
    DisclosurePayload,
    DisclosureRefusedError,
    disclose,
    disclosure_refusal_record,
)

EXPORT_KIND = "sharing.disclosure"


@dataclass(frozen=True, slots=True)
class SentDisclosure:
    """A disclosure sent: the fields that went, and the sealed export holding them."""

    payload: DisclosurePayload
    made: MadeExport


def _cell(value: JsonValue) -> object:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(value)
    return value


def disclosure_rows(payload: DisclosurePayload) -> list[Sequence[object]]:
    """Return the header of the sent field names and the one row of their values."""
    names = list(payload.values)
    return [names, [_cell(payload.values[name]) for name in names]]


def disclosure_send(
    *, disclosure: Disclosure, sent_by: Actor, now: datetime
) -> SentDisclosure:
    """
    Send an approved disclosure: mark it sent and seal its fields in an export.

    Both happen in one transaction, so a disclosure is never marked sent without
    its file. The gate's refusal is recorded after the rollback, once.
    """
    try:
        with transaction.atomic():
            payload = disclose(disclosure=disclosure, sent_by=sent_by, now=now)
            made = export_create(
                kind=EXPORT_KIND,
                filename=f"disclosure-{disclosure.pk}.csv",
                rows=disclosure_rows(payload),
                actor=sent_by,
                now=now,
            )
    except DisclosureRefusedError:
        disclosure_refusal_record(
            actor=sent_by, object_type="disclosure", object_id=disclosure.pk
        )
        raise
    return SentDisclosure(payload=payload, made=made)
