"""T-S6 and T-S7: log-in in two steps, throttling, sessions and their end."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
import time_machine
from django.contrib.auth.password_validation import (
    CommonPasswordValidator,
    validate_password,
)
from django.core.exceptions import ValidationError

from haven.apps.accounts.mfa import (
    mfa_check,
    totp_code,
    totp_enrol_confirm,
    totp_enrol_start,
)
from haven.apps.accounts.models import TotpDevice
from haven.apps.accounts.sessions import user_disable, user_sessions, user_sessions_end
from haven.apps.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
START = datetime(2016, 10, 20, 9, 0, 5, tzinfo=UTC)


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def enrolled(make_user):
    user = make_user("caseworker", username="amina")
    TotpDevice.objects.create(user=user, secret=SECRET, confirmed_at=START)
    return user


def log_in(client, username="amina", password=PASSWORD, code=None):
    response = client.post(
        "/accounts/login/", {"username": username, "password": password}
    )
    if response.status_code != 302 or "verify" not in response["Location"]:
        return response
    return client.post(
        "/accounts/login/verify/",
        {"code": code or pyotp.TOTP(SECRET).now(), "next": "/people/"},
    )


def _body(response):
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", response.content)


@time_machine.travel(START, tick=False)
def test_password_then_code_opens_a_session_with_a_new_key(client, enrolled):
    """T-S6 (c): the session key changes at log-in."""
    client.get("/accounts/login/")
    before = client.cookies["sessionid"].value if "sessionid" in client.cookies else ""
    first = client.post("/accounts/login/", {"username": "amina", "password": PASSWORD})
    assert first["Location"].startswith("/accounts/login/verify/")
    assert client.get("/people/").status_code == 302  # not yet logged in
    done = client.post("/accounts/login/verify/", {"code": totp_code(SECRET, START)})
    assert done.status_code == 302
    assert client.cookies["sessionid"].value not in ("", before)
    assert client.get("/people/").status_code == 200
    assert (
        AuditEvent.objects.filter(action="auth.login", outcome="success").count() == 1
    )


@time_machine.travel(START, tick=False)
def test_a_code_is_accepted_once_only(client, enrolled):
    code = totp_code(SECRET, START)
    assert mfa_check(user=enrolled, code=code, now=START) is True
    assert mfa_check(user=enrolled, code=code, now=START) is False
    later = START + timedelta(seconds=30)
    assert mfa_check(user=enrolled, code=totp_code(SECRET, later), now=later) is True


def test_a_recovery_code_works_once(make_user):
    user = make_user(username="yonas")
    device = totp_enrol_start(user=user)
    codes = totp_enrol_confirm(
        user=user, code=totp_code(device.secret, START), now=START
    )
    assert len(codes) == 10
    assert mfa_check(user=user, code=codes[3].upper(), now=START) is True
    assert mfa_check(user=user, code=codes[3], now=START) is False
    stored = list(user.recovery_codes.values_list("code_hash", flat=True))
    assert not any(code.replace("-", "") in "".join(stored) for code in codes)


@time_machine.travel(START, tick=False)
def test_a_password_alone_reaches_no_case_route(client, make_user):
    """T-S7 (a): before the second factor, every case page and the API are closed."""
    make_user("supervisor", username="unenrolled")
    response = client.post(
        "/accounts/login/", {"username": "unenrolled", "password": PASSWORD}
    )
    assert response["Location"] == "/accounts/mfa/"
    routes = ["/people/", "/people/register/", "/people/census/", "/people/places/"]
    routes += ["/people/1/", "/people/1/edit/", "/people/households/1/"]
    for route in routes:
        reply = client.get(route)
        assert (reply.status_code, reply["Location"]) == (302, "/accounts/mfa/"), route
    api = client.get("/api/v1/people/1/")
    assert api.status_code == 401
    assert api.json()["code"] == "mfa_required"


@time_machine.travel(START, tick=False)
def test_enrolment_shows_the_key_and_opens_the_session_once_confirmed(
    client, make_user
):
    make_user("caseworker", username="newcomer")
    client.post("/accounts/login/", {"username": "newcomer", "password": PASSWORD})
    page = client.get("/accounts/mfa/")
    text = page.content.decode()
    assert "otpauth://totp/haven:newcomer?secret=" in text
    secret = re.search(r"secret=([A-Z2-7]+)", text).group(1)
    assert client.post("/accounts/mfa/", {"code": "000000"}).status_code == 200
    assert client.get("/people/").status_code == 302
    done = client.post("/accounts/mfa/", {"code": totp_code(secret, START)})
    assert "recovery codes" in done.content.decode()
    assert client.get("/people/").status_code == 200


@time_machine.travel(START, tick=False)
def test_the_seventh_attempt_in_a_minute_is_refused_even_with_the_password(
    client, enrolled
):
    """T-S7 (b): 6 failures lock the name; the 7th attempt gets 429."""
    for _ in range(6):
        assert log_in(client, password="wrong password!").status_code == 200
    assert log_in(client).status_code == 429
    with time_machine.travel(START + timedelta(minutes=16), tick=False):
        assert log_in(client).status_code == 302


@time_machine.travel(START, tick=False)
def test_attempts_beyond_six_a_minute_are_refused_without_failures(client, enrolled):
    for _ in range(6):
        client.post("/accounts/login/", {"username": "amina", "password": PASSWORD})
    assert log_in(client).status_code == 429


@time_machine.travel(START, tick=False)
def test_unknown_and_known_names_get_the_same_answer(client, enrolled):
    """T-S7 (d): same status and body (bar the CSRF token) for either name."""
    known = client.post("/accounts/login/", {"username": "amina", "password": "x" * 12})
    unknown = client.post(
        "/accounts/login/", {"username": "nobody-here", "password": "x" * 12}
    )
    assert known.status_code == unknown.status_code == 200
    assert _body(known) == _body(unknown)
    for _ in range(6):
        client.post("/accounts/login/", {"username": "nobody-here", "password": "y"})
        client.post("/accounts/login/", {"username": "amina", "password": "y"})
    locked_known = client.post(
        "/accounts/login/", {"username": "amina", "password": "y"}
    )
    locked_unknown = client.post(
        "/accounts/login/", {"username": "nobody-here", "password": "y"}
    )
    assert locked_known.status_code == locked_unknown.status_code == 429
    assert _body(locked_known) == _body(locked_unknown)


def test_short_and_common_passwords_are_rejected():
    """T-S7 (c): every password of the bundled list, and anything under 12, fails."""
    common = CommonPasswordValidator().passwords
    assert len(common) >= 19_000  # Django 5.2 ships 19,640 distinct entries
    accepted = []
    for password in sorted(common):
        try:
            validate_password(password)
        except ValidationError:
            continue
        accepted.append(password)
    assert accepted == []
    with pytest.raises(ValidationError):
        validate_password("Tr0ub4dor&3")  # 11 characters, not in the list
    validate_password("a long phrase nobody uses 1916")


def test_idle_sessions_end_after_fifteen_minutes(client, enrolled):
    """T-S6 (a)."""
    with time_machine.travel(START, tick=False):
        assert log_in(client).status_code == 302
    with time_machine.travel(START + timedelta(minutes=14), tick=False):
        assert client.get("/people/").status_code == 200
    with time_machine.travel(START + timedelta(minutes=30), tick=False):
        assert client.get("/people/").status_code == 302


def test_active_sessions_end_after_twelve_hours(client, enrolled):
    """T-S6 (b): a request every 14 minutes keeps the session for 12 hours only."""
    with time_machine.travel(START, tick=False):
        assert log_in(client).status_code == 302
    minutes = 14
    while minutes < 12 * 60:
        with time_machine.travel(START + timedelta(minutes=minutes), tick=False):
            assert client.get("/people/census/").status_code == 200, minutes
        minutes += 14
    with time_machine.travel(START + timedelta(minutes=minutes), tick=False):
        response = client.get("/people/census/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@time_machine.travel(START, tick=False)
def test_logout_ends_the_session_on_the_server(client, enrolled):
    """T-S6 (d): the old cookie replayed after log-out opens nothing."""
    assert log_in(client).status_code == 302
    cookie = client.cookies["sessionid"].value
    response = client.post("/accounts/logout/")
    assert response["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    client.cookies["sessionid"] = cookie
    assert client.get("/people/").status_code == 302


def test_disabling_a_user_ends_all_their_sessions(client, enrolled):
    """T-S6 (e) and (f): sessions are listed, and ended by disabling or by an admin."""
    from django.test import Client

    def at(seconds):  # a code is accepted once only: each log-in in its own step
        return time_machine.travel(START + timedelta(seconds=seconds), tick=False)

    other, third = Client(), Client()
    with at(0):
        assert log_in(client).status_code == 302
    with at(30):
        assert log_in(other).status_code == 302
        assert user_sessions(user=enrolled).count() == 2
        user_disable(user=enrolled)
        assert user_sessions(user=enrolled).count() == 0
        assert client.get("/people/").status_code == 302
        assert other.get("/people/").status_code == 302
    with at(60):
        assert log_in(Client()).status_code == 200
        enrolled.is_active = True
        enrolled.save()
    with at(90):
        assert log_in(third).status_code == 302
        assert user_sessions_end(user=enrolled) == 1
        assert third.get("/people/").status_code == 302
