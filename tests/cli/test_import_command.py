"""``haven import`` on a 10,000-row file with 1% malformed rows."""

from __future__ import annotations

import csv
import random

import pytest

from haven.apps.people.imports import COLUMNS
from haven.apps.people.models import Person, Registration
from haven.cli.main import main
from tests.apps.people.test_imports import good_row

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

BREAKERS = (
    ("date_of_birth", "31/02/2001"),
    ("sex", "male?"),
    ("nationalities", "Eritrea"),
    ("registered_at", "last tuesday"),
    ("source_kind", "rumour"),
    ("consent_tracing", "maybe"),
    ("languages", "tigrinya"),
    ("given_name", ""),
)


def test_ten_thousand_rows_with_one_percent_malformed(tmp_path, capsys, camp):
    rng = random.Random(7)
    bad_lines = set()
    path = tmp_path / "registrations.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        bad_indexes = set(rng.sample(range(10_000), 100))
        for n in range(10_000):
            row = good_row(n)
            if n in bad_indexes:
                field, value = BREAKERS[n % len(BREAKERS)]
                row[field] = value
                if field == "given_name":
                    row["name_native"] = ""
                bad_lines.add(n + 2)
            writer.writerow(row)

    status = main(["import", str(path), "--quiet"])
    out = capsys.readouterr().out
    assert status == 1
    assert Person.objects.count() == 9_900
    reported = {
        int(line.split()[2].rstrip(":"))
        for line in out.splitlines()
        if line.startswith("rejected line")
    }
    assert reported == bad_lines
    assert "stored 9900, already stored 0, rejected 100" in out

    status = main(["import", str(path), "--quiet"])
    out = capsys.readouterr().out
    assert Registration.objects.count() == 9_900
    assert "stored 0, already stored 9900, rejected 100" in out
