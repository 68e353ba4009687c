"""``haven transfers sweep``: mark overdue people missing and raise their alerts."""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: Any) -> None:
    """Add the ``transfers`` command group."""
    parser = subparsers.add_parser(
        "transfers",
        help="run the missing-person sweep of transfers",
        description="The pages and the API run the sweep when they are opened; a "
        "timer runs it when nobody is looking (docs/operations.md).",
    )
    verbs = parser.add_subparsers(dest="verb", metavar="VERB")
    verbs.required = True
    sweep = verbs.add_parser(
        "sweep",
        help="mark missing everyone not checked in by the set time; raise alerts",
        description="Prints the id of each alert raised, its manifest and line, "
        "and the number of open alerts; never names. Exits 0 unless the database "
        "cannot be reached.",
    )
    sweep.set_defaults(handler=run_sweep)


def run_sweep(args: argparse.Namespace) -> int:
    """Run ``missing_sweep`` now and print what it raised, by id only."""
    from haven.cli.setup import django_setup

    django_setup()
    from django.utils import timezone

    from haven.apps.transfers.selectors import open_alerts
    from haven.apps.transfers.services import missing_sweep

    now = timezone.now()
    raised = missing_sweep(now=now)
    print(
        f"missing-person sweep at {now.isoformat(timespec='seconds')}: "
        f"{len(raised)} alert{'' if len(raised) == 1 else 's'} raised"
    )
    for alert in raised:
        print(
            f"alert {alert.pk} manifest {alert.entry.manifest.reference} "
            f"line {alert.entry_id}"
        )
    print(f"open alerts: {open_alerts().count()}")
    return 0
