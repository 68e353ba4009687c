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
LEDGER_WRITE: Final = frozenset({_R.ALLOCATION_PLANNER, _R.SUPERVISOR})
LEDGER_READ: Final = LEDGER_WRITE | {_R.GOVERNMENT_LIAISON}


def may_read_people(user: object) -> bool:
    """Return True when the user's role may read people's records."""
    return _role(user) in PEOPLE_READ


def may_write_people(user: object) -> bool:
    """Return True when the user's role may register and edit people."""
    return _role(user) in PEOPLE_WRITE


def may_read_census(user: object) -> bool:
    """Return True when the user's role may see camp-wide counts."""
    return _role(user) in CENSUS_READ


CASES_READ: Final = PEOPLE_READ
CASES_WORK: Final = frozenset(
    {
        _R.REGISTRATION_CLERK,
        _R.CASEWORKER,
        _R.SUPERVISOR,
        _R.PROTECTION_SPECIALIST,
        _R.DUBLIN_OFFICER,
    }
)
DECIDE: Final = frozenset({_R.DUBLIN_OFFICER, _R.SUPERVISOR})
TRANSFERS_RUN: Final = frozenset(
    {_R.CASEWORKER, _R.SUPERVISOR, _R.PROTECTION_SPECIALIST, _R.DUBLIN_OFFICER}
)
CASE_METRICS_READ: Final = CASES_READ | {
    _R.ALLOCATION_PLANNER,
    _R.GOVERNMENT_LIAISON,
    _R.AUDITOR,
}


def may_read_cases(user: object) -> bool:
    """Return True when the user's role may read cases, decisions and letters."""
    return _role(user) in CASES_READ


def may_work_cases(user: object) -> bool:
    """
    Return True when the user's role may ask for case steps at all.

    Which step a role may take is decided by the workflow's transition table.
    """
    return _role(user) in CASES_WORK


def may_decide(user: object) -> bool:
    """Return True when the user's role may record decisions and requests."""
    return _role(user) in DECIDE


def may_run_transfers(user: object) -> bool:
    """Return True when the user's role may plan moves, check people out and in."""
    return _role(user) in TRANSFERS_RUN


def may_read_case_metrics(user: object) -> bool:
    """Return True when the user's role may see processing times and returns."""
    return _role(user) in CASE_METRICS_READ


def role_of(user: object) -> str:
    """Return the user's role for the workflow's checks; empty when there is none."""
    return _role(user) or ""


def may_read_ledger(user: object) -> bool:
    """Return True when the user's role may see pledges, placements and runs."""
    return _role(user) in LEDGER_READ


def may_write_ledger(user: object) -> bool:
    """Return True when the user's role may pledge, place and run the optimiser."""
    return _role(user) in LEDGER_WRITE


DETERMINE: Final = frozenset({_R.DUBLIN_OFFICER, _R.CASEWORKER, _R.SUPERVISOR})
DUBLIN_REQUESTS: Final = frozenset({_R.DUBLIN_OFFICER, _R.SUPERVISOR})


def may_determine(user: object) -> bool:
    """Return True when the user's role may run and read determinations."""
    return _role(user) in DETERMINE


def may_track_requests(user: object) -> bool:
    """Return True when the user's role may see the Dublin request tracker."""
    return _role(user) in DETERMINE


def may_record_requests(user: object) -> bool:
    """Return True when the user's role may record Dublin requests and replies."""
    return _role(user) in DUBLIN_REQUESTS


TRACING: Final = frozenset({_R.CASEWORKER, _R.SUPERVISOR, _R.PROTECTION_SPECIALIST})
DUPLICATE_REVIEW: Final = frozenset(
    {_R.CASEWORKER, _R.SUPERVISOR, _R.PROTECTION_SPECIALIST, _R.REGISTRATION_CLERK}
)


def may_trace(user: object) -> bool:
    """Return True when the user's role may take down and run tracing requests."""
    return _role(user) in TRACING


def may_review_duplicates(user: object) -> bool:
    """Return True when the user's role may scan for, merge and unmerge duplicates."""
    return _role(user) in DUPLICATE_REVIEW


def _role(user: object) -> str | None:
    if not getattr(user, "is_authenticated", False) or not getattr(
        user, "is_active", False
    ):
        return None
    role = getattr(user, "role", None)
    return role if isinstance(role, str) else None


ERASE: Final = frozenset({_R.SUPERVISOR, _R.PROTECTION_SPECIALIST})
LEGAL_HOLD: Final = ERASE | {_R.DUBLIN_OFFICER}


def may_erase(user: object) -> bool:
    """Return True when the user's role may erase a person's record."""
    return _role(user) in ERASE


def may_hold(user: object) -> bool:
    """Return True when the user's role may place and release legal holds."""
    return _role(user) in LEGAL_HOLD


DISCLOSE: Final = frozenset(
    {_R.CASEWORKER, _R.SUPERVISOR, _R.PROTECTION_SPECIALIST, _R.DUBLIN_OFFICER}
)
DISCLOSURE_APPROVE: Final = frozenset({_R.SUPERVISOR, _R.PROTECTION_SPECIALIST})
POLICY_OVERRIDE: Final = frozenset({_R.SYSTEM_ADMINISTRATOR})


def may_disclose(user: object) -> bool:
    """Return True when the user's role may ask to disclose data outside the agency."""
    return _role(user) in DISCLOSE


def may_approve_disclosure(user: object) -> bool:
    """Return True when the user's role may be the second approver of a disclosure."""
    return _role(user) in DISCLOSURE_APPROVE


def may_override_policy(user: object) -> bool:
    """Return True when the user's role may record an administrator's override."""
    return _role(user) in POLICY_OVERRIDE
