"""
Sessions of staff users: listed, ended one by one or all at once.

Each log-in records its session key, so that ending a user's sessions (on logout,
when the account is disabled, or by an administrator) deletes them on the server,
not only in the browser (specs/security.md R-06, T-S6).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import QuerySet

from haven.apps.accounts.models import User, UserSession
from haven.apps.audit.services import audit_record
from haven.apps.core.actors import Actor
from haven.apps.errors import NotFoundError


@dataclass(frozen=True, slots=True)
class SessionRow:
    """One live session as an administrator sees it: never its key."""

    id: int
    opened_at: datetime
    idle_until: datetime
    ends_by: datetime


def user_session_open(*, user: User, session_key: str, now: datetime) -> None:
    """Remember that a log-in opened this session for the user."""
    UserSession.objects.update_or_create(
        session_key=session_key, defaults={"user": user, "created_at": now}
    )


def user_sessions(*, user: User) -> QuerySet[UserSession]:
    """Return the user's sessions that still exist on the server, newest first."""
    live = Session.objects.values("session_key")
    return UserSession.objects.filter(user=user, session_key__in=live).order_by(
        "-created_at"
    )


def user_session_rows(*, user: User, now: datetime) -> list[SessionRow]:
    """
    Return the user's sessions still live at ``now``, newest first.

    A session ends when it has been idle until ``idle_until`` (its server expiry,
    renewed by activity) or at ``ends_by``, the absolute limit after log-in.
    """
    absolute = timedelta(seconds=settings.SESSION_ABSOLUTE_AGE)
    expiry = dict(
        Session.objects.filter(
            session_key__in=UserSession.objects.filter(user=user).values("session_key"),
            expire_date__gt=now,
        ).values_list("session_key", "expire_date")
    )
    rows = UserSession.objects.filter(user=user, session_key__in=list(expiry)).order_by(
        "-created_at"
    )
    return [
        SessionRow(
            id=row.pk,
            opened_at=row.created_at,
            idle_until=expiry[row.session_key],
            ends_by=row.created_at + absolute,
        )
        for row in rows
        if row.created_at + absolute > now
    ]


def _audit(action: str, user: User, actor: Actor | None) -> None:
    """Audit an action on a user's account by staff or the console (``actor``)."""
    audit_record(
        action=action,
        actor_id=actor.user_id if actor else None,
        actor_name=actor.name if actor else "",
        object_type="user",
        object_id=user.pk,
    )


def user_session_end(
    *, user: User, session_id: int, actor: Actor | None = None
) -> None:
    """End one of the user's sessions, named by its id (never by its key)."""
    with transaction.atomic():
        row = UserSession.objects.filter(user=user, pk=session_id).first()
        if row is None:
            raise NotFoundError(
                "the session was not found",
                field_errors={
                    "session": [f"user {user.pk} has no session {session_id}"]
                },
            )
        Session.objects.filter(session_key=row.session_key).delete()
        row.delete()
        _audit("auth.session_end", user, actor)


def user_sessions_end(*, user: User, actor: Actor | None = None) -> int:
    """Delete every session of the user on the server; return how many."""
    with transaction.atomic():
        keys = list(
            UserSession.objects.filter(user=user).values_list("session_key", flat=True)
        )
        ended, _ = Session.objects.filter(session_key__in=keys).delete()
        UserSession.objects.filter(user=user).delete()
        _audit("auth.sessions_end", user, actor)
    return ended


def user_disable(*, user: User, actor: Actor | None = None) -> bool:
    """
    Disable an account and end all its sessions, in one transaction.

    Return False, and record nothing, when the account was already disabled.
    """
    with transaction.atomic():
        if not User.objects.filter(pk=user.pk, is_active=True).update(is_active=False):
            user.is_active = False
            return False
        user.is_active = False
        _audit("auth.user_disable", user, actor)
        user_sessions_end(user=user, actor=actor)
    return True


def user_enable(*, user: User, actor: Actor | None = None) -> bool:
    """
    Enable a disabled account again; it logs in afresh, with its second factor.

    Return False, and record nothing, when the account was already active.
    """
    with transaction.atomic():
        if not User.objects.filter(pk=user.pk, is_active=False).update(is_active=True):
            user.is_active = True
            return False
        user.is_active = True
        _audit("auth.user_enable", user, actor)
    return True
