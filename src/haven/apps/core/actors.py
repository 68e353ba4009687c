"""
Who acts: the member of staff, or the process, behind a write.

Every app reads the acting user's role here, so that the access policy, the
workflow's checks and the audit trail agree on it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest


@dataclass(frozen=True, slots=True)
class Actor:
    """Who does something: a staff user's name, or a process such as an import."""

    name: str
    user_id: int | None = None
    # The agency and team the staff member works in: a record they register is
    # held there (the access policy's scopes).
    agency: str = ""
    team: str = ""


def role_of(user: object) -> str | None:
    """Return an active, logged-in user's role; None for anyone else."""
    if not getattr(user, "is_authenticated", False) or not getattr(
        user, "is_active", False
    ):
        return None
    role = getattr(user, "role", None)
    return role if isinstance(role, str) and role else None


def actor_of(request: HttpRequest) -> Actor:
    """Return the acting staff member of a request."""
    user = request.user
    return Actor(
        name=user.get_username(),
        user_id=getattr(user, "pk", None),
        agency=getattr(user, "agency", ""),
        team=getattr(user, "team", ""),
    )
