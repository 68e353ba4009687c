"""
Make, hand out and purge exports: the one way a table leaves haven as a file.

Every export is written formula-safe (``cells``), sealed under a new passphrase
unless the user holds ``exports.export_plaintext`` and asks for plain text,
stored for ``EXPORT_DAYS`` days and audited once, in the same transaction
(specs/security.md R-12, T-S10; docs/adr/0020).
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import Permission
from django.db import transaction
from django.db.models import Q

from haven.apps.audit.models import AuditEvent
from haven.apps.audit.services import audit_record
from haven.apps.core.actors import Actor
from haven.apps.errors import ApplicationError, NotFoundError, PermissionDeniedError
from haven.apps.exports.cells import table_csv
from haven.apps.exports.container import SUFFIX, new_passphrase, seal_export
from haven.apps.exports.models import Export

EXPORT_DAYS = 30
CSV = "text/csv; charset=utf-8"
SEALED = "application/octet-stream"


class ExportExpiredError(ApplicationError):
    """The export is older than its expiry and has been, or will be, purged."""

    code = "export_expired"
    status = 410


@dataclass(frozen=True, slots=True)
class MadeExport:
    """A new export, and the passphrase to show its maker once (None if plain)."""

    export: Export
    passphrase: str | None


@dataclass(frozen=True, slots=True)
class ExportFile:
    """The bytes of an export as handed out, with the name to save them under."""

    filename: str
    media_type: str
    content: bytes


def may_export_plaintext(user_id: int | None) -> bool:
    """
    Return True when the active user ``user_id`` was given ``export_plaintext``.

    Given to the user or to one of their groups; being a superuser is not enough.
    """
    if user_id is None:
        return False
    return Permission.objects.filter(
        Q(user__pk=user_id, user__is_active=True)
        | Q(group__user__pk=user_id, group__user__is_active=True),
        content_type__app_label="exports",
        codename="export_plaintext",
    ).exists()


def export_create(
    *,
    kind: str,
    filename: str,
    rows: Iterable[Sequence[object]],
    actor: Actor,
    now: datetime,
    plaintext: bool = False,
) -> MadeExport:
    """
    Write ``rows`` as a CSV export of ``kind`` and store it for 30 days.

    Sealed under a new passphrase unless ``plaintext`` is asked for by a user
    allowed it; asking for it without the permission is refused, not downgraded.
    """
    if plaintext and not may_export_plaintext(actor.user_id):
        with transaction.atomic():
            audit_record(
                action="export.create_plaintext",
                actor_id=actor.user_id,
                actor_name=actor.name,
                object_type="export",
                object_id=kind,
                outcome=AuditEvent.Outcome.DENIED,
            )
        raise PermissionDeniedError(
            "the export was not made",
            field_errors={
                "plaintext": ["needs the export_plaintext permission; leave it off"]
            },
        )
    table = list(rows)
    body = table_csv(table)
    passphrase = None if plaintext else new_passphrase()
    if passphrase is None:
        delivered, name, media_type = body, filename, CSV
    else:
        delivered, name, media_type = (
            seal_export(body, passphrase),
            filename + SUFFIX,
            SEALED,
        )
    user_id = actor.user_id
    with transaction.atomic():
        export = Export.objects.create(
            kind=kind,
            filename=name,
            media_type=media_type,
            encrypted=passphrase is not None,
            rows=len(table),
            size=len(delivered),
            content=base64.b64encode(delivered).decode("ascii"),
            created_by_id=user_id,
            created_at=now,
            expires_at=now + timedelta(days=EXPORT_DAYS),
        )
        audit_record(
            action="export.create" if passphrase else "export.create_plaintext",
            actor_id=user_id,
            actor_name=actor.name,
            object_type="export",
            object_id=export.pk,
        )
    return MadeExport(export=export, passphrase=passphrase)


def export_download(*, token: str, actor: Actor, now: datetime) -> ExportFile:
    """
    Return the stored file of an export to the user who made it, once audited.

    Anyone else gets NotFoundError, as for an unknown token; after expiry the
    download is refused even if the purge has not run yet.
    """
    user_id = actor.user_id
    with transaction.atomic():
        export = Export.objects.filter(token=token, created_by_id=user_id).first()
        if export is None or user_id is None:
            raise NotFoundError("no such export")
        if export.expires_at <= now:
            raise ExportExpiredError(
                f"the export expired after {EXPORT_DAYS} days; make a new one",
                field_errors={"expires_at": ["in the past"]},
            )
        audit_record(
            action="export.download",
            actor_id=user_id,
            actor_name=actor.name,
            object_type="export",
            object_id=export.pk,
        )
        return ExportFile(
            filename=export.filename,
            media_type=export.media_type,
            content=base64.b64decode(export.content),
        )


def purge_expired_exports(*, now: datetime, actor_name: str = "export purge") -> int:
    """
    Delete every export whose expiry is at or before ``now``; return how many.

    One audit event covers one purge that removed anything. Meant to run daily
    (``haven export purge``) and from the retention job.
    """
    with transaction.atomic():
        removed, _ = Export.objects.filter(expires_at__lte=now).delete()
        if removed:
            audit_record(
                action="export.purge",
                actor_id=None,
                actor_name=actor_name,
                object_type="export",
                object_id=f"{removed} exports",
            )
    return removed
