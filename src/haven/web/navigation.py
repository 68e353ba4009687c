"""
The main menu, filtered by role: nobody is shown a page they would be refused.

Each entry names its URL, its label and the role check of the page it opens; the
first entry a user may open is also where they land after logging in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from haven.apps.accounts import roles
from haven.apps.core.actors import role_of


def has_role(user: object) -> bool:
    """Return whether the user has a role (every member of staff has jobs)."""
    return role_of(user) is not None


@dataclass(frozen=True, slots=True)
class NavItem:
    """One link of the main menu and the check that decides who sees it."""

    url_name: str
    label: Promise
    allowed: Callable[[object], bool]


NAV_ITEMS: tuple[NavItem, ...] = (
    NavItem("people:person_search", _("Search"), roles.may_read_people),
    NavItem("people:family_register", _("Register a family"), roles.may_write_people),
    NavItem("cases:case_list", _("Cases"), roles.may_read_cases),
    NavItem(
        "determinations:request_tracker", _("Dublin requests"), roles.may_track_requests
    ),
    NavItem("tracing:duplicate_queue", _("Duplicates"), roles.may_review_duplicates),
    NavItem(
        "sharing:disclosure_queue",
        _("Disclosures to approve"),
        roles.may_approve_disclosure,
    ),
    NavItem(
        "sharing:origin_queue",
        _("Country-of-origin disclosures"),
        roles.may_override_policy,
    ),
    NavItem("transfers:manifest_list", _("Transfers"), roles.may_run_transfers),
    NavItem("transfers:alert_list", _("Alerts"), roles.may_run_transfers),
    NavItem("people:census", _("Census"), roles.may_read_census),
    NavItem("people:location_list", _("Places"), roles.may_read_census),
    NavItem("placements:ledger", _("Ledger"), roles.may_read_ledger),
    NavItem("cases:metrics", _("Processing times"), roles.may_read_case_metrics),
    NavItem("accounts:user_list", _("Staff accounts"), roles.may_manage_accounts),
    NavItem("jobs:job_list", _("Your jobs"), has_role),
)


def nav_items_for(user: object) -> list[tuple[str, Promise]]:
    """Return (url, label) of each menu entry the user may open, in menu order."""
    return [
        (reverse(item.url_name), item.label) for item in NAV_ITEMS if item.allowed(user)
    ]


def main_menu(request: HttpRequest) -> dict[str, Any]:
    """Template context processor: the main menu of the user making the request."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"main_menu": []}
    return {"main_menu": nav_items_for(user)}
