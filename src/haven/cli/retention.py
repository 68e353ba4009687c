"""``haven retention``: run the retention job, print the retention periods."""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from typing import Any


def register(subparsers: Any) -> None:
    """Add the ``retention`` command group."""
    parser = subparsers.add_parser(
        "retention",
        help="erase records past their retention date; print the periods",
        description="Records past their retention period are erased unless a legal "
        "hold stops it; the periods are proposals for the operator to set.",
    )
    verbs = parser.add_subparsers(dest="verb", metavar="VERB")
    verbs.required = True
    run = verbs.add_parser(
        "run",
        help="erase what is due, report what is held; exit 1 if anything is overdue",
    )
    run.add_argument("--json", action="store_true", help="print the report as JSON")
    run.set_defaults(handler=run_retention)
    policy = verbs.add_parser(
        "policy", help="print the retention period of each status"
    )
    policy.set_defaults(handler=run_policy)


def run_retention(args: argparse.Namespace) -> int:
    """Run the job once at the current time and print what it did."""
    from haven.cli.setup import django_setup

    django_setup()
    from haven.apps.retention.services import retention_run

    report = retention_run(now=datetime.now(UTC))
    if args.json:
        print(
            json.dumps(
                {
                    "now": report.now.isoformat(),
                    "erased": list(report.erased),
                    "held": [
                        {
                            "person_id": person_id,
                            "holds": [
                                {
                                    "kind": hold.kind,
                                    "source_type": hold.source_type,
                                    "source_id": hold.source_id,
                                }
                                for hold in holds
                            ],
                        }
                        for person_id, holds in report.held
                    ],
                    "overdue": list(report.overdue),
                    "sessions_deleted": report.sessions_deleted,
                    "idempotency_keys_deleted": report.idempotency_keys_deleted,
                    "exports_deleted": report.exports_deleted,
                }
            )
        )
    else:
        print(f"records erased: {len(report.erased)}")
        print(f"expired sessions deleted: {report.sessions_deleted}")
        print(f"stored API answers deleted: {report.idempotency_keys_deleted}")
        print(f"expired exports deleted: {report.exports_deleted}")
        print(f"records past their date but held: {len(report.held)}")
        for person_id, holds in report.held:
            kinds = ", ".join(
                f"{h.kind} ({h.source_type} {h.source_id})" for h in holds
            )
            print(f"  person {person_id}: {kinds}")
        print(f"records overdue: {len(report.overdue)}")
        for person_id in report.overdue:
            print(f"  person {person_id}")
    return 0 if report.ok else 1


def run_policy(args: argparse.Namespace) -> int:
    """Print the retention table: category, status, period and why."""
    from haven.apps.retention.policy import RULES

    for rule in RULES:
        if rule.keep_for is None:
            period = "while open"
        else:
            period = f"{rule.keep_for.days} days after {rule.starts}"
            if rule.keep_for.days == 0 and rule.keep_for.seconds:
                period = f"{rule.keep_for.seconds // 3600} hours after {rule.starts}"
        print(f"{rule.category:22} {rule.status:14} {period}")
        print(f"{'':37}{rule.basis}")
    return 0
