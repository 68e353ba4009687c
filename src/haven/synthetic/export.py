"""
CSV files of a generated camp: the registry, tracing queries, and ground truth.

Ground truth is written to its own files so that a matcher's input never holds it.
Files are UTF-8 with ``\\n`` line ends, so the same camp gives the same bytes.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from haven.synthetic.model import SyntheticRegistration
from haven.synthetic.places import CITY_BY_KEY
from haven.synthetic.tracing import QueryTruth, TracingQuery

REGISTRY_COLUMNS: tuple[str, ...] = (
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
)
QUERY_COLUMNS: tuple[str, ...] = (
    "query_id",
    "seeker_record_id",
    "relation",
    "name_as_remembered",
    "approx_age",
    "last_known_city",
    "nationality",
)
RECORD_TRUTH_COLUMNS: tuple[str, ...] = ("record_id", "person_key")
QUERY_TRUTH_COLUMNS: tuple[str, ...] = (
    "query_id",
    "seeker_person_key",
    "relative_person_key",
    "absent",
    "expected_record_ids",
)
CAMP_CITY = "Calais"


def city_of(location_key: str) -> str:
    """Return the city a registration was taken in."""
    city = CITY_BY_KEY.get(location_key)
    return city.name if city is not None else CAMP_CITY


def write_registry_csv(
    registrations: Iterable[SyntheticRegistration], path: Path | str
) -> int:
    """Write registrations as the registry CSV, without ground truth; return rows."""
    rows = 0
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(REGISTRY_COLUMNS)
        for r in registrations:
            name = r.name
            writer.writerow(
                (
                    r.record_id,
                    name.given_name,
                    name.father_name,
                    name.grandfather_name,
                    name.family_name,
                    r.sex,
                    r.date_of_birth.isoformat() if r.date_of_birth else "",
                    r.dob_precision,
                    r.nationality,
                    r.place_of_origin,
                    r.phone,
                    r.registered_at.isoformat(),
                    r.registered_by,
                    name.native_script,
                    city_of(r.location_key),
                )
            )
            rows += 1
    return rows


def write_queries_csv(queries: Iterable[TracingQuery], path: Path | str) -> int:
    """Write tracing queries, without ground truth; return the row count."""
    rows = 0
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(QUERY_COLUMNS)
        for q in queries:
            writer.writerow(
                (
                    q.query_id,
                    q.seeker_record_id,
                    q.relation,
                    q.name_as_remembered,
                    q.approx_age,
                    q.last_known_city,
                    q.nationality,
                )
            )
            rows += 1
    return rows


def write_record_truth_csv(
    registrations: Iterable[SyntheticRegistration], path: Path | str
) -> int:
    """Write which person each record belongs to; return the row count."""
    rows = 0
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(RECORD_TRUTH_COLUMNS)
        for r in registrations:
            writer.writerow((r.record_id, r.person_key))
            rows += 1
    return rows


def write_query_truth_csv(truth: Iterable[QueryTruth], path: Path | str) -> int:
    """Write what each query should find; expected ids are joined with ``|``."""
    rows = 0
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(QUERY_TRUTH_COLUMNS)
        for t in truth:
            writer.writerow(
                (
                    t.query_id,
                    t.seeker_person_key,
                    t.relative_person_key,
                    "true" if t.absent else "false",
                    "|".join(t.expected_record_ids),
                )
            )
            rows += 1
    return rows
