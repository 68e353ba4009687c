"""Exports: sealed by default, plain only with the permission, owned, expiring."""

from __future__ import annotations

import base64
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection

from haven.apps.audit.models import AuditEvent
from haven.apps.core.actors import Actor
from haven.apps.errors import NotFoundError, PermissionDeniedError
from haven.apps.exports.container import open_export
from haven.apps.exports.models import Export
from haven.apps.exports.services import (
    ExportExpiredError,
    export_create,
    export_download,
    may_export_plaintext,
    purge_expired_exports,
)

pytestmark = pytest.mark.django_db

ROWS = [["name", "place"], ["Kent", "=1+1"]]


def _grant_plaintext(user, via_group: bool = False) -> None:
    permission = Permission.objects.get(
        content_type__app_label="exports", codename="export_plaintext"
    )
    if via_group:
        group = Group.objects.create(name="plaintext exporters")
        group.permissions.add(permission)
        user.groups.add(group)
    else:
        user.user_permissions.add(permission)


def _make(user, now, **kwargs):
    return export_create(
        kind="test.table",
        filename="t.csv",
        rows=ROWS,
        actor=Actor.of_user(user),
        now=now,
        **kwargs,
    )


def test_an_export_is_sealed_unless_asked_otherwise(make_user, now):
    user = make_user("supervisor")
    made = _make(user, now)
    assert made.passphrase is not None
    assert made.export.encrypted is True
    assert made.export.filename == "t.csv.hvx"
    assert made.export.expires_at - made.export.created_at == timedelta(days=30)
    file = export_download(
        token=str(made.export.token), actor=Actor.of_user(user), now=now
    )
    assert b"Kent" not in file.content
    text = open_export(file.content, made.passphrase).decode()
    assert text == "name,place\r\nKent,'=1+1\r\n"


def test_plain_text_needs_the_explicit_permission(make_user, now):
    user = make_user("supervisor")
    user.is_superuser = True
    user.save()
    assert may_export_plaintext(user.pk) is False
    with pytest.raises(PermissionDeniedError) as refused:
        _make(user, now, plaintext=True)
    assert list(refused.value.field_errors) == ["plaintext"]
    assert not Export.objects.exists()
    denied = AuditEvent.objects.get()
    assert (denied.action, denied.outcome) == ("export.create_plaintext", "denied")


@pytest.mark.parametrize("via_group", [False, True])
def test_a_holder_of_the_permission_may_export_plain_text(make_user, now, via_group):
    user = make_user("supervisor")
    _grant_plaintext(user, via_group=via_group)
    made = _make(user, now, plaintext=True)
    assert made.passphrase is None
    file = export_download(
        token=str(made.export.token), actor=Actor.of_user(user), now=now
    )
    assert file.content == b"name,place\r\nKent,'=1+1\r\n"
    assert file.filename == "t.csv"
    assert _make(user, now).passphrase is not None


def test_only_the_maker_downloads_and_only_until_expiry(make_user, now):
    maker, other = make_user("supervisor"), make_user("supervisor")
    made = _make(maker, now)
    token = str(made.export.token)
    with pytest.raises(NotFoundError):
        export_download(token=token, actor=Actor.of_user(other), now=now)
    last_moment = now + timedelta(days=30) - timedelta(seconds=1)
    assert export_download(
        token=token, actor=Actor.of_user(maker), now=last_moment
    ).content
    with pytest.raises(ExportExpiredError) as expired:
        export_download(
            token=token, actor=Actor.of_user(maker), now=now + timedelta(days=30)
        )
    assert expired.value.status == 410


def test_the_purge_removes_expired_exports_only(make_user, now):
    user = make_user("supervisor")
    old = _make(user, now - timedelta(days=31)).export
    young = _make(user, now - timedelta(days=29)).export
    assert purge_expired_exports(now=now) == 1
    assert list(Export.objects.values_list("pk", flat=True)) == [young.pk]
    assert not Export.objects.filter(pk=old.pk).exists()
    purge = AuditEvent.objects.get(action="export.purge")
    assert purge.object_id == "1 exports"
    assert purge_expired_exports(now=now) == 0
    assert AuditEvent.objects.filter(action="export.purge").count() == 1


def test_the_stored_file_is_sealed_with_the_field_keys_too(make_user, now):
    user = make_user("supervisor")
    _grant_plaintext(user)
    _make(user, now, plaintext=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT content FROM exports_export")
        (stored,) = cursor.fetchone()
    plain = base64.b64encode(b"name,place\r\nKent,'=1+1\r\n").decode()
    assert stored.startswith("v1:")
    assert plain not in stored
    assert "Kent" not in stored
