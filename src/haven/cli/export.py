"""``haven export decrypt FILE`` and ``haven export purge``: open and expire exports."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    """Add the ``export`` command group."""
    parser = subparsers.add_parser(
        "export",
        help="open an encrypted export, or delete expired exports",
        description="Exports leave haven sealed with AES-256-GCM under a one-time "
        "passphrase (docs/adr/0020) and are kept for 30 days.",
    )
    verbs = parser.add_subparsers(dest="verb", metavar="VERB")
    verbs.required = True
    decrypt = verbs.add_parser(
        "decrypt",
        help="open a sealed export (.hvx) with its passphrase",
        description="Ask for the passphrase (or read it from standard input with "
        "--passphrase-stdin) and write the file beside the export, without .hvx, "
        "or to --output. Needs no database.",
    )
    decrypt.add_argument("file", type=Path, help="the sealed export")
    decrypt.add_argument(
        "-o", "--output", type=Path, help="where to write the opened file"
    )
    decrypt.add_argument(
        "--passphrase-stdin",
        action="store_true",
        help="read the passphrase from the first line of standard input",
    )
    decrypt.add_argument(
        "--force", action="store_true", help="overwrite the output file if it exists"
    )
    decrypt.set_defaults(handler=run_decrypt)
    purge = verbs.add_parser(
        "purge",
        help="delete exports older than 30 days (run daily)",
        description="Delete every stored export past its expiry; audited.",
    )
    purge.set_defaults(handler=run_purge)


def run_decrypt(args: argparse.Namespace) -> int:
    """Open a sealed export and write the file it holds."""
    from haven.apps.exports.container import (
        SUFFIX,
        ExportContainerError,
        open_export,
    )

    source: Path = args.file
    if args.output is not None:
        target: Path = args.output
    elif source.suffix == SUFFIX:
        target = source.with_suffix("")
    else:
        print(f"haven export decrypt: {source}: name the output with --output")
        return 2
    if target.exists() and not args.force:
        print(f"haven export decrypt: {target}: exists; add --force to overwrite")
        return 2
    try:
        sealed = source.read_bytes()
    except OSError as error:
        print(f"haven export decrypt: {source}: {error.strerror}")
        return 2
    if args.passphrase_stdin:
        passphrase = sys.stdin.readline().strip()
    else:
        passphrase = getpass.getpass("passphrase: ")
    try:
        data = open_export(sealed, passphrase)
    except ExportContainerError as error:
        print(f"haven export decrypt: {source}: {error}")
        return 1
    target.write_bytes(data)
    print(f"wrote {target} ({len(data)} bytes)")
    return 0


def run_purge(args: argparse.Namespace) -> int:
    """Delete expired exports and print how many went."""
    from haven.cli.setup import django_setup

    django_setup()
    from django.utils import timezone

    from haven.apps.exports.services import purge_expired_exports

    removed = purge_expired_exports(now=timezone.now())
    print(f"deleted {removed} expired exports")
    return 0
