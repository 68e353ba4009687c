"""
Who acts: the member of staff, or the process, behind a write.

Every app reads the acting user's role here, so that the access policy, the
workflow's checks and the audit trail agree on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from haven.apps.errors import PermissionDeniedError


@dataclass(frozen=True, slots=True)
class Actor:
    """
    Who does something: a member of staff in their role, or a process.

    The services take their actor as this one type. ``user_id`` is None for a
    process such as an import or the retention job; ``role`` is empty when the
    actor has none (the workflow then allows no step).
    """

    name: str
    user_id: int | None = None
    role: str = ""
    # The agency and team the staff member works in: a record they register is
    # held there (the access policy's scopes).
    agency: str = ""
    team: str = ""

    @property
    def staff_id(self) -> int:
        """Return the acting member of staff's user id; a process may not act here."""
        if self.user_id is None:
            raise PermissionDeniedError(f"{self.name} is not a member of staff")
        return self.user_id

    @classmethod
    def of_user(cls, user: Any) -> Actor:
        """Return a member of staff as the actor, e.g. the user a command names."""
        return cls(
            name=user.get_username(),
            user_id=getattr(user, "pk", None),
            role=role_of(user) or "",
            agency=getattr(user, "agency", ""),
            team=getattr(user, "team", ""),
        )

    @classmethod
    def of_request(cls, request: Any) -> Actor:
        """Return the member of staff behind a page's or an API's request."""
        return cls.of_user(request.user)


def role_of(user: object) -> str | None:
    """
    Return an actor's role, or an active, logged-in user's; None for anyone else.

    An ``Actor`` holds the role its user had when it was made, so the access
    policy's role questions (not its scopes, which read the user) take either.
    """
    if isinstance(user, Actor):
        return user.role or None
    if not getattr(user, "is_authenticated", False) or not getattr(
        user, "is_active", False
    ):
        return None
    role = getattr(user, "role", None)
    return role if isinstance(role, str) and role else None
