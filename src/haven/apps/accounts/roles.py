"""
Which roles may register, read and edit people.

A first, coarse policy; specs/security.md R-01 asks for a declarative policy down to
the field, which replaces this table when it lands. Unknown roles get nothing.
"""

from __future__ import annotations

from typing import Final

from haven.apps.accounts.models import User

_R = User.Role

PEOPLE_READ: Final = frozenset(
    {
        _R.REGISTRATION_CLERK,
        _R.CASEWORKER,
        _R.SUPERVISOR,
        _R.HEALTH_OFFICER,
        _R.PROTECTION_SPECIALIST,
        _R.DUBLIN_OFFICER,
    }
)
PEOPLE_WRITE: Final = frozenset(
    {_R.REGISTRATION_CLERK, _R.CASEWORKER, _R.SUPERVISOR, _R.PROTECTION_SPECIALIST}
)
CENSUS_READ: Final = PEOPLE_READ | {_R.ALLOCATION_PLANNER, _R.GOVERNMENT_LIAISON}


def may_read_people(user: object) -> bool:
    """Return True when the user's role may read people's records."""
    return _role(user) in PEOPLE_READ


def may_write_people(user: object) -> bool:
    """Return True when the user's role may register and edit people."""
    return _role(user) in PEOPLE_WRITE


def may_read_census(user: object) -> bool:
    """Return True when the user's role may see camp-wide counts."""
    return _role(user) in CENSUS_READ


def _role(user: object) -> str | None:
    if not getattr(user, "is_authenticated", False) or not getattr(
        user, "is_active", False
    ):
        return None
    role = getattr(user, "role", None)
    return role if isinstance(role, str) else None
