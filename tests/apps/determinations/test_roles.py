"""Who may determine and record Dublin requests; anything unknown gets nothing."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from haven.apps.accounts.roles import (
    may_determine,
    may_record_requests,
    may_track_requests,
)


@dataclass
class Someone:
    role: object
    is_authenticated: bool = True
    is_active: bool = True


@pytest.mark.parametrize(
    ("role", "determine", "record"),
    [
        ("dublin_officer", True, True),
        ("supervisor", True, True),
        ("caseworker", True, False),
        ("registration_clerk", False, False),
        ("health_officer", False, False),
        ("auditor", False, False),
        ("DUBLIN_OFFICER", False, False),
        (None, False, False),
    ],
)
def test_the_dublin_unit_caseworkers_and_supervisors_determine(role, determine, record):
    """Only the listed roles pass; a misspelt or missing role passes nothing."""
    user = Someone(role)
    assert may_determine(user) is determine
    assert may_track_requests(user) is determine
    assert may_record_requests(user) is record


def test_an_inactive_or_anonymous_dublin_officer_gets_nothing():
    """The checks fail closed before the role is read."""
    for user in (
        Someone("dublin_officer", is_active=False),
        Someone("dublin_officer", is_authenticated=False),
        object(),
    ):
        assert may_determine(user) is False
        assert may_record_requests(user) is False
