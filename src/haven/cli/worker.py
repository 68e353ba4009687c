"""``haven worker``: run the background jobs (the queue library's cluster)."""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: Any) -> None:
    """Add the ``worker`` command."""
    parser = subparsers.add_parser(
        "worker",
        help="run background jobs until stopped (haven serve starts one)",
        description="Mark failed any job the last worker left running, sync the "
        "periodic jobs into the schedule, then run queued, delayed and periodic "
        "jobs until SIGTERM or Ctrl-C. Run one worker per database "
        "(docs/adr/0036).",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Recover, sync the schedules, and run the cluster until it is stopped."""
    from haven.cli.setup import django_setup

    django_setup()
    from django.db import connections
    from django.utils import timezone
    from django_q.cluster import Cluster

    from haven.apps.jobs.registry import schedules_sync
    from haven.apps.jobs.services import jobs_recover
    from haven.apps.operations.durability import durability_check_or_exit

    durability_check_or_exit()
    interrupted = jobs_recover(now=timezone.now())
    periodic = schedules_sync()
    print(
        f"haven worker: {len(interrupted)} interrupted job(s) marked failed, "
        f"{periodic} periodic job(s) scheduled",
        flush=True,
    )
    # The cluster forks its processes: none may inherit this process's connection.
    connections.close_all()
    cluster = Cluster()
    cluster.start()
    if cluster.sentinel is not None:
        cluster.sentinel.join()
    return 0
