"""
``haven audit``: check the audit chain, export its signed head, list reads.

``haven audit reads`` answers the two questions of a breach response (specs/
security.md T-S17): who read one record, and what one member of staff read in a
time window. It prints audit rows as CSV: ids and names of staff and actions,
never a field's value. The clock is read here, not in the selectors.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from haven.apps.audit.breach import AuditRead

READS_COLUMNS = ("seq", "at", "actor", "action", "object_type", "object_id")
OBJECT = re.compile(r"(?P<type>[a-z][a-z0-9_]*):(?P<id>[^\s:]{1,64})")
DEFAULT_DAYS = 30


class ArgumentProblem(Exception):
    """A command-line value that cannot be used, with the option it came from."""

    def __init__(self, option: str, problem: str) -> None:
        super().__init__(f"{option}: {problem}")


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
    reads = verbs.add_parser(
        "reads",
        help="list who read a record, or what a user read (CSV)",
        description="Breach response: print, as CSV (seq, at, actor, action, "
        "object_type, object_id), every successful read of one record, or every "
        "read by one user in a time window. Reads are '*.read' events, exports "
        "made or downloaded and disclosures sent.",
    )
    which = reads.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--object",
        metavar="TYPE:ID",
        help="the record, by audit object type and id, e.g. person:42",
    )
    which.add_argument("--actor", metavar="USERNAME", help="the user, by user name")
    reads.add_argument(
        "--days",
        type=int,
        help=f"with --actor: the last N days up to now or --until "
        f"(default {DEFAULT_DAYS})",
    )
    reads.add_argument(
        "--since",
        metavar="ISO",
        help="with --actor: from this date or time (UTC unless it names a zone)",
    )
    reads.add_argument(
        "--until",
        metavar="ISO",
        help="with --actor: before this time, or to the end of this date "
        "(default: now)",
    )
    reads.add_argument(
        "--out",
        type=Path,
        metavar="FILE",
        help="write the CSV to a new file instead of standard output",
    )
    reads.set_defaults(handler=run_reads)


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


def _parse_object(value: str) -> tuple[str, str]:
    match = OBJECT.fullmatch(value)
    if match is None:
        raise ArgumentProblem(
            "--object", f"expected TYPE:ID such as person:42, got {value!r}"
        )
    return match["type"], match["id"]


def _parse_when(option: str, value: str, *, end_of_day: bool) -> datetime:
    """Return an aware UTC time; a bare date is its midnight (or the next one)."""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        pass
    else:
        start = datetime.combine(day, time(), tzinfo=UTC)
        return start + timedelta(days=1) if end_of_day else start
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ArgumentProblem(
            option, f"expected an ISO 8601 date or time, got {value!r}"
        ) from None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def reads_window(
    *, since: str | None, until: str | None, days: int | None, now: datetime
) -> tuple[datetime, datetime]:
    """Return ``[since, until)`` from the options; ``now`` ends an open window."""
    if days is not None and since is not None:
        raise ArgumentProblem("--days", "give --days or --since, not both")
    if days is not None and days < 1:
        raise ArgumentProblem("--days", f"must be at least 1, got {days}")
    end = now if until is None else _parse_when("--until", until, end_of_day=True)
    if since is not None:
        start = _parse_when("--since", since, end_of_day=False)
    else:
        start = end - timedelta(days=days or DEFAULT_DAYS)
    if end < start:
        raise ArgumentProblem("--until", "must not be before --since")
    return start, end


def _actor_of(username: str) -> tuple[int | None, str | None]:
    """Return (user id, None) for a user, (None, name) for an account-less actor."""
    from django.contrib.auth import get_user_model

    from haven.apps.audit.models import AuditEvent

    user_id = (
        get_user_model()
        .objects.filter(username=username)
        .values_list("pk", flat=True)
        .first()
    )
    if user_id is not None:
        return int(user_id), None
    # The retention job and the export purge act without an account.
    if AuditEvent.objects.filter(actor_id__isnull=True, actor_name=username).exists():
        return None, username
    raise ArgumentProblem("--actor", f"no user named {username!r}")


def _write_csv(rows: Iterator[AuditRead], out: IO[str]) -> int:
    from haven.apps.audit.chain import canonical_at
    from haven.apps.exports.cells import safe_cell

    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(READS_COLUMNS)
    count = 0
    for row in rows:
        writer.writerow(
            [
                row.seq,
                canonical_at(row.at),
                safe_cell(row.actor_name),
                safe_cell(row.action),
                safe_cell(row.object_type),
                safe_cell(row.object_id),
            ]
        )
        count += 1
    return count


def run_reads(args: argparse.Namespace) -> int:
    """Print every read of one object, or by one actor in a window, as CSV."""
    from haven.cli.setup import django_setup

    django_setup()
    from django.utils import timezone

    from haven.apps.audit.breach import reads_by_actor, reads_of_object

    try:
        if args.object is not None:
            for option in ("days", "since", "until"):
                if getattr(args, option) is not None:
                    raise ArgumentProblem(f"--{option}", "only with --actor")
            object_type, object_id = _parse_object(args.object)
            rows = reads_of_object(object_type=object_type, object_id=object_id)
        else:
            since, until = reads_window(
                since=args.since, until=args.until, days=args.days, now=timezone.now()
            )
            actor_id, actor_name = _actor_of(args.actor)
            rows = reads_by_actor(
                actor_id=actor_id, actor_name=actor_name, since=since, until=until
            )
        if args.out is not None:
            try:
                out = args.out.open("x", encoding="utf-8", newline="")
            except FileExistsError:
                raise ArgumentProblem(
                    "--out", f"{args.out} exists; name a new file"
                ) from None
            except OSError as error:
                raise ArgumentProblem("--out", str(error)) from None
            with out:
                count = _write_csv(rows, out)
        else:
            count = _write_csv(rows, sys.stdout)
    except ArgumentProblem as problem:
        print(f"haven audit reads: {problem}", file=sys.stderr)
        return 2
    print(f"haven audit reads: {count} reads", file=sys.stderr)
    return 0
