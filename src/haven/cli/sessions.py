"""
``haven sessions``: list a member of staff's live sessions, end one or all of them.

For the operator on the server, beside the administrator's pages: after a lost
laptop or a suspected break-in, every session of the account can be ended at once
(specs/security.md R-06, T-S6(f)). Session keys are never printed; a session is
named by its id. The clock is read here, not in the services.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

COLUMNS = ("id", "logged_in_at", "idle_until", "ends_by")


def register(subparsers: Any) -> None:
    """Add the ``sessions`` command group."""
    parser = subparsers.add_parser(
        "sessions",
        help="list or end a member of staff's live sessions",
        description="Sessions live on the server; ending one logs that browser "
        "out at its next request.",
    )
    verbs = parser.add_subparsers(dest="verb", metavar="VERB")
    verbs.required = True
    listing = verbs.add_parser("list", help="print the user's live sessions")
    listing.add_argument("username", help="the member of staff, by user name")
    listing.set_defaults(handler=run_list)
    end = verbs.add_parser("end", help="end one session (--id) or every session")
    end.add_argument("username", help="the member of staff, by user name")
    end.add_argument(
        "--id",
        type=int,
        dest="session_id",
        metavar="N",
        help="the session's id from 'haven sessions list'; without it, all end",
    )
    end.set_defaults(handler=run_end)


def _user(username: str) -> Any:
    from haven.apps.accounts.models import User

    user = User.objects.filter(username=username).first()
    if user is None:
        print(f"haven sessions: username: no user named {username!r}", file=sys.stderr)
    return user


def run_list(args: argparse.Namespace) -> int:
    """Print the live sessions, newest first, as aligned columns."""
    from haven.cli.setup import django_setup

    django_setup()
    from django.utils import timezone

    from haven.apps.accounts.sessions import user_session_rows

    user = _user(args.username)
    if user is None:
        return 2
    rows = user_session_rows(user=user, now=timezone.now())
    if not rows:
        print(f"{user.username} has no live session")
        return 0
    print("  ".join(f"{c:<20}" for c in COLUMNS).rstrip())
    for row in rows:
        cells = (
            str(row.id),
            row.opened_at.isoformat(timespec="seconds"),
            row.idle_until.isoformat(timespec="seconds"),
            row.ends_by.isoformat(timespec="seconds"),
        )
        print("  ".join(f"{c:<20}" for c in cells).rstrip())
    return 0


def run_end(args: argparse.Namespace) -> int:
    """End the session named by --id, or every session of the user."""
    from haven.cli.setup import console_actor, django_setup

    django_setup()
    from haven.apps.accounts.sessions import user_session_end, user_sessions_end
    from haven.apps.core.actors import Actor
    from haven.apps.errors import ApplicationError

    user = _user(args.username)
    if user is None:
        return 2
    if args.session_id is None:
        ended = user_sessions_end(user=user, actor=Actor(name=console_actor()))
        print(f"ended {ended} session(s) of {user.username}")
        return 0
    try:
        user_session_end(
            user=user, session_id=args.session_id, actor=Actor(name=console_actor())
        )
    except ApplicationError:
        print(
            f"haven sessions: --id: {user.username} has no session {args.session_id}",
            file=sys.stderr,
        )
        return 2
    print(f"ended session {args.session_id} of {user.username}")
    return 0
