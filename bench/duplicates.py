"""
The duplicate scan, run as a background job, on the 7,000-person demo camp.

``python -m bench duplicates`` loads the demo camp (``HAVEN_BENCH_DUPLICATES_SIZE``
people, 7,000 by default, seed 2016, with its 50 planted twin registrations) into
a fresh SQLite database in a temporary directory, queues the scan as a job and
runs it in this process through the queue library's synchronous mode (what a
worker would do), then scores the bands against the planted pairs. Target (issue
17): at least 45 of the 50 planted pairs in the bands. The scan's time, the
recall of planted pairs, the band counts and the machine go to
bench/results/duplicates.json.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.machine import machine_info, peak_rss_mib, write_result

ROOT = Path(__file__).resolve().parents[1]
SIZE = int(os.environ.get("HAVEN_BENCH_DUPLICATES_SIZE", "7000"))
SEED = 2016
TARGET_FOUND = 45


def child() -> dict[str, Any]:
    """Load the camp, run the scan job, and return the measurements."""
    from haven.cli.setup import django_setup

    django_setup()
    from django.core.management import call_command
    from django_q.conf import Conf

    from haven.apps.accounts.models import User
    from haven.apps.core.actors import Actor
    from haven.apps.jobs.models import Job
    from haven.apps.jobs.services import job_enqueue
    from haven.apps.people.demo import demo_camp_load
    from haven.apps.people.models import Registration
    from haven.apps.tracing.jobs import SCAN_KIND
    from haven.apps.tracing.models import DuplicatePair
    from haven.synthetic import generate_camp
    from haven.synthetic.twins import demo_twins, twins_found

    call_command("migrate", verbosity=0)
    camp = generate_camp(SIZE, SEED, twins=demo_twins(SIZE))
    started = time.perf_counter()
    demo_camp_load(camp)
    loaded = time.perf_counter() - started
    user = User.objects.create_user(
        username="bench-caseworker",
        password=None,
        role="caseworker",
        agency="Safe Passage",
        team="north",
    )
    Conf.SYNC = True
    started = time.perf_counter()
    job = job_enqueue(kind=SCAN_KIND, params={}, actor=Actor.of_user(user))
    seconds = time.perf_counter() - started
    job = Job.objects.get(pk=job.pk)
    external = dict(Registration.objects.values_list("pk", "external_id"))
    pairs = [
        (external[left], external[right])
        for left, right in DuplicatePair.objects.filter(
            status=DuplicatePair.Status.OPEN
        ).values_list("left_id", "right_id")
    ]
    found = twins_found(camp, pairs)
    missed = [list(t.variations) for t in camp.planted_twins if t not in set(found)]
    return {
        "people": SIZE,
        "seed": SEED,
        "planted": len(camp.planted_twins),
        "found": len(found),
        "recall": round(len(found) / max(len(camp.planted_twins), 1), 3),
        "target_found": TARGET_FOUND,
        "met": len(found) >= TARGET_FOUND,
        "missed_variations": missed,
        "job_state": job.state,
        "job_result": job.result,
        "scan_seconds": round(seconds, 1),
        "load_seconds": round(loaded, 1),
        "bands": {
            band: DuplicatePair.objects.filter(band=band).count()
            for band in DuplicatePair.Band.values
        },
        "peak_rss_mib": round(peak_rss_mib(), 1),
    }


def main() -> None:
    """Run the measurement in a child process on a fresh database; write the JSON."""
    with tempfile.TemporaryDirectory(prefix="haven-bench-duplicates-") as tmp:
        env = {
            **os.environ,
            "HAVEN_VAR_DIR": tmp,
            "DJANGO_SETTINGS_MODULE": "haven.config.settings",
        }
        env.pop("DATABASE_URL", None)
        done = subprocess.run(  # noqa: S603  (this benchmark, in a child process)
            [sys.executable, "-m", "bench.duplicates", "--child"],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
    measured = json.loads(done.stdout.strip().splitlines()[-1])
    path = write_result(
        "duplicates", {"machine": machine_info(("splink", "duckdb")), **measured}
    )
    print(
        f"duplicate scan of {measured['people']} people: {measured['scan_seconds']} s, "
        f"{measured['found']}/{measured['planted']} planted pairs in the bands "
        f"({measured['bands']}); {path}"
    )


if __name__ == "__main__":
    if "--child" in sys.argv:
        print(json.dumps(child()))
    else:
        main()
