"""Create staff accounts."""

from __future__ import annotations

import secrets

from django.db import transaction

from haven.apps.accounts.models import User


def user_create(
    *, username: str, role: str, agency: str, password: str | None = None
) -> tuple[User, str]:
    """Create a staff user; return it and its password (generated if not given)."""
    if role not in User.Role.values:
        raise ValueError(f"role: unknown role {role!r}")
    password = password or secrets.token_urlsafe(12)
    with transaction.atomic():
        user = User.objects.create_user(
            username=username, password=password, role=role, agency=agency
        )
    return user, password
