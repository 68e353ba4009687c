"""``haven backup FILE`` and ``haven restore FILE``: sealed backups that restore."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    """Add the ``backup`` and ``restore`` commands."""
    backup = subparsers.add_parser(
        "backup",
        help="write an encrypted backup of the database",
        description="Take a consistent snapshot of the database, record its row "
        "counts and content hashes, and seal it with AES-256-GCM. The key comes from "
        "HAVEN_BACKUP_KEY, HAVEN_BACKUP_KEY_FILE or var/backup_key (made on first "
        "use): keep a copy of it away from the backups.",
    )
    backup.add_argument("file", type=Path, help="the backup file to write")
    backup.add_argument(
        "--drill",
        action="store_true",
        help="then restore the backup into a new empty database, compare it with "
        "the snapshot and drop it; exit 1 on any difference",
    )
    backup.set_defaults(handler=run_backup)
    restore = subparsers.add_parser(
        "restore",
        help="restore an encrypted backup into the database",
        description="Open and check a backup, restore it into the configured "
        "database (which must hold no data, unless --replace) and compare every "
        "table with the backup's row counts and content hashes. Stop the server "
        "first.",
    )
    restore.add_argument("file", type=Path, help="the backup file to restore")
    restore.add_argument(
        "--replace",
        action="store_true",
        help="replace the data the database holds now",
    )
    restore.set_defaults(handler=run_restore)


def run_backup(args: argparse.Namespace) -> int:
    """Write the backup; with --drill, prove that it restores."""
    from haven.cli.setup import django_setup

    django_setup()
    from django.utils import timezone

    from haven.apps.errors import ApplicationError
    from haven.apps.operations.backup import backup_create, restore_drill

    try:
        manifest = backup_create(args.file, now=timezone.now())
        print(
            f"backed up {len(manifest.tables)} tables, {manifest.rows} rows "
            f"({manifest.vendor}) to {args.file}"
        )
        if args.drill:
            report = restore_drill(args.file)
            for problem in report.problems:
                print(f"drill: {problem}")
            print(
                f"restore drill: {'passed' if report.ok else 'FAILED'} "
                f"in {report.seconds:.1f} s"
            )
            return 0 if report.ok else 1
    except ApplicationError as error:
        print(f"haven backup: {error.message}", file=sys.stderr)
        return 2
    return 0


def run_restore(args: argparse.Namespace) -> int:
    """Restore the backup and report any table that differs from it."""
    from haven.cli.setup import django_setup

    django_setup()
    from haven.apps.errors import ApplicationError
    from haven.apps.operations.backup import backup_restore

    if not args.file.is_file():
        print(f"haven restore: {args.file}: no such file", file=sys.stderr)
        return 2
    try:
        report = backup_restore(args.file, replace=args.replace)
    except ApplicationError as error:
        print(f"haven restore: {error.message}", file=sys.stderr)
        return 2
    for problem in report.problems:
        print(f"restore: {problem}")
    print(
        f"restored {len(report.manifest.tables)} tables, {report.manifest.rows} rows "
        f"made {report.manifest.created_at}: "
        f"{'identical' if report.ok else 'DIFFERENT'} ({report.seconds:.1f} s)"
    )
    return 0 if report.ok else 1
