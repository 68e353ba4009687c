"""
T-S5: the API fuzzed from its own OpenAPI schema, once per role and anonymously.

specs/security.md T-S5: Schemathesis generates requests for every operation of
the schema drf-spectacular serves, as each of the 10 roles (a real session with
the second factor passed) and without a session, and runs its checks on every
answer. ``HAVEN_FUZZ_EXAMPLES`` sets the examples per operation (the spec's CI
figure is 50 and its extended one 500; ``make test`` runs 5 per role to stay
within its time). The seed is fixed, so a failure reproduces.
"""

from __future__ import annotations

import os
from typing import Any, ClassVar

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from hypothesis import HealthCheck, settings

from haven.apps.accounts.models import User

EXAMPLES = int(os.environ.get("HAVEN_FUZZ_EXAMPLES", "5"))

schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())


@pytest.fixture(autouse=True)
def _connections_stay_open():
    """Keep the test's database connection across requests, as Django's Client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _tests_the_session_itself(case: Any) -> bool:
    """True for a case Schemathesis made to call without, or with a broken, session."""
    meta = getattr(case, "meta", None)
    if meta is None:
        return False
    data = getattr(meta.phase, "data", None)
    if _value(getattr(data, "parameter_location", None)) == "cookie":
        return True
    return any(
        _value(location) == "cookie" and _value(info.mode) == "negative"
        for location, info in (meta.components or {}).items()
    )


def _value(member: Any) -> Any:
    return getattr(member, "value", member)


class SessionAuth:
    """
    The session of the role under test, on every call but those about the session.

    It is Schemathesis's auth provider, so ``ignored_auth`` knows which credentials
    are valid and checks that a call without them answers 401; ``authenticate``
    also puts the session on the cases of the coverage phase, which Schemathesis
    leaves without it. Cases that test the session cookie itself (missing or
    garbled) keep what Schemathesis made. The WSGI transport keeps a cookie jar
    that replaces any Cookie header, so the session goes as a cookie.
    """

    current: ClassVar[dict[str, str]] = {}
    answered: ClassVar[int] = 0  # calls with the session answered other than 401

    def get(self, case: Any, ctx: Any) -> dict[str, str] | None:
        return dict(self.current) or None

    def set(self, case: Any, data: dict[str, str], ctx: Any) -> None:
        case.cookies = {**(case.cookies or {}), **data}
        case.headers = {**(case.headers or {}), "X-CSRFToken": data["csrftoken"]}

    @classmethod
    def authenticate(cls, case: Any) -> bool:
        """Give the case the session unless it tests the session; True if given."""
        if not cls.current or _tests_the_session_itself(case):
            return False
        cls().set(case, dict(cls.current), None)
        return True

    @classmethod
    def count(cls, case: Any, response: Any) -> None:
        """Count a call made with the session that was not refused as anonymous."""
        sent = (case.cookies or {}).get("sessionid")
        if sent and sent == cls.current.get("sessionid"):
            assert response.status_code != 401, "a call with the session was refused"
            cls.answered += 1


schema.auth(refresh_interval=None)(SessionAuth)


@pytest.fixture
def identity(request, db, camp, settings):
    """
    Log the role in (second factor passed) and make its session the calls' auth.

    At the end, the role's session must have been used: at least one call with
    it was answered as that role, so a run cannot pass anonymously.
    """
    settings.DEBUG_PROPAGATE_EXCEPTIONS = True
    role = request.param
    SessionAuth.current = {}
    SessionAuth.answered = 0
    if role == "anonymous":
        yield role
        return
    user = User.objects.create_user(
        f"fuzz-{role}", role=role, agency="Safe Passage", team="north"
    )
    client = Client()
    client.force_login(user)
    token = _get_new_csrf_string()
    SessionAuth.current = {
        "sessionid": client.cookies["sessionid"].value,
        "csrftoken": token,
    }
    yield role
    answered = SessionAuth.answered
    SessionAuth.current = {}
    assert answered >= 1, f"no call was made as {role}"


@pytest.mark.django_db
@pytest.mark.parametrize("identity", ["anonymous", *User.Role.values], indirect=True)
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_no_operation_fails_for_any_role(case, identity):
    SessionAuth.authenticate(case)
    response = case.call_and_validate()
    SessionAuth.count(case, response)
