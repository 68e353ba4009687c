"""``haven demo-code USER``: the current second-factor code of a demo account."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    """Add the ``demo-code`` command."""
    parser = subparsers.add_parser(
        "demo-code",
        help="print the current 6-digit code of a demo account (local demo only)",
        description="Read the demo account's TOTP key from var/demo-accounts.json, "
        "written by `make run`, and print the code valid now. Real accounts use "
        "an authenticator app.",
    )
    parser.add_argument("username", help="a demo account, e.g. caseworker")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Print the code; exit 2 when the account is not a local demo account."""
    from haven.cli.setup import django_setup

    django_setup()
    import pyotp
    from django.conf import settings

    path = Path(settings.VAR_DIR) / "demo-accounts.json"
    accounts = json.loads(path.read_text()) if path.exists() else {}
    entry = accounts.get(args.username)
    if not isinstance(entry, dict) or not entry.get("totp"):
        print(
            f"haven demo-code: {args.username!r} is not a demo account of this "
            "machine (run `make run` first)",
            file=sys.stderr,
        )
        return 2
    print(pyotp.TOTP(entry["totp"]).now())
    return 0
