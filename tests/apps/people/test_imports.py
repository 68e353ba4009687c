"""Imports: good rows stored, bad rows reported by line, re-runs idempotent."""

from __future__ import annotations

import csv
import json

import pytest

from haven.apps.core.actors import Actor
from haven.apps.people.imports import (
    COLUMNS,
    ImportFileError,
    read_rows,
    registrations_import,
)
from haven.apps.people.models import Person, Registration
from tests.conftest import NOW

pytestmark = pytest.mark.django_db
ACTOR = Actor(name="import:test")


def good_row(n: int) -> dict[str, str]:
    return {
        "external_id": f"PDC-{n:05d}",
        "source_kind": "state_authority",
        "source_name": "Préfecture du Pas-de-Calais",
        "registered_at": "2016-10-18T08:00:00+00:00",
        "registered_by": "clerk-7",
        "location_key": "calais",
        "given_name": "Tesfay",
        "father_name": f"Gebremedhin{n}",
        "grandfather_name": "",
        "family_name": "",
        "name_native": "ተስፋይ",
        "other_spellings": "Tesfaye;Tesfai",
        "sex": "M",
        "date_of_birth": "2001-01-01",
        "dob_precision": "year",
        "age_dispute": "none",
        "nationalities": "ER",
        "languages": "ti",
        "phone": "",
        "place_of_origin": "Asmara",
        "child_status": "unaccompanied",
        "needs": "SC-UC",
        "consent_tracing": "yes",
        "household_ref": "",
        "asylum_lodged_on": "",
    }


def write_csv(path, rows):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)


def test_bad_rows_are_reported_by_line_and_good_rows_stored(tmp_path, camp):
    rows = [good_row(n) for n in range(6)]
    rows[1]["date_of_birth"] = "2001-13-45"
    rows[3]["sex"] = "?"
    rows[4]["nationalities"] = "ER;QQ"
    path = tmp_path / "census.csv"
    write_csv(path, rows)
    report = registrations_import(read_rows(path), actor=ACTOR, now=NOW)
    assert report.stored == 3
    assert [r.line for r in report.rejected] == [3, 5, 6]
    assert "date_of_birth" in str(report.rejected[0])
    assert "sex" in str(report.rejected[1])
    assert "QQ" in str(report.rejected[2])
    assert Person.objects.count() == 3


def test_the_eus_el_and_uk_are_stored_as_iso_gr_and_gb(tmp_path, camp):
    path = tmp_path / "census.csv"
    write_csv(path, [{**good_row(1), "nationalities": "EL;uk"}])
    report = registrations_import(read_rows(path), actor=ACTOR, now=NOW)
    assert (report.stored, report.rejected) == (1, [])
    assert Person.objects.get().nationalities == ["GR", "GB"]


def test_a_second_run_of_the_same_file_adds_nothing(tmp_path, camp):
    path = tmp_path / "census.csv"
    write_csv(path, [good_row(n) for n in range(5)])
    first = registrations_import(read_rows(path), actor=ACTOR, now=NOW)
    second = registrations_import(read_rows(path), actor=ACTOR, now=NOW)
    assert (first.stored, second.stored, second.skipped) == (5, 0, 5)
    assert Registration.objects.count() == 5


def test_json_rows_are_reported_by_the_line_they_start_on(tmp_path, camp):
    rows = [
        good_row(1),
        {**good_row(2), "registered_at": "yesterday"},
        {**good_row(3), "colour": "red"},
    ]
    path = tmp_path / "census.json"
    path.write_text(json.dumps(rows, indent=1))
    report = registrations_import(read_rows(path), actor=ACTOR, now=NOW)
    assert report.stored == 1
    starts = [r.line for r in report.rejected]
    text_lines = path.read_text().splitlines()
    assert all(text_lines[line - 1].strip() == "{" for line in starts)
    assert "registered_at" in str(report.rejected[0])
    assert "colour" in str(report.rejected[1])


def test_a_csv_with_unknown_columns_is_refused_before_any_row(tmp_path, camp):
    path = tmp_path / "bad.csv"
    path.write_text("external_id,shoe_size\n1,42\n")
    with pytest.raises(ImportFileError, match="shoe_size"):
        list(read_rows(path))


def test_a_short_csv_row_is_rejected_with_its_cell_count(tmp_path, camp):
    path = tmp_path / "short.csv"
    write_csv(path, [good_row(1)])
    with path.open("a", encoding="utf-8") as handle:
        handle.write("PDC-9,state_authority\n")
    report = registrations_import(read_rows(path), actor=ACTOR, now=NOW)
    assert report.stored == 1
    assert report.rejected[0].line == 3
    assert "2 cells" in str(report.rejected[0])


def test_a_spreadsheet_export_with_semicolons_and_capitals_is_read(tmp_path, camp):
    """Excel in France writes semicolons, a BOM and the header as the clerk typed it."""
    path = tmp_path / "census.csv"
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow([f" {c.title()} " for c in COLUMNS])
        writer.writerows([list(good_row(n).values()) for n in range(3)])
    report = registrations_import(read_rows(path), actor=ACTOR, now=NOW)
    assert (report.stored, report.rejected) == (3, [])
    person = Person.objects.get(registrations__external_id="PDC-00001")
    assert person.father_name == "Gebremedhin1"
    spellings = set(person.names.values_list("given_name", flat=True))
    assert {"Tesfai", "Tesfaye"} <= spellings


def test_a_lodging_is_imported_only_from_its_own_column(tmp_path, camp):
    """A state authority's row lodges an application only with its day given."""
    path = tmp_path / "lodged.csv"
    write_csv(
        path,
        [
            good_row(1),
            {**good_row(2), "asylum_lodged_on": "2016-10-18"},
            {**good_row(3), "asylum_lodged_on": "18/10/2016"},
        ],
    )
    report = registrations_import(read_rows(path), actor=ACTOR, now=NOW)
    lodged = dict(Registration.objects.values_list("external_id", "asylum_lodged_on"))
    assert lodged["PDC-00001"] is None
    assert str(lodged["PDC-00002"]) == "2016-10-18"
    assert "PDC-00003" not in lodged
    assert [item.line for item in report.rejected] == [4]
    assert "asylum_lodged_on" in str(report.rejected[0])
