"""
Load benchmark of the registration and search API (specs/security.md §8.2).

gunicorn serves haven on loopback from a PostgreSQL database holding a synthetic camp
of ``HAVEN_BENCH_PEOPLE`` people (100,000 by default; 1,000,000 with
``HAVEN_BENCH_PEOPLE=1000000``), loaded with the bulk loader of the demo camp. An
open-loop generator (threads and ``http.client``) then sends:

1. a mix of registrations (20%) and name searches (80%) at 200 requests a second
   for ``HAVEN_BENCH_SECONDS`` (30 by default); target p99 <= 100 ms, no errors;
2. name searches alone in Latin, Arabic and other scripts at 20 a second;
   target p95 <= 300 ms.

Latency is measured from each request's scheduled start, so a stalled server is
not hidden by a generator that waits for it (coordinated omission). The database
``haven_bench`` on ``HAVEN_BENCH_PG`` (default postgres://postgres@127.0.0.1:5432)
is kept between runs and filled up to the size asked. Results go to
bench/results/load.json.
"""

from __future__ import annotations

import http.client
import json
import os
import queue
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from bench.machine import machine_info, write_result

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SERVER = os.environ.get("HAVEN_BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DATABASE = "haven_bench"
SLICE = 25_000


def _env() -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"{SERVER}/{DATABASE}",
        "DJANGO_SETTINGS_MODULE": "haven.config.settings",
    }


def _ensure_database() -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        exists = admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]
        ).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{DATABASE}"')
    subprocess.run(  # noqa: S603  (the project's own manage.py)
        [str(BIN / "python"), str(ROOT / "manage.py"), "migrate", "-v0"],
        env=_env(),
        check=True,
        cwd=ROOT,
    )


