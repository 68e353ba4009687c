"""``haven export decrypt`` opens a sealed export; ``haven export purge`` expires."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.utils import timezone

from haven.apps.core.actors import Actor
from haven.apps.exports.container import new_passphrase, seal_export
from haven.apps.exports.models import Export
from haven.apps.exports.services import export_create
from haven.cli.main import main

DATA = b"scheme,pledger\r\nDubs,Kent\r\n"


def test_decrypt_writes_the_file_beside_the_export(tmp_path, monkeypatch, capsys):
    passphrase = new_passphrase()
    sealed = tmp_path / "ledger.csv.hvx"
    sealed.write_bytes(seal_export(DATA, passphrase))
    monkeypatch.setattr("sys.stdin", io.StringIO(passphrase + "\n"))
    assert main(["export", "decrypt", str(sealed), "--passphrase-stdin"]) == 0
    assert (tmp_path / "ledger.csv").read_bytes() == DATA
    monkeypatch.setattr("sys.stdin", io.StringIO(passphrase + "\n"))
    assert main(["export", "decrypt", str(sealed), "--passphrase-stdin"]) == 2
    assert "exists" in capsys.readouterr().out


def test_decrypt_with_a_wrong_passphrase_writes_nothing(tmp_path, monkeypatch, capsys):
    sealed = tmp_path / "ledger.csv.hvx"
    sealed.write_bytes(seal_export(DATA, new_passphrase()))
    monkeypatch.setattr("sys.stdin", io.StringIO(new_passphrase() + "\n"))
    out = tmp_path / "out.csv"
    status = main(
        ["export", "decrypt", str(sealed), "-o", str(out), "--passphrase-stdin"]
    )
    assert status == 1
    assert "passphrase is wrong" in capsys.readouterr().out
    assert not out.exists()


@pytest.mark.django_db(transaction=True)
def test_purge_deletes_what_expired(make_user, capsys):
    user = make_user("supervisor")
    long_ago = timezone.now() - timedelta(days=40)
    export_create(
        kind="t",
        filename="t.csv",
        rows=[["a"]],
        actor=Actor.of_user(user),
        now=long_ago,
    )
    export_create(
        kind="t",
        filename="t.csv",
        rows=[["a"]],
        actor=Actor.of_user(user),
        now=timezone.now(),
    )
    assert main(["export", "purge"]) == 0
    assert "deleted 1 expired exports" in capsys.readouterr().out
    assert Export.objects.count() == 1
