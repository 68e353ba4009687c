"""CSV files: exact columns, no ground truth in the registry, same bytes every time."""

from __future__ import annotations

import csv

from haven.synthetic import (
    generate_camp,
    tracing_queries,
    write_queries_csv,
    write_query_truth_csv,
    write_record_truth_csv,
    write_registry_csv,
)

REGISTRY = [
    "record_id",
    "given_name",
    "father_name",
    "grandfather_name",
    "family_name",
    "sex",
    "dob",
    "dob_precision",
    "nationality",
    "place_of_origin",
    "phone",
    "registered_at",
    "registered_by",
    "name_native",
    "city",
]
QUERIES = [
    "query_id",
    "seeker_record_id",
    "relation",
    "name_as_remembered",
    "approx_age",
    "last_known_city",
    "nationality",
]


def header(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle))


def test_the_registry_csv_has_exactly_the_agreed_columns(tmp_path):
    camp = generate_camp(200, seed=2)
    rows = write_registry_csv(camp.registrations, tmp_path / "registry.csv")
    assert header(tmp_path / "registry.csv") == REGISTRY
    assert rows == len(camp.registrations)


def test_the_queries_csv_has_exactly_the_agreed_columns(tmp_path):
    camp = generate_camp(1_000, seed=2)
    tracing = tracing_queries(camp, seed=2)
    write_queries_csv(tracing.queries, tmp_path / "queries.csv")
    assert header(tmp_path / "queries.csv") == QUERIES


def test_ground_truth_is_written_to_its_own_files(tmp_path):
    camp = generate_camp(1_000, seed=2)
    tracing = tracing_queries(camp, seed=2)
    write_record_truth_csv(camp.registrations, tmp_path / "records-truth.csv")
    write_query_truth_csv(tracing.truth, tmp_path / "queries-truth.csv")
    assert header(tmp_path / "records-truth.csv") == ["record_id", "person_key"]
    assert header(tmp_path / "queries-truth.csv")[0] == "query_id"
    write_registry_csv(camp.registrations, tmp_path / "registry.csv")
    text = (tmp_path / "registry.csv").read_text(encoding="utf-8")
    assert "P0000" not in text


def test_the_same_camp_gives_the_same_bytes(tmp_path):
    write_registry_csv(generate_camp(300, seed=9).registrations, tmp_path / "a.csv")
    write_registry_csv(generate_camp(300, seed=9).registrations, tmp_path / "b.csv")
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
