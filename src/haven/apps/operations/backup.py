"""
Encrypted backups that are proven to restore (specs/security.md R-22, T-R6).

``backup_create`` takes a consistent snapshot (SQLite's online backup API; on
PostgreSQL ``pg_dump`` on a snapshot exported from a REPEATABLE READ transaction),
records its fingerprint (row count and content hash per table) and seals both with
AES-256-GCM (``sealing``). ``backup_restore`` opens a backup, restores it and checks
the restored database against the fingerprint. ``restore_drill`` restores into a
new, empty database, checks it and runs every check named in the
``HAVEN_RESTORE_CHECKS`` setting (dotted paths of ``check(cursor, vendor) ->
list[str]``, for instance an audit-chain verification), then drops it.
Plain-text copies never touch the disk: SQLite snapshots stay in memory and
``pg_dump`` streams through the seal.
"""

from __future__ import annotations

import io
import json
import os
import secrets
import shutil
import sqlite3
import subprocess  # noqa: S404  (pg_dump and pg_restore are the PostgreSQL tools)
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any, BinaryIO

from django.conf import settings
from django.db import connections
from django.utils.module_loading import import_string

from haven.apps.errors import ApplicationError
from haven.apps.operations.fingerprint import (
    TableFingerprint,
    database_fingerprint,
    fingerprint_differences,
    table_names,
)
from haven.apps.operations.sealing import CHUNK, backup_key, chunked, seal, unseal

FORMAT = 1


class BackupError(ApplicationError):
    """A backup or restore could not be done, or did not give the same data."""

    code = "backup_failed"


@dataclass(frozen=True, slots=True)
class BackupManifest:
    """What a backup holds: its database kind, when it was made, its fingerprint."""

    vendor: str
    created_at: str
    tables: dict[str, TableFingerprint]

    @property
    def rows(self) -> int:
        return sum(table.rows for table in self.tables.values())

    def to_bytes(self) -> bytes:
        return json.dumps(
            {
                "format": FORMAT,
                "vendor": self.vendor,
                "created_at": self.created_at,
                "tables": {
                    name: {"rows": t.rows, "sha256": t.sha256}
                    for name, t in sorted(self.tables.items())
                },
            }
        ).encode()

    @classmethod
    def from_bytes(cls, data: bytes) -> BackupManifest:
        try:
            value = json.loads(data)
            if value["format"] != FORMAT:
                raise BackupError(f"unknown backup format {value['format']!r}")
            return cls(
                vendor=str(value["vendor"]),
                created_at=str(value["created_at"]),
                tables={
                    name: TableFingerprint(int(t["rows"]), str(t["sha256"]))
                    for name, t in value["tables"].items()
                },
            )
        except (ValueError, KeyError, TypeError) as error:
            raise BackupError("the backup's manifest is unreadable") from error


@dataclass(frozen=True, slots=True)
class RestoreReport:
    """What a restore gave: the manifest, the problems found and how long it took."""

    manifest: BackupManifest
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems


def _key() -> bytes:
    return backup_key(Path(settings.VAR_DIR))


def _settings(alias: str) -> dict[str, Any]:
    connection = connections[alias]
    if connection.vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"cannot back up a {connection.vendor} database")
    return dict(connection.settings_dict) | {"vendor": connection.vendor}


def backup_create(
    output: Path, *, alias: str = "default", now: datetime
) -> BackupManifest:
    """Write a sealed backup of the database to ``output``; return its manifest."""
    db = _settings(alias)
    key = _key()
    partial = output.with_name(output.name + ".partial")
    with partial.open("wb") as handle:
        if db["vendor"] == "sqlite":
            manifest = _sqlite_backup(db, handle, key=key, now=now)
        else:
            manifest = _postgres_backup(db, handle, key=key, now=now)
        handle.flush()
        os.fsync(handle.fileno())
    partial.replace(output)
    return manifest


def _manifest_then(manifest: BackupManifest, body: Iterator[bytes]) -> Iterator[bytes]:
    data = manifest.to_bytes()
    if len(data) > CHUNK:
        raise BackupError("the manifest is too large")
    yield data
    yield from body


