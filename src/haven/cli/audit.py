"""``haven audit``: check the audit chain, export its signed head."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    """Add the ``audit`` command group."""
    parser = subparsers.add_parser(
        "audit",
        help="check the audit chain or export its signed head",
        description="The audit trail is append-only and hash-chained; its signed "
        "head, kept off the machine, shows a truncated tail.",
    )
    verbs = parser.add_subparsers(dest="verb", metavar="VERB")
    verbs.required = True
    verify = verbs.add_parser(
        "verify",
        help="check every row; exit 1 at the first bad sequence number",
    )
    verify.add_argument(
        "--anchor",
        type=Path,
        action="append",
        default=[],
        help="a head exported earlier by 'haven audit head' (repeatable)",
    )
    verify.set_defaults(handler=run_verify)
    head = verbs.add_parser(
        "head", help="print the signed head as JSON, to keep on another medium"
    )
    head.set_defaults(handler=run_head)


def run_verify(args: argparse.Namespace) -> int:
    """Check the chain against its stored head and the given anchors."""
    from haven.cli.setup import django_setup

    django_setup()
    from haven.apps.audit.chain import Head
    from haven.apps.audit.selectors import audit_chain_verify

    anchors = []
    for path in args.anchor:
        try:
            data = json.loads(path.read_text())
            anchors.append(Head(int(data["seq"]), data["hash"], data["signature"]))
        except (OSError, ValueError, KeyError, TypeError) as error:
            print(f"haven audit verify: {path}: not a head ({error})")
            return 2
    verdict = audit_chain_verify(anchors=anchors)
    if verdict.ok:
        print(f"audit chain sound: {verdict.checked} events")
        return 0
    print(
        f"audit chain broken at seq {verdict.first_bad_seq}: {verdict.reason} "
        f"({verdict.checked} events sound before it)"
    )
    return 1


def run_head(args: argparse.Namespace) -> int:
    """Print the stored head of the chain as JSON."""
    from haven.cli.setup import django_setup

    django_setup()
    from haven.apps.audit.selectors import audit_head_get

    head = audit_head_get()
    print(json.dumps({"seq": head.seq, "hash": head.hash, "signature": head.signature}))
    return 0
