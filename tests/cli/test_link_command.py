"""``haven link``: dedupe, link and trace on CSV files; bad input is named."""

from __future__ import annotations

import csv

import pytest

from haven.cli.link import REGISTRY_COLUMNS
from haven.cli.main import main
from tests.engines.linkage.conftest import make_people, make_registry, registration


def _write(path, header, rows):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    return path


def _read(path):
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.slow
def test_dedupe_writes_one_cluster_per_record(tmp_path):
    """Every record appears once in clusters.csv."""
    records, _ = make_registry(seed=5, families=30)
    registry = _write(tmp_path / "registry.csv", REGISTRY_COLUMNS, records)
    out = tmp_path / "clusters.csv"
    assert main(["link", "dedupe", str(registry), "--out", str(out), "--quiet"]) == 0
    rows = _read(out)
    assert list(rows[0]) == ["record_id", "cluster_id"]
    assert sorted(r["record_id"] for r in rows) == sorted(
        r["record_id"] for r in records
    )
    assert len({r["cluster_id"] for r in rows}) < len(rows)


@pytest.mark.slow
def test_link_and_trace_write_their_csv_files(tmp_path):
    """Links and tracing candidates come out with the documented columns."""
    import random

    people = make_people(seed=9, families=30)
    rng = random.Random(1)
    camp = [registration(rng, p, f"A{i}") for i, p in enumerate(people)]
    relatives = [registration(rng, p, f"B{i}") for i, p in enumerate(people[::2])]
    a = _write(tmp_path / "a.csv", REGISTRY_COLUMNS, camp)
    b = _write(tmp_path / "b.csv", REGISTRY_COLUMNS, relatives)
    links = tmp_path / "links.csv"
    assert main(["link", "link", str(a), str(b), "--out", str(links), "--quiet"]) == 0
    rows = _read(links)
    assert rows
    assert list(rows[0]) == ["a_record_id", "b_record_id", "probability"]
    assert all(r["a_record_id"].startswith("A") for r in rows)

    person = people[0]
    queries = _write(
        tmp_path / "queries.csv",
        [
            "query_id",
            "seeker_record_id",
            "relation",
            "name_as_remembered",
            "approx_age",
            "last_known_city",
            "nationality",
        ],
        [
            {
                "query_id": "q1",
                "seeker_record_id": "",
                "relation": "uncle",
                "name_as_remembered": f"{person.given} {person.father}",
                "approx_age": str(2016 - person.year),
                "last_known_city": person.city,
                "nationality": person.nationality,
            },
            {
                "query_id": "q2",
                "seeker_record_id": "",
                "relation": "uncle",
                "name_as_remembered": "Rebwar Karwan Hawkar",
                "approx_age": "45",
                "last_known_city": "Leeds",
                "nationality": "IQ",
            },
        ],
    )
    candidates = tmp_path / "candidates.csv"
    status = main(
        [
            "link",
            "trace",
            str(queries),
            str(b),
            "--out",
            str(candidates),
            "--as-of",
            "2016-10-01",
            "--quiet",
        ]
    )
    assert status == 0
    rows = _read(candidates)
    assert list(rows[0]) == ["query_id", "rank", "b_record_id", "probability"]
    assert rows[0]["query_id"] == "q1"
    assert rows[0]["b_record_id"] == "B0"
    assert rows[0]["rank"] == "1"
    assert not [r for r in rows if r["query_id"] == "q2"]


def test_a_bad_date_is_named_by_file_line_and_column(tmp_path, capsys):
    """A malformed value stops the run with its file, line and column."""
    rows = [
        {"record_id": "a", "dob": "2001-02-03"},
        {"record_id": "b", "dob": "03/02/2001"},
    ]
    registry = _write(tmp_path / "r.csv", ["record_id", "dob"], rows)
    status = main(["link", "dedupe", str(registry), "--out", str(tmp_path / "o.csv")])
    assert status == 2
    assert f"{registry}:3: column dob: not a YYYY-MM-DD date" in capsys.readouterr().err


