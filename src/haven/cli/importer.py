"""``haven import FILE``: store registrations from CSV or JSON, reporting bad rows."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    """Add the ``import`` command."""
    parser = subparsers.add_parser(
        "import",
        help="import registrations from a CSV, JSON or JSON Lines file",
        description="Store every good row, report each bad row with its line number "
        "and reason, and skip rows already stored (a second run adds nothing).",
    )
    parser.add_argument(
        "file",
        type=Path,
        help="the .csv (UTF-8; commas, semicolons or tabs; header in any case), "
        ".json or .jsonl file",
    )
    parser.add_argument(
        "--actor", default="", help="who runs the import (default: import:FILE)"
    )
    parser.add_argument(
        "--agency",
        default="",
        help="the agency that holds the imported records (default: none, so only "
        "roles that see every agency's records see them)",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument(
        "--batch-size",
        type=int,
        default=250,
        help="rows per transaction (default: 250)",
    )
    parser.add_argument(
        "--ack-log",
        type=Path,
        help="append the external id of each stored row to this file once its "
        "batch is committed (flushed to disk before the next batch starts)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Import the file; exit 0 when every row was stored or skipped, 1 otherwise."""
    from haven.cli.setup import django_setup

    django_setup()
    from django.utils import timezone
    from tqdm import tqdm

    from haven.apps.core.actors import Actor
    from haven.apps.people.imports import (
        ImportFileError,
        read_rows,
        registrations_import,
    )

    path: Path = args.file
    if not path.is_file():
        print(f"haven import: {path}: no such file", file=sys.stderr)
        return 2
    if args.batch_size < 1:
        print("haven import: --batch-size must be at least 1", file=sys.stderr)
        return 2
    actor = Actor(name=args.actor or f"import:{path.name}", agency=args.agency)
    with (
        tqdm(desc="rows", unit="row", file=sys.stderr, disable=args.quiet) as bar,
        _AckLog(args.ack_log) as ack_log,
    ):
        try:
            report = registrations_import(
                read_rows(path),
                actor=actor,
                now=timezone.now(),
                progress=bar.update,
                batch_size=args.batch_size,
                committed=ack_log.append if args.ack_log else None,
            )
        except ImportFileError as error:
            print(f"haven import: {error.message}", file=sys.stderr)
            return 2
    for rejected in report.rejected:
        print(f"rejected {rejected}")
    print(
        f"read {report.read} rows: stored {report.stored}, "
        f"already stored {report.skipped}, "
        f"rejected {len(report.rejected)}"
    )
    return 1 if report.rejected else 0


class _AckLog:
    """An append-only file of acknowledged external ids, each batch synced to disk."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.handle: Any = None

    def __enter__(self) -> _AckLog:
        if self.path is not None:
            self.handle = self.path.open("a", encoding="utf-8")
        return self

    def __exit__(self, *exc: object) -> None:
        if self.handle is not None:
            self.handle.close()

    def append(self, external_ids: list[str]) -> None:
        """Write one line per id and return only once they are on disk."""
        if not external_ids:
            return
        self.handle.write("".join(f"{ident}\n" for ident in external_ids))
        self.handle.flush()
        os.fsync(self.handle.fileno())
