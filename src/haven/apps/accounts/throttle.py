"""
Log-in throttling per user name: at most 6 attempts a minute, a lock after 6 failures.

Names are counted whether or not an account has them, and stored hashed, so the
answer never tells an unknown name from a known one, and a password typed into the
name box is not kept (specs/security.md R-07, T-S7).
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction

from haven.apps.accounts.models import LoginThrottle

WINDOW = timedelta(minutes=1)


def _name_hash(username: str) -> str:
    return hashlib.sha256(b"login\x00" + username.strip().lower().encode()).hexdigest()


def login_attempt_allowed(*, username: str, now: datetime) -> bool:
    """Count one attempt for the name; return False when it is throttled or locked."""
    with transaction.atomic():
        row, _ = LoginThrottle.objects.select_for_update().get_or_create(
            name_hash=_name_hash(username), defaults={"window_start": now}
        )
        if row.locked_until is not None and row.locked_until > now:
            return False
        if now - row.window_start >= WINDOW:
            row.window_start, row.window_attempts = now, 0
        if row.window_attempts >= settings.LOGIN_ATTEMPTS_PER_MINUTE:
            row.save(update_fields=["window_start", "window_attempts"])
            return False
        row.window_attempts += 1
        row.save(update_fields=["window_start", "window_attempts"])
        return True


def login_failure_record(*, username: str, now: datetime) -> bool:
    """Count a failed attempt; return True when it locks the name."""
    with transaction.atomic():
        row, _ = LoginThrottle.objects.select_for_update().get_or_create(
            name_hash=_name_hash(username), defaults={"window_start": now}
        )
        row.failures += 1
        locked = row.failures >= settings.LOGIN_FAILURES_BEFORE_LOCK
        if locked:
            row.locked_until = now + timedelta(seconds=settings.LOGIN_LOCK_SECONDS)
            row.failures = 0
        row.save(update_fields=["failures", "locked_until"])
    return locked


def login_success_record(*, username: str) -> None:
    """Forget the failures of a name after a complete log-in."""
    LoginThrottle.objects.filter(name_hash=_name_hash(username)).update(
        failures=0, locked_until=None
    )