def test_missing_columns_and_repeated_ids_are_named(tmp_path, capsys):
    """A missing required column and a repeated id are reported by line."""
    no_id = _write(tmp_path / "no_id.csv", ["given_name"], [{"given_name": "x"}])
    assert main(["link", "dedupe", str(no_id), "--out", str(tmp_path / "o.csv")]) == 2
    assert "no_id.csv:1: column record_id: missing from the header" in (
        capsys.readouterr().err
    )
    repeated = _write(
        tmp_path / "rep.csv", ["record_id"], [{"record_id": "a"}, {"record_id": "a"}]
    )
    assert (
        main(["link", "dedupe", str(repeated), "--out", str(tmp_path / "o.csv")]) == 2
    )
    assert "rep.csv:3: column record_id: 'a' already on line 2" in (
        capsys.readouterr().err
    )


def test_a_bad_age_in_a_query_is_named(tmp_path, capsys):
    """An age that is not a number of years is reported."""
    queries = _write(
        tmp_path / "q.csv",
        ["query_id", "name_as_remembered", "approx_age"],
        [{"query_id": "q1", "name_as_remembered": "Ahmed", "approx_age": "forty"}],
    )
    registry = _write(tmp_path / "r.csv", ["record_id"], [{"record_id": "a"}])
    status = main(
        ["link", "trace", str(queries), str(registry), "--out", str(tmp_path / "o")]
    )
    assert status == 2
    assert "q.csv:2: column approx_age: not an age in years" in capsys.readouterr().err


def test_a_missing_file_is_reported(tmp_path, capsys):
    """A file that does not exist is an input error, not a crash."""
    missing = tmp_path / "absent.csv"
    assert main(["link", "dedupe", str(missing), "--out", str(tmp_path / "o")]) == 2
    assert "absent.csv" in capsys.readouterr().err


def test_a_registry_of_one_record_is_refused(tmp_path, capsys):
    """Engine errors come back with their code and a non-zero status."""
    registry = _write(tmp_path / "r.csv", ["record_id"], [{"record_id": "a"}])
    assert main(["link", "dedupe", str(registry), "--out", str(tmp_path / "o")]) == 1
    assert "too_few_records" in capsys.readouterr().err


@pytest.mark.slow
def test_a_spreadsheet_export_with_semicolons_and_capitals_is_read(tmp_path):
    """Excel in France saves 'CSV' with semicolons, a BOM and the header as typed."""
    records, _ = make_registry(seed=5, families=30)
    plain = _write(tmp_path / "plain.csv", REGISTRY_COLUMNS, records)
    lines = plain.read_text(encoding="utf-8").splitlines()
    header = ";".join(f" {c.upper()} " for c in REGISTRY_COLUMNS)
    body = [";".join(row) for row in csv.reader(lines[1:])]
    exported = tmp_path / "export.csv"
    exported.write_text("\n".join([header, *body]) + "\n", encoding="utf-8-sig")
    for source, out in ((plain, "a.csv"), (exported, "b.csv")):
        argv = ["link", "dedupe", str(source), "--out", str(tmp_path / out)]
        assert main([*argv, "--quiet"]) == 0
    assert _read(tmp_path / "a.csv") == _read(tmp_path / "b.csv")


def test_a_file_not_in_utf8_is_refused_with_the_remedy(tmp_path, capsys):
    """A Windows-1252 file is not guessed at: names would come out garbled."""
    registry = tmp_path / "r.csv"
    registry.write_bytes("record_id,given_name\na,René\nb,Zoë\n".encode("cp1252"))
    assert main(["link", "dedupe", str(registry), "--out", str(tmp_path / "o")]) == 2
    assert "r.csv: not UTF-8 text: save the file as CSV in UTF-8" in (
        capsys.readouterr().err
    )
