"""
Breach-response queries over one million audit events (specs/security.md T-S17).

``python -m bench audit`` fills a fresh database with ``HAVEN_BENCH_AUDIT_EVENTS``
synthetic audit events (1,000,000 by default): about 2,000 staff, 200,000 objects
(people, households, tracing requests, exports, users), a year of reads, updates,
registrations, log-ins, failed log-ins, refusals, exports and disclosures, some
people and some staff far busier than others. The rows carry hashes of the right
shape but no valid chain: the queries do not read it.

Then, through ``haven.apps.audit.breach`` and ``haven audit reads``, it asks "who
read person X" and "what did user Y read in the last 30 days" for a busy, a typical
and an unknown object or user, several times each, and checks every answer against
the ground truth kept while generating. Target: each answer within 60 s, exactly
equal to the truth.

Each database runs in its own process: SQLite in a temporary directory, and
PostgreSQL in the database ``haven_bench_audit`` on ``HAVEN_BENCH_PG`` (default
postgres://postgres@127.0.0.1:5432), dropped and made again. Results, with the
machine, versions, load averages and CPU times, go to bench/results/audit.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.machine import machine_info, peak_rss_mib, write_result

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SERVER = os.environ.get("HAVEN_BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DATABASE = "haven_bench_audit"
EVENTS = int(os.environ.get("HAVEN_BENCH_AUDIT_EVENTS", "1000000"))
REPEATS = 5
TARGET_SECONDS = 60.0
SEED = 20161020
BATCH = 20_000

ACTORS = 2_000
BUSY_ACTORS = 50  # a tenth of all events comes from these
PEOPLE = 160_000
HOT_PEOPLE = 2_000  # a fifth of all person events touches these
HOUSEHOLDS = 25_000
TRACING_REQUESTS = 12_000
END = datetime(2026, 11, 1, tzinfo=UTC)
SPAN = timedelta(days=365)
WINDOW = timedelta(days=30)

# (weight, action, object type, outcome); "export" objects are numbered as made.
MIX: tuple[tuple[float, str, str, str], ...] = (
    (40.0, "person.read", "person", "success"),
    (5.0, "household.read", "household", "success"),
    (3.0, "tracing_request.read", "tracing_request", "success"),
    (12.0, "person.update", "person", "success"),
    (5.0, "person.register", "person", "success"),
    (2.0, "person.need_record", "person", "success"),
    (12.0, "auth.login", "user", "success"),
    (2.5, "auth.login", "user", "failure"),
    (4.0, "access.denied", "route", "denied"),
    (3.0, "tracing.search", "tracing_request", "success"),
    (1.0, "export.create", "export", "success"),
    (0.2, "export.create_plaintext", "export", "denied"),
    (1.0, "export.download", "export", "success"),
    (0.5, "disclosure.send", "disclosure", "success"),
    (0.3, "person.erase.request", "person", "success"),
    (8.5, "auth.logout", "user", "success"),
)
READS = frozenset(
    {
        "person.read",
        "household.read",
        "tracing_request.read",
        "export.create",
        "export.create_plaintext",
        "export.download",
        "disclosure.send",
    }
)
COLUMNS = (
    "seq",
    "at",
    "actor_id",
    "actor_name",
    "action",
    "object_type",
    "object_id",
    "outcome",
    "request_id",
    "ip_hash",
    "prev_hash",
    "hash",
    "mac",
)
# The questions: a busy, a typical and a never-read person; a busy and a typical
# member of staff, and a user name that never appears (user 2,001 exists, idle).
OBJECT_QUERIES = (("person", "17"), ("person", "98765"), ("person", "159999"))
ACTOR_QUERIES = (3, 1234, ACTORS + 1)

Row = tuple[Any, ...]


@dataclass
class Truth:
    """The expected answers, kept while generating, and counts of what was made."""

    of_object: dict[tuple[str, str], list[Row]] = field(default_factory=dict)
    by_actor: dict[int, list[Row]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)


def _hex(rng: random.Random, bits: int) -> str:
    return f"{rng.getrandbits(bits):0{bits // 4}x}"


def generate(events: int, truth: Truth) -> Iterator[Row]:
    """Yield ``events`` rows in ``seq`` order and fill ``truth`` on the way."""
    rng = random.Random(SEED)
    weights = [w for w, *_ in MIX]
    kinds = [k for _, *k in MIX]
    step_us = int(SPAN / timedelta(microseconds=1) / events)
    at = END - SPAN
    since = END - WINDOW
    truth.of_object = {key: [] for key in OBJECT_QUERIES}
    truth.by_actor = {actor: [] for actor in ACTOR_QUERIES}
    exports = reads = 0
    actors_seen: set[int] = set()
    objects_seen: set[tuple[str, str]] = set()
    prev = "0" * 64
    chosen = rng.choices(kinds, weights, k=events)
    for seq in range(1, events + 1):
        at += timedelta(microseconds=rng.randint(1, 2 * step_us))
        action, object_type, outcome = chosen[seq - 1]
        if rng.random() < 0.1:
            actor = rng.randint(1, BUSY_ACTORS)
        else:
            actor = rng.randint(1, ACTORS)
        if object_type == "person":
            if rng.random() < 0.2:
                number = rng.randint(1, HOT_PEOPLE)
            else:
                number = rng.randint(1, PEOPLE)
            object_id = str(number)
        elif object_type == "household":
            object_id = str(rng.randint(1, HOUSEHOLDS))
        elif object_type == "tracing_request":
            object_id = str(rng.randint(1, TRACING_REQUESTS))
        elif object_type == "user":
            object_id = str(actor)
        elif object_type == "route":
            object_id = rng.choice(("people:person_detail", "placements:ledger"))
        elif action == "export.create":
            exports += 1
            object_id = str(exports)
        elif object_type == "export":
            object_id = str(rng.randint(1, max(exports, 1)))
        else:
            object_id = str(rng.randint(1, 3_000))
        name = f"staff-{actor:04d}"
        mac = hashlib.sha256(seq.to_bytes(8, "big")).hexdigest()
        row: Row = (
            seq,
            at,
            actor,
            name,
            action,
            object_type,
            object_id,
            outcome,
            _hex(rng, 128),
            _hex(rng, 128),
            prev,
            mac[::-1],
            mac,
        )
        prev = mac[::-1]
        actors_seen.add(actor)
        objects_seen.add((object_type, object_id))
        if action in READS and outcome == "success":
            reads += 1
            answer = (seq, at, actor, name, action, object_type, object_id)
            wanted = truth.of_object.get((object_type, object_id))
            if wanted is not None:
                wanted.append(answer)
            by = truth.by_actor.get(actor)
            if by is not None and since <= at < END:
                by.append(answer)
        yield row
    truth.counts = {
        "events": events,
        "reads": reads,
        "actors": len(actors_seen),
        "objects": len(objects_seen),
        "people": sum(1 for kind, _ in objects_seen if kind == "person"),
        "exports": exports,
    }


def _batches(rows: Iterator[Row]) -> Iterator[list[Row]]:
    batch: list[Row] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _load(rows: Iterator[Row]) -> None:
    """Insert the rows in one transaction: COPY on PostgreSQL, executemany on SQLite."""
    from django.db import connection, transaction

    from haven.apps.audit.models import AuditEvent

    table = AuditEvent._meta.db_table
    columns = ", ".join(COLUMNS)
    with transaction.atomic():
        raw: Any = connection.connection
        if connection.vendor == "postgresql":
            with (
                raw.cursor() as cursor,
                cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,  # noqa: S608 (fixed names)
            ):
                for batch in _batches(rows):
                    for row in batch:
                        copy.write_row(row)
        else:
            adapt = connection.ops.adapt_datetimefield_value
            sql = (
                f"INSERT INTO {table} ({columns}) "  # noqa: S608 (fixed names)
                f"VALUES ({', '.join('?' * len(COLUMNS))})"
            )
            for batch in _batches(rows):
                raw.executemany(sql, [(r[0], adapt(r[1]), *r[2:]) for r in batch])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _staff() -> None:
    """Make the user accounts the actors stand for (ids 1..ACTORS + 1)."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from haven.apps.accounts.models import User

    unusable = make_password(None)
    with transaction.atomic():
        User.objects.bulk_create(
            User(
                id=number,
                username=f"staff-{number:04d}",
                password=unusable,  # nobody logs in to the benchmark
                role=User.Role.CASEWORKER,
            )
            for number in range(1, ACTORS + 2)
        )