def populate(target: int) -> dict[str, Any]:
    """Fill the bench database up to ``target`` people; return the session to use."""
    from haven.cli.setup import django_setup

    django_setup()
    from django.test import Client

    from haven.apps.accounts.middleware import AUTH_AT, MFA_VERIFIED
    from haven.apps.accounts.models import User
    from haven.apps.people.demo import demo_camp_load
    from haven.apps.people.models import Person
    from haven.synthetic import generate_camp

    started = time.perf_counter()
    seed = 10_001
    while (count := Person.objects.count()) < target:
        prefix = f"D{seed}-"
        if not Person.objects.filter(registration_number__startswith=prefix).exists():
            print(f"loading slice {seed}: {count} people so far", file=sys.stderr)
            demo_camp_load(generate_camp(SLICE, seed))
        seed += 1
    loaded_in = time.perf_counter() - started
    from django.db import connection

    # Statistics and visibility map as autovacuum would leave them (it may be off
    # on the benchmark's server): index-only scans of name keys depend on the map.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    sample = list(
        Person.objects.order_by("?").values_list(
            "given_name", "family_name", "name_native"
        )[:400]
    )
    user, _ = User.objects.get_or_create(
        username="bench", defaults={"role": User.Role.REGISTRATION_CLERK}
    )
    client = Client()
    client.force_login(user)
    # The session of a clerk who logged in and passed the second factor.
    session = client.session
    session[AUTH_AT] = time.time()
    session[MFA_VERIFIED] = True
    session.save()
    return {
        "people": Person.objects.count(),
        "load_seconds": round(loaded_in, 1),
        "session": client.cookies["sessionid"].value,
        "names": sample,
    }


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _call(port: int, path: str, body: dict[str, Any], headers: dict[str, str]) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("POST", path, body=json.dumps(body), headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _summary(samples: list[tuple[str, float, int]], kind: str | None) -> dict[str, Any]:
    chosen = [s for s in samples if kind is None or s[0] == kind]
    latencies = [1000 * latency for _, latency, _ in chosen]
    errors = sum(1 for _, _, status in chosen if status not in (200, 201))
    return {
        "requests": len(chosen),
        "errors": errors,
        "p50_ms": round(_percentile(latencies, 0.50), 1),
        "p95_ms": round(_percentile(latencies, 0.95), 1),
        "p99_ms": round(_percentile(latencies, 0.99), 1),
        "max_ms": round(max(latencies, default=float("nan")), 1),
    }


def _open_loop(
    port: int,
    headers: dict[str, str],
    requests: list[tuple[str, str, dict[str, Any]]],
    rate: float,
    threads: int = 48,
) -> tuple[list[tuple[str, float, int]], float]:
    """Send ``requests`` at ``rate`` a second; return (kind, latency, status) each."""
    tasks: queue.Queue[tuple[float, str, str, dict[str, Any]] | None] = queue.Queue()
    samples: list[tuple[str, float, int]] = []
    lock = threading.Lock()

    def worker() -> None:
        while (task := tasks.get()) is not None:
            due, kind, path, body = task
            delay = due - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            try:
                status = _call(port, path, body, headers)
            except OSError:
                status = 0
            latency = time.perf_counter() - due
            with lock:
                samples.append((kind, latency, status))

    pool = [threading.Thread(target=worker, daemon=True) for _ in range(threads)]
    for thread in pool:
        thread.start()
    start = time.perf_counter() + 0.5
    for index, (kind, path, body) in enumerate(requests):
        tasks.put((start + index / rate, kind, path, body))
    for _ in pool:
        tasks.put(None)
    for thread in pool:
        thread.join()
    return samples, time.perf_counter() - start


def _registration(rng: random.Random, names: list[Any], n: int) -> dict[str, Any]:
    given, family, native = rng.choice(names)
    return {
        "person": {
            "name": {
                "given_name": given or "Ahmed",
                "family_name": family,
                "native": native,
            },
            "sex": rng.choice("FM"),
            "date_of_birth": f"{rng.randint(1960, 1997)}-01-01",
            "dob_precision": "year",
            "nationalities": [rng.choice(["SD", "ER", "AF", "SY", "IQ"])],
        },
        "registration": {
            "source_kind": "ngo_census",
            "source_name": "haven load benchmark",
            "registered_by": "bench",
            "registered_at": "2016-10-20T10:00:00Z",
            "external_id": f"bench-{time.time_ns()}-{n}",
        },
    }


def _search(rng: random.Random, names: list[Any]) -> dict[str, Any]:
    given, family, native = rng.choice(names)
    native_words = native.split()
    if native_words and rng.random() < 0.4:
        query = " ".join(native_words[:2])
    else:
        query = " ".join(part for part in (given, family) if part) or native
    return {"q": query, "limit": 20}


def _serve(port: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(  # noqa: S603  (the project's own server)
        [
            str(BIN / "gunicorn"),
            "haven.config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "4",
            "--log-level",
            "warning",
        ],
        env=_env(),
        cwd=ROOT,
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError("gunicorn did not start")


def _stop_on_sigterm(signum: int, frame: Any) -> None:
    raise SystemExit(128 + signum)


def main() -> None:
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    target = int(os.environ.get("HAVEN_BENCH_PEOPLE", "100000"))
    seconds = int(os.environ.get("HAVEN_BENCH_SECONDS", "30"))
    _ensure_database()
    filled = subprocess.run(  # noqa: S603  (this module, in a child process)
        [str(BIN / "python"), "-m", "bench.load", "--populate", str(target)],
        env=_env(),
        cwd=ROOT,
        check=True,
        stdout=subprocess.PIPE,
    )
    data = json.loads(filled.stdout)
    names = [tuple(n) for n in data["names"]]
    csrf = "b" * 32
    headers = {
        "Content-Type": "application/json",
        "Cookie": f"sessionid={data['session']}; csrftoken={csrf}",
        "X-CSRFToken": csrf,
    }
    rng = random.Random(2016)
    rate = 200.0
    mixed = [
        ("register", "/api/v1/people/", _registration(rng, names, n))
        if rng.random() < 0.2
        else ("search", "/api/v1/people/search/", _search(rng, names))
        for n in range(int(rate * seconds))
    ]
    searches = [
        ("search", "/api/v1/people/search/", _search(rng, names))
        for _ in range(20 * seconds)
    ]
    port = _free_port()
    load_before = os.getloadavg()
    server = _serve(port)
    try:
        _open_loop(port, headers, searches[:200], 50.0)  # warm-up, not counted
        load, load_elapsed = _open_loop(port, headers, mixed, rate)
        search, _ = _open_loop(port, headers, searches, 20.0, threads=16)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    load_after = os.getloadavg()
    overall = _summary(load, None)
    search_alone = _summary(search, None)
    result = {
        "machine": machine_info(("django", "gunicorn", "psycopg")),
        "database": "postgresql",
        "load_average": {
            "start": [round(x, 2) for x in load_before],
            "end": [round(x, 2) for x in load_after],
        },
        "people": data["people"],
        "load_seconds": data["load_seconds"],
        "server": "gunicorn, 4 sync workers, loopback",
        "generator": "open loop, Python threads and http.client, same machine",
        "mixed_load": {
            "target_rate_per_s": rate,
            "achieved_rate_per_s": round(len(load) / load_elapsed, 1),
            "seconds": seconds,
            "overall": overall,
            "register": _summary(load, "register"),
            "search": _summary(load, "search"),
            "target": "p99 <= 100 ms and 0 errors",
            "met": overall["p99_ms"] <= 100 and overall["errors"] == 0,
        },
        "search_alone": {
            "rate_per_s": 20,
            **search_alone,
            "target": "p95 <= 300 ms",
            "met": search_alone["p95_ms"] <= 300 and search_alone["errors"] == 0,
        },
    }
    path = write_result("load", result)
    print(
        json.dumps(
            {k: result[k] for k in ("people", "mixed_load", "search_alone")}, indent=2
        )
    )
    print(f"wrote {path}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--populate"]:
        print(json.dumps(populate(int(sys.argv[2]))))
    else:
        main()
