"""``haven backup``, ``haven restore`` and ``haven import --ack-log``."""

from __future__ import annotations

import base64

import pytest

from haven.apps.people.models import Registration
from haven.cli.main import main
from tests.apps.people.test_imports import good_row, write_csv

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def backup_key(monkeypatch):
    monkeypatch.setenv("HAVEN_BACKUP_KEY", base64.b64encode(bytes(range(32))).decode())


def test_backup_with_drill_reports_an_identical_restore(tmp_path, capsys, camp):
    status = main(["backup", str(tmp_path / "b.hbk"), "--drill"])
    out = capsys.readouterr().out
    assert status == 0, out
    assert "restore drill: passed" in out
    assert (tmp_path / "b.hbk").stat().st_size > 0


def test_restore_refuses_a_database_that_holds_data(tmp_path, capsys, camp):
    assert main(["backup", str(tmp_path / "b.hbk")]) == 0
    assert main(["restore", str(tmp_path / "b.hbk")]) == 2
    assert "restore refused" in capsys.readouterr().err
    assert main(["restore", str(tmp_path / "missing.hbk")]) == 2


def test_restore_replace_gives_back_the_backed_up_rows(tmp_path, capsys, camp):
    assert main(["backup", str(tmp_path / "b.hbk")]) == 0
    camp[1].delete()
    assert main(["restore", str(tmp_path / "b.hbk"), "--replace"]) == 0
    assert "identical" in capsys.readouterr().out


def test_a_damaged_backup_is_refused(tmp_path, capsys, camp):
    path = tmp_path / "b.hbk"
    assert main(["backup", str(path)]) == 0
    data = bytearray(path.read_bytes())
    data[-1] ^= 0xFF
    path.write_bytes(bytes(data))
    assert main(["restore", str(path), "--replace"]) == 2
    assert "damaged" in capsys.readouterr().err


def test_import_acknowledges_each_stored_row_after_its_batch(tmp_path, capsys, camp):
    rows = tmp_path / "rows.csv"
    write_csv(rows, [good_row(n) for n in range(7)])
    ack = tmp_path / "ack.txt"
    assert (
        main(
            ["import", str(rows), "--quiet", "--batch-size", "3", "--ack-log", str(ack)]
        )
        == 0
    )
    assert ack.read_text().split() == [f"PDC-{n:05d}" for n in range(7)]
    assert main(["import", str(rows), "--quiet", "--ack-log", str(ack)]) == 0
    assert len(ack.read_text().split()) == 7  # nothing new stored, nothing acknowledged
    assert Registration.objects.count() == 7
    assert main(["import", str(rows), "--batch-size", "0"]) == 2