def _timed(run: Any) -> tuple[list[Row], dict[str, Any]]:
    walls, cpus, answer = [], [], []
    for _ in range(REPEATS):
        wall, cpu = time.perf_counter(), time.process_time()
        answer = run()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return answer, {
        "wall_seconds": [round(s, 4) for s in walls],
        "wall_seconds_median": round(statistics.median(walls), 4),
        "wall_seconds_max": round(max(walls), 4),
        "client_cpu_seconds_median": round(statistics.median(cpus), 4),
    }


def _rows_of(reads: Iterator[Any]) -> list[Row]:
    return [
        (r.seq, r.at, r.actor_id, r.actor_name, r.action, r.object_type, r.object_id)
        for r in reads
    ]


def _plan(queryset: Any) -> str:
    return str(queryset.order_by("seq").explain())


def _cli_seconds(argv: list[str], out: Path) -> tuple[float, int]:
    from haven.cli.main import main

    out.unlink(missing_ok=True)
    wall = time.perf_counter()
    status = main(["audit", "reads", *argv, "--out", str(out)])
    seconds = time.perf_counter() - wall
    if status != 0:
        raise RuntimeError(f"haven audit reads {argv} exited {status}")
    lines = out.read_text().count("\n") - 1
    return seconds, lines


def run_backend(events: int, workdir: Path) -> dict[str, Any]:
    """Fill this process's database, ask the questions, return the measurements."""
    from django.core.management import call_command
    from django.db import connection

    from haven.apps.audit.breach import (
        reads_by_actor,
        reads_by_actor_queryset,
        reads_of_object,
        reads_of_object_queryset,
    )
    from haven.apps.audit.models import AuditEvent

    started_cpu = time.process_time()
    load_start = os.getloadavg()
    call_command("migrate", verbosity=0)
    _staff()
    truth = Truth()
    wall = time.perf_counter()
    _load(generate(events, truth))
    load_seconds = time.perf_counter() - wall
    stored = AuditEvent.objects.count()
    if stored != events:
        raise RuntimeError(f"stored {stored} events, generated {events}")
    since, until = END - WINDOW, END
    queries: list[dict[str, Any]] = []
    for object_type, object_id in OBJECT_QUERIES:
        answer, timing = _timed(
            lambda t=object_type, i=object_id: _rows_of(
                reads_of_object(object_type=t, object_id=i)
            )
        )
        expected = truth.of_object[(object_type, object_id)]
        plan = _plan(
            reads_of_object_queryset(object_type=object_type, object_id=object_id)
        )
        cli, cli_rows = _cli_seconds(
            ["--object", f"{object_type}:{object_id}"], workdir / "reads.csv"
        )
        queries.append(
            {
                "question": f"who read {object_type} {object_id}",
                "rows": len(answer),
                "expected_rows": len(expected),
                "exact_match": answer == expected and cli_rows == len(expected),
                **timing,
                "cli_wall_seconds": round(cli, 4),
                "plan": plan,
                "uses_index": "audit_object" in plan,
            }
        )
    for actor in ACTOR_QUERIES:
        answer, timing = _timed(
            lambda a=actor: _rows_of(
                reads_by_actor(actor_id=a, since=since, until=until)
            )
        )
        expected = truth.by_actor[actor]
        plan = _plan(reads_by_actor_queryset(actor_id=actor, since=since, until=until))
        cli, cli_rows = _cli_seconds(
            [
                "--actor",
                f"staff-{actor:04d}",
                "--since",
                since.isoformat(),
                "--until",
                until.isoformat(),
            ],
            workdir / "reads.csv",
        )
        queries.append(
            {
                "question": f"what did staff-{actor:04d} read in the last 30 days",
                "rows": len(answer),
                "expected_rows": len(expected),
                "exact_match": answer == expected and cli_rows == len(expected),
                **timing,
                "cli_wall_seconds": round(cli, 4),
                "plan": plan,
                "uses_index": "audit_actor_at" in plan,
            }
        )
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "database": connection.vendor,
        "server_version": _server_version(),
        "counts": {**truth.counts, "stored": stored},
        "load_seconds": round(load_seconds, 1),
        "queries": queries,
        "all_exact": all(q["exact_match"] for q in queries),
        "max_query_wall_seconds": max(
            max(q["wall_seconds_max"], q["cli_wall_seconds"]) for q in queries
        ),
        "process_cpu_seconds": round(time.process_time() - started_cpu, 1),
        "process_user_sys_seconds": [
            round(usage.ru_utime, 1),
            round(usage.ru_stime, 1),
        ],
        "peak_rss_mib": round(peak_rss_mib(), 1),
        "load_average": {
            "start": [round(x, 2) for x in load_start],
            "end": [round(x, 2) for x in os.getloadavg()],
        },
    }


