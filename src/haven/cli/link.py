"""
``haven link``: deduplicate a registry, link two, or answer tracing queries.

Reads and writes plain CSV; progress goes to stderr. Bad input is reported
with its file, line and column, and exits with status 2.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Final

from haven.spreadsheet import column_name, delimiter_of

REGISTRY_REQUIRED: Final = ("record_id",)
REGISTRY_COLUMNS: Final = (
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
QUERY_REQUIRED: Final = ("query_id", "name_as_remembered")
QUERY_COLUMNS: Final = (
    "query_id",
    "seeker_record_id",
    "relation",
    "name_as_remembered",
    "approx_age",
    "last_known_city",
    "nationality",
)
_DOB: Final = re.compile(r"^(\d{4}(-\d{2}-\d{2})?)?$")

Row = dict[str, str]


class CsvInputError(Exception):
    """A bad input file, named with its line and column."""

    def __init__(self, path: Path, line: int, column: str, message: str) -> None:
        where = f"{path}:{line}" if line else str(path)
        where += f": column {column}" if column else ""
        super().__init__(f"{where}: {message}")
        self.path = path
        self.line = line
        self.column = column


_NOT_UTF8: Final = "not UTF-8 text: save the file as CSV in UTF-8"


def _read(
    path: Path, required: Sequence[str], known: Sequence[str], key: str
) -> list[tuple[int, Row]]:
    """Return (line number, row) pairs, checking the header and unique keys."""
    try:
        handle = path.open(newline="", encoding="utf-8-sig")
    except OSError as error:
        raise CsvInputError(path, 0, "", error.strerror or "cannot open") from error
    with handle:
        try:
            first = handle.readline()
        except UnicodeDecodeError as error:
            raise CsvInputError(path, 0, "", _NOT_UTF8) from error
        handle.seek(0)
        reader = csv.DictReader(handle, delimiter=delimiter_of(first, required))
        if reader.fieldnames:
            reader.fieldnames = [column_name(c) for c in reader.fieldnames]
        header = reader.fieldnames or []
        for column in required:
            if column not in header:
                raise CsvInputError(path, 1, column, "missing from the header")
        rows: list[tuple[int, Row]] = []
        seen: dict[str, int] = {}
        try:
            for row in reader:
                line = reader.line_num
                if None in row:
                    raise CsvInputError(path, line, "", "more fields than the header")
                clean = {c: (row.get(c) or "").strip() for c in known if c in header}
                value = clean.get(key, "")
                if not value:
                    raise CsvInputError(path, line, key, "empty")
                if value in seen:
                    raise CsvInputError(
                        path, line, key, f"{value!r} already on line {seen[value]}"
                    )
                seen[value] = line
                rows.append((line, clean))
        except UnicodeDecodeError as error:
            # The decoder reads ahead, so the line it stopped on is not known.
            raise CsvInputError(path, 0, "", _NOT_UTF8) from error
        except csv.Error as error:
            raise CsvInputError(path, reader.line_num, "", str(error)) from error
    return rows


def read_registry(path: Path) -> list[Row]:
    """Read a registry CSV; raise :class:`CsvInputError` on the first bad value."""
    rows = _read(path, REGISTRY_REQUIRED, REGISTRY_COLUMNS, "record_id")
    for line, row in rows:
        if not _DOB.match(row.get("dob", "")):
            raise CsvInputError(path, line, "dob", "not a YYYY-MM-DD date or a year")
    return [row for _, row in rows]


def read_queries(path: Path) -> list[Row]:
    """Read a tracing-query CSV; raise :class:`CsvInputError` on a bad value."""
    rows = _read(path, QUERY_REQUIRED, QUERY_COLUMNS, "query_id")
    for line, row in rows:
        age = row.get("approx_age", "")
        if age:
            try:
                value = float(age)
            except ValueError:
                value = -1.0
            if not 0 <= value <= 130:
                raise CsvInputError(path, line, "approx_age", "not an age in years")
    return [row for _, row in rows]


def write_rows(
    path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> int:
    """Write a CSV with ``header``; return the number of data rows."""
    count = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def register(subparsers: Any) -> None:
    """Add the ``link`` command group."""
    parser = subparsers.add_parser(
        "link",
        help="find duplicate registrations, link registries, trace relatives",
        description="Record linkage on registry CSV files (tracing.md): UTF-8, "
        "separated by commas, semicolons or tabs, column names in any case.",
    )
    commands = parser.add_subparsers(dest="link_command", metavar="ACTION")
    commands.required = True

    dedupe = commands.add_parser(
        "dedupe", help="cluster the records of one registry that are one person"
    )
    dedupe.add_argument("registry", type=Path, help="registry CSV")
    dedupe.add_argument("--out", type=Path, required=True, help="clusters CSV to write")
    _options(dedupe, "a pair joins a cluster from this probability (default: 0.9)")
    dedupe.set_defaults(handler=run_dedupe)

    link = commands.add_parser("link", help="link the records of two registries")
    link.add_argument("registry_a", type=Path, help="first registry CSV (camp)")
    link.add_argument("registry_b", type=Path, help="second registry CSV (relatives)")
    link.add_argument("--out", type=Path, required=True, help="links CSV to write")
    _options(link, "keep links from this probability (default: 0.9)")
    link.set_defaults(handler=run_link)

    trace = commands.add_parser(
        "trace", help="look for declared relatives in a registry"
    )
    trace.add_argument("queries", type=Path, help="tracing queries CSV")
    trace.add_argument("registry", type=Path, help="registry CSV to search")
    trace.add_argument(
        "--out", type=Path, required=True, help="candidates CSV to write"
    )
    trace.add_argument(
        "--seekers",
        type=Path,
        help="registry CSV holding the seekers (seeker_record_id), whose names "
        "constrain their relatives' names",
    )
    trace.add_argument(
        "--as-of",
        type=date.fromisoformat,
        help="date at which remembered ages hold (default: today)",
    )
    _options(
        trace,
        "answer a query when the relative is registered with at least this "
        "probability (default: 0.9)",
    )
    trace.set_defaults(handler=run_trace)


def _options(parser: argparse.ArgumentParser, threshold_help: str) -> None:
    parser.add_argument("--threshold", type=float, help=threshold_help)
    parser.add_argument(
        "--seed", type=int, default=1, help="sampling seed (default: 1)"
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


def _guarded(action: Callable[[argparse.Namespace, Any], int]) -> Callable[..., int]:
    """Run ``action`` with a stage progress bar; report bad input and errors."""

    def handler(args: argparse.Namespace) -> int:
        from tqdm import tqdm

        from haven.engines.linkage import LinkageError

        with tqdm(
            total=3, unit="stage", file=sys.stderr, disable=args.quiet, desc="link"
        ) as bar:
            try:
                return action(args, bar)
            except CsvInputError as error:
                print(f"haven link: {error}", file=sys.stderr)
                return 2
            except LinkageError as error:
                print(f"haven link: {error} ({error.code})", file=sys.stderr)
                return 1

    return handler


def _stage(bar: Any, name: str) -> None:
    bar.set_description(name)
    bar.update(1)


def _dedupe(args: argparse.Namespace, bar: Any) -> int:
    from haven.engines.linkage import DEDUPE_THRESHOLD, deduplicate

    records = read_registry(args.registry)
    _stage(bar, "train and score")
    threshold = DEDUPE_THRESHOLD if args.threshold is None else args.threshold
    result = deduplicate(records, threshold=threshold, seed=args.seed)
    _stage(bar, "write")
    rows = sorted(result.clusters.items())
    write_rows(args.out, ("record_id", "cluster_id"), rows)
    _stage(bar, "done")
    clusters = len(set(result.clusters.values()))
    print(f"{len(rows)} records in {clusters} clusters -> {args.out}")
    return 0


def _link(args: argparse.Namespace, bar: Any) -> int:
    from haven.engines.linkage import LINK_THRESHOLD, link_registries

    registry_a = read_registry(args.registry_a)
    registry_b = read_registry(args.registry_b)
    _stage(bar, "train and score")
    threshold = LINK_THRESHOLD if args.threshold is None else args.threshold
    pairs = link_registries(registry_a, registry_b, threshold=threshold, seed=args.seed)
    _stage(bar, "write")
    count = write_rows(
        args.out,
        ("a_record_id", "b_record_id", "probability"),
        ((p.left_id, p.right_id, f"{p.probability:.6f}") for p in pairs),
    )
    _stage(bar, "done")
    print(f"{count} links -> {args.out}")
    return 0


def _trace(args: argparse.Namespace, bar: Any) -> int:
    from haven.engines.linkage import TRACE_THRESHOLD, TraceQuery, trace_relatives

    queries = read_queries(args.queries)
    registry = read_registry(args.registry)
    seekers = (
        {r["record_id"]: r for r in read_registry(args.seekers)} if args.seekers else {}
    )
    _stage(bar, "score")
    as_of: date = args.as_of or datetime.now(tz=UTC).date()
    results = trace_relatives(
        [
            TraceQuery(
                query_id=q["query_id"],
                name_as_remembered=q.get("name_as_remembered", ""),
                relation=q.get("relation", ""),
                approx_age=float(q["approx_age"]) if q.get("approx_age") else None,
                last_known_city=q.get("last_known_city", ""),
                nationality=q.get("nationality", ""),
                seeker=seekers.get(q.get("seeker_record_id", "")),
            )
            for q in queries
        ],
        registry,
        as_of=as_of,
        threshold=TRACE_THRESHOLD if args.threshold is None else args.threshold,
        seed=args.seed,
    )
    _stage(bar, "write")
    write_rows(
        args.out,
        ("query_id", "rank", "b_record_id", "probability"),
        (
            (r.query_id, c.rank, c.record_id, f"{c.probability:.6f}")
            for r in results
            for c in r.candidates
        ),
    )
    _stage(bar, "done")
    answered = sum(not r.no_match for r in results)
    print(f"{answered} of {len(results)} queries with candidates -> {args.out}")
    return 0


run_dedupe = _guarded(_dedupe)
run_link = _guarded(_link)
run_trace = _guarded(_trace)
