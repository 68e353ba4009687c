"""Reads of staff accounts for the administrator's pages: never a secret or a key."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from haven.apps.accounts.models import TotpDevice, User


def staff_accounts(*, now: datetime) -> QuerySet[User]:
    """
    Return every account with ``mfa`` (authenticator set up) and ``live`` sessions.

    A session is live at ``now`` while it exists on the server, is not idle past
    its expiry and is younger than the absolute limit.
    """
    enrolled = TotpDevice.objects.filter(
        user=OuterRef("pk"), confirmed_at__isnull=False
    )
    opened_after = now - timedelta(seconds=settings.SESSION_ABSOLUTE_AGE)
    return (
        User.objects.annotate(
            mfa=Exists(enrolled),
            live=Count(
                "sessions",
                filter=Q(
                    sessions__session_key__in=Session.objects.filter(
                        expire_date__gt=now
                    ).values("session_key"),
                    sessions__created_at__gt=opened_after,
                ),
            ),
        )
        .order_by("agency", "team", "username")
        .only("username", "role", "agency", "team", "is_active", "last_login")
    )


def staff_account_get(*, pk: int) -> User | None:
    """Return the account, or None."""
    return User.objects.filter(pk=pk).first()


def mfa_enrolled(*, user: User) -> bool:
    """Return True when the account's authenticator is set up."""
    return TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).exists()
