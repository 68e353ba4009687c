"""
What each role may do, as the views and services ask it.

Every answer comes from the access policy (policy.toml, docs/adr/0025); these
named questions keep the call sites readable. Unknown roles get nothing.
"""

from __future__ import annotations

from haven.apps.accounts.policy import allows
from haven.apps.core.actors import role_of as _policy_role


def may_read_people(user: object) -> bool:
    """Return True when the user's role may read people's records."""
    return allows(user, "person", "read")


def may_write_people(user: object) -> bool:
    """Return True when the user's role may register and edit people."""
    return allows(user, "person", "create") or allows(user, "person", "update")


def may_read_census(user: object) -> bool:
    """Return True when the user's role may see camp-wide counts."""
    return allows(user, "census", "read")


def may_read_cases(user: object) -> bool:
    """Return True when the user's role may read cases, decisions and letters."""
    return allows(user, "case", "read")


def may_work_cases(user: object) -> bool:
    """
    Return True when the user's role may ask for case steps at all.

    Which step a role may take is decided by the workflow's transition table.
    """
    return allows(user, "case", "step")


def may_decide(user: object) -> bool:
    """Return True when the user's role may record decisions and requests."""
    return allows(user, "case", "decide")


def may_run_transfers(user: object) -> bool:
    """Return True when the user's role may plan moves, check people out and in."""
    return allows(user, "transfer", "run")


def may_read_case_metrics(user: object) -> bool:
    """Return True when the user's role may see processing times and returns."""
    return allows(user, "metrics", "read")


def role_of(user: object) -> str:
    """Return the user's role for the workflow's checks; empty when there is none."""
    return _policy_role(user) or ""


def may_read_ledger(user: object) -> bool:
    """Return True when the user's role may see pledges, placements and runs."""
    return allows(user, "ledger", "read")


def may_write_ledger(user: object) -> bool:
    """Return True when the user's role may pledge, place and run the optimiser."""
    return allows(user, "ledger", "write")


def may_determine(user: object) -> bool:
    """Return True when the user's role may run and read determinations."""
    return allows(user, "determination", "run")


def may_track_requests(user: object) -> bool:
    """Return True when the user's role may see the Dublin request tracker."""
    return allows(user, "dublin_request", "read")


def may_record_requests(user: object) -> bool:
    """Return True when the user's role may record Dublin requests and replies."""
    return allows(user, "dublin_request", "create")


def may_trace(user: object) -> bool:
    """Return True when the user's role may take down and run tracing requests."""
    return allows(user, "tracing", "run")


def may_review_duplicates(user: object) -> bool:
    """Return True when the user's role may scan for, merge and unmerge duplicates."""
    return allows(user, "duplicate", "review")


def may_erase(user: object) -> bool:
    """Return True when the user's role may erase a person's record."""
    return allows(user, "person", "erase")


def may_void(user: object) -> bool:
    """Return True when the user's role may void and restore a person's record."""
    return allows(user, "person", "void")


def may_hold(user: object) -> bool:
    """Return True when the user's role may place and release legal holds."""
    return allows(user, "person", "hold")


def may_disclose(user: object) -> bool:
    """Return True when the user's role may ask to disclose data outside the agency."""
    return allows(user, "disclosure", "request")


def may_approve_disclosure(user: object) -> bool:
    """Return True when the user's role may be the second approver of a disclosure."""
    return allows(user, "disclosure", "approve")


def may_override_policy(user: object) -> bool:
    """Return True when the user's role may record an administrator's override."""
    return allows(user, "disclosure", "override")


def may_manage_accounts(user: object) -> bool:
    """Return True when the user's role may list staff, end sessions, disable users."""
    return allows(user, "account", "manage")