def _server_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
        else:
            cursor.execute("SELECT sqlite_version()")
        return str(cursor.fetchone()[0])


def _fresh_postgres() -> str:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{DATABASE}"')
    return f"{SERVER}/{DATABASE}"


def _child(database_url: str, var_dir: Path, events: int) -> dict[str, Any]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "HAVEN_VAR_DIR": str(var_dir),
        "DJANGO_SETTINGS_MODULE": "haven.config.settings",
    }
    done = subprocess.run(  # noqa: S603 (this module, in a child process)
        [str(BIN / "python"), "-m", "bench.audit", "--child", str(events)],
        env=env,
        cwd=ROOT,
        check=True,
        stdout=subprocess.PIPE,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def main(events: int = EVENTS) -> None:
    load_before = os.getloadavg()
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="haven-bench-audit-") as tmp:
        sqlite_dir = Path(tmp) / "sqlite"
        sqlite_dir.mkdir()
        print(f"bench audit: SQLite, {events} events", file=sys.stderr, flush=True)
        results["sqlite"] = _child(
            f"sqlite:///{sqlite_dir / 'audit.sqlite3'}", sqlite_dir, events
        )
        pg_dir = Path(tmp) / "postgres"
        pg_dir.mkdir()
        print(f"bench audit: PostgreSQL, {events} events", file=sys.stderr, flush=True)
        results["postgresql"] = _child(_fresh_postgres(), pg_dir, events)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = {
        "machine": machine_info(("django", "psycopg")),
        "test": "T-S17 breach-response queries",
        "events": events,
        "repeats": REPEATS,
        "target": f"each answer <= {TARGET_SECONDS:.0f} s and exactly the truth",
        "met": all(
            r["all_exact"] and r["max_query_wall_seconds"] <= TARGET_SECONDS
            for r in results.values()
        ),
        "children_cpu_user_sys_seconds": [
            round(children.ru_utime, 1),
            round(children.ru_stime, 1),
        ],
        "load_average": {
            "start": [round(x, 2) for x in load_before],
            "end": [round(x, 2) for x in os.getloadavg()],
        },
        "note": "wall seconds per answer through haven.apps.audit.breach (rows "
        "materialised), and through 'haven audit reads --out' once; client CPU is "
        "this process only, PostgreSQL's own CPU is not in it",
        **results,
    }
    path = write_result("audit", result)
    summary = {
        name: [(q["question"], q["rows"], q["wall_seconds_max"]) for q in r["queries"]]
        for name, r in results.items()
    }
    print(json.dumps({"met": result["met"], **summary}, indent=2))
    print(f"wrote {path}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--child", type=int, metavar="EVENTS")
    parser.add_argument("--events", type=int, default=EVENTS)
    args = parser.parse_args()
    if args.child is not None:
        from haven.cli.setup import django_setup

        django_setup()
        with tempfile.TemporaryDirectory(prefix="haven-bench-audit-out-") as out:
            print(json.dumps(run_backend(args.child, Path(out)), default=str))
    else:
        main(args.events)