def _sqlite_backup(
    db: dict[str, Any], handle: BinaryIO, *, key: bytes, now: datetime
) -> BackupManifest:
    source = sqlite3.connect(db["NAME"], timeout=30)
    memory = sqlite3.connect(":memory:")
    try:
        source.backup(memory)
        manifest = BackupManifest(
            "sqlite", now.isoformat(), database_fingerprint(memory.cursor(), "sqlite")
        )
        snapshot = memory.serialize()
    finally:
        source.close()
        memory.close()
    seal(_manifest_then(manifest, chunked(io.BytesIO(snapshot))), handle, key=key)
    return manifest


def _pg_args(
    db: dict[str, Any], name: str | None = None
) -> tuple[list[str], dict[str, str]]:
    args = ["--no-password", "--dbname", name or db["NAME"]]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (Debian: postgresql-client)")
    return path


def _pg_connect(db: dict[str, Any], name: str | None = None, **kwargs: Any) -> Any:
    import psycopg

    return psycopg.connect(
        dbname=name or db["NAME"],
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        **kwargs,
    )


def _postgres_backup(
    db: dict[str, Any], handle: BinaryIO, *, key: bytes, now: datetime
) -> BackupManifest:
    args, env = _pg_args(db)
    with _pg_connect(db) as connection:
        cursor = connection.cursor()
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = str(cursor.fetchone()[0])
        manifest = BackupManifest(
            "postgresql", now.isoformat(), database_fingerprint(cursor, "postgresql")
        )
        # pg_dump reads the very snapshot the fingerprint was taken from. Its
        # messages go to a file, so that a full pipe can never block it.
        with (
            tempfile.TemporaryFile() as messages,
            subprocess.Popen(  # noqa: S603  (fixed program, arguments from settings)
                [
                    _tool("pg_dump"),
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    *args,
                ],
                stdout=subprocess.PIPE,
                stderr=messages,
                env=env,
            ) as dump,
        ):
            assert dump.stdout is not None  # noqa: S101  (set by stdout=PIPE)
            seal(_manifest_then(manifest, chunked(dump.stdout)), handle, key=key)
            if dump.wait() != 0:
                raise BackupError(f"pg_dump failed: {_messages(messages)}")
        connection.rollback()
    return manifest


def _messages(handle: IO[bytes]) -> str:
    handle.seek(0)
    return handle.read(2000).decode(errors="replace").strip()


def _open(path: Path) -> tuple[BackupManifest, Iterator[bytes], BinaryIO]:
    handle = path.open("rb")
    chunks = unseal(handle, key=_key())
    try:
        manifest = BackupManifest.from_bytes(next(chunks))
    except StopIteration as error:
        handle.close()
        raise BackupError("the backup is empty") from error
    except BaseException:
        handle.close()
        raise
    return manifest, chunks, handle


def backup_manifest(path: Path) -> BackupManifest:
    """Return the manifest of a sealed backup, checking that every chunk opens."""
    manifest, chunks, handle = _open(path)
    with handle:
        for _ in chunks:
            pass
    return manifest


def backup_restore(
    path: Path, *, alias: str = "default", replace: bool = False
) -> RestoreReport:
    """
    Restore a sealed backup into the configured database and check it.

    The database must hold no data unless ``replace`` is set. Raise BackupError
    when the backup cannot be restored; the report lists any table whose rows differ
    from the backup's fingerprint.
    """
    db = _settings(alias)
    connections[alias].close()
    return _restore(path, db, db["NAME"], replace=replace)


def _restore(
    path: Path, db: dict[str, Any], target: str, *, replace: bool
) -> RestoreReport:
    started = time.perf_counter()
    manifest, chunks, handle = _open(path)
    with handle:
        if manifest.vendor != db["vendor"]:
            raise BackupError(
                f"this is a {manifest.vendor} backup; the database is {db['vendor']}"
            )
        if db["vendor"] == "sqlite":
            found = _sqlite_restore(chunks, target, replace=replace)
        else:
            found = _postgres_restore(chunks, db, target, replace=replace)
    problems = fingerprint_differences(manifest.tables, found)
    return RestoreReport(manifest, problems, time.perf_counter() - started)


def _sqlite_has_data(cursor: Any) -> bool:
    for table in _data_tables(cursor, "sqlite"):
        cursor.execute(f'SELECT 1 FROM "{table}" LIMIT 1')  # noqa: S608  # nosec B608  # a table name from the catalogue
        if cursor.fetchone() is not None:
            return True
    return False


def _data_tables(cursor: Any, vendor: str) -> list[str]:
    """Return the tables that hold data of their own (not filled by migrations)."""
    filled_by_migrate = {"django_migrations", "django_content_type", "auth_permission"}
    return [t for t in table_names(cursor, vendor) if t not in filled_by_migrate]


def _sqlite_restore(
    chunks: Iterator[bytes], target: str, *, replace: bool
) -> dict[str, TableFingerprint]:
    memory = sqlite3.connect(":memory:")
    destination = sqlite3.connect(target, timeout=30)
    try:
        image = bytearray(b"".join(chunks))
        if len(image) >= 100:
            # Bytes 18 and 19 say "WAL" in a snapshot of a WAL database, which a
            # database in memory cannot open; 1 is the rollback journal. The
            # restored file is switched back to WAL below.
            image[18] = image[19] = 1
        memory.deserialize(bytes(image))
        check = memory.execute("PRAGMA integrity_check").fetchall()
        if check != [("ok",)]:
            raise BackupError(f"the backed-up database is damaged: {check[:3]}")
        if not replace and _sqlite_has_data(destination.cursor()):
            raise BackupError("the database already holds data; restore refused")
        memory.backup(destination)
        destination.execute("PRAGMA journal_mode=WAL")
        return database_fingerprint(destination.cursor(), "sqlite")
    finally:
        memory.close()
        destination.close()


def _postgres_restore(
    chunks: Iterator[bytes], db: dict[str, Any], target: str, *, replace: bool
) -> dict[str, TableFingerprint]:
    with _pg_connect(db, target, autocommit=True) as connection:
        cursor = connection.cursor()
        if not replace and _data_tables(cursor, "postgresql"):
            raise BackupError("the database already has tables; restore refused")
    args, env = _pg_args(db, target)
    options = ["--clean", "--if-exists"] if replace else []
    with (
        tempfile.TemporaryFile() as messages,
        subprocess.Popen(  # noqa: S603  (fixed program, arguments from settings)
            [
                _tool("pg_restore"),
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                *options,
                *args,
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=messages,
            env=env,
        ) as restore,
    ):
        assert restore.stdin is not None  # noqa: S101  (set by stdin=PIPE)
        try:
            for chunk in chunks:
                restore.stdin.write(chunk)
            restore.stdin.close()
        except BrokenPipeError:
            pass  # pg_restore stopped early; its status and messages say why
        except BaseException:
            restore.kill()
            raise
        if restore.wait() != 0:
            raise BackupError(f"pg_restore failed: {_messages(messages)}")
    with _pg_connect(db, target) as connection:
        return database_fingerprint(connection.cursor(), "postgresql")


def restore_drill(path: Path, *, alias: str = "default") -> RestoreReport:
    """
    Restore ``path`` into a new, empty database, check it, and drop that database.

    The checks are the backup's fingerprint and every ``HAVEN_RESTORE_CHECKS``
    function, which gets a cursor on the restored database and its kind.
    """
    db = _settings(alias)
    checks = [
        import_string(name) for name in getattr(settings, "HAVEN_RESTORE_CHECKS", ())
    ]
    if db["vendor"] == "sqlite":
        with tempfile.TemporaryDirectory(prefix="haven-drill-") as scratch:
            target = str(Path(scratch) / "drill.sqlite3")
            report = _restore(path, db, target, replace=False)
            connection = sqlite3.connect(target)
            try:
                extra = _run_checks(checks, connection.cursor(), "sqlite")
            finally:
                connection.close()
    else:
        target = f"{db['NAME']}_drill_{secrets.token_hex(4)}"
        with _pg_connect(db, "postgres", autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{target}"')
        try:
            report = _restore(path, db, target, replace=False)
            with _pg_connect(db, target) as connection:
                extra = _run_checks(checks, connection.cursor(), "postgresql")
        finally:
            with _pg_connect(db, "postgres", autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{target}"')
    return RestoreReport(report.manifest, report.problems + extra, report.seconds)


def _run_checks(checks: list[Any], cursor: Any, vendor: str) -> list[str]:
    problems: list[str] = []
    for check in checks:
        problems += [f"{check.__name__}: {p}" for p in check(cursor, vendor)]
    return problems
