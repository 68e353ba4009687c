"""
T-S6 (f): an administrator lists a user's live sessions and ends them.

specs/security.md T-S6 (ASVS 5.0 7.4.5): the administrator's pages and the
``haven sessions`` command list and end sessions on the server, one or all; a
disabled account's sessions end with it. No page shows a session key.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
import time_machine
from django.test import Client

from haven.apps.accounts.models import TotpDevice, UserSession
from haven.apps.audit.models import AuditEvent
from haven.cli.main import main

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
START = datetime(2016, 10, 20, 9, 0, 5, tzinfo=UTC)


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@contextmanager
def at(seconds: float):
    with time_machine.travel(START + timedelta(seconds=seconds), tick=False):
        yield


@pytest.fixture
def amina(make_user):
    user = make_user("caseworker", username="amina")
    TotpDevice.objects.create(user=user, secret=SECRET, confirmed_at=START)
    return user


@pytest.fixture
def administrator(make_user):
    return make_user("system_administrator", username="root-ops")


@pytest.fixture
def admin(administrator):
    client = Client()
    client.force_login(administrator)
    return client


def log_in(client: Client) -> None:
    client.post("/accounts/login/", {"username": "amina", "password": PASSWORD})
    done = client.post("/accounts/login/verify/", {"code": pyotp.TOTP(SECRET).now()})
    assert done.status_code == 302


def two_sessions() -> tuple[Client, Client]:
    laptop, phone = Client(), Client()
    with at(0):
        log_in(laptop)
    with at(30):
        log_in(phone)
    return laptop, phone


def test_the_administrator_lists_a_users_live_sessions(amina, admin):
    laptop, phone = two_sessions()
    with at(60):
        listing = admin.get("/accounts/users/")
        page = admin.get(f"/accounts/users/{amina.pk}/")
    assert listing.status_code == 200
    assert b"amina" in listing.content
    assert page.status_code == 200
    assert page.content.count(b"End this session") == 2
    for client in (laptop, phone):
        assert client.cookies["sessionid"].value.encode() not in page.content
    assert AuditEvent.objects.filter(
        action="user.read", object_type="user", object_id=str(amina.pk)
    ).exists()


def test_ending_one_session_logs_out_that_browser_only(amina, admin):
    laptop, phone = two_sessions()
    first = UserSession.objects.filter(user=amina).order_by("created_at").first()
    with at(60):
        ended = admin.post(
            f"/accounts/users/{amina.pk}/sessions/end/", {"session": first.pk}
        )
        assert ended.status_code == 302
        assert laptop.get("/people/").status_code == 302
        assert phone.get("/people/").status_code == 200
    assert AuditEvent.objects.filter(action="auth.session_end").count() == 1


def test_ending_every_session_logs_out_every_browser(amina, admin):
    laptop, phone = two_sessions()
    with at(60):
        admin.post(f"/accounts/users/{amina.pk}/sessions/end/", {"session": "all"})
        assert laptop.get("/people/").status_code == 302
        assert phone.get("/people/").status_code == 302
        page = admin.get(f"/accounts/users/{amina.pk}/")
    assert b"No live session" in page.content


def test_a_session_of_another_user_cannot_be_ended_through_this_one(
    amina, admin, make_user
):
    laptop, _ = two_sessions()
    other = make_user("caseworker", username="bilal")
    session = UserSession.objects.filter(user=amina).first()
    with at(60):
        admin.post(f"/accounts/users/{other.pk}/sessions/end/", {"session": session.pk})
        assert laptop.get("/people/").status_code == 200


def test_disabling_ends_every_session_and_enabling_lets_them_log_in(amina, admin):
    laptop, phone = two_sessions()
    with at(60):
        admin.post(f"/accounts/users/{amina.pk}/active/", {"active": "0"})
        assert laptop.get("/people/").status_code == 302
        assert phone.get("/people/").status_code == 302
    amina.refresh_from_db()
    assert not amina.is_active
    with at(90):
        admin.post(f"/accounts/users/{amina.pk}/active/", {"active": "1"})
        log_in(Client())
    amina.refresh_from_db()
    assert amina.is_active
    assert AuditEvent.objects.filter(action="auth.user_enable").count() == 1


def test_an_administrator_cannot_disable_their_own_account(admin, administrator):
    admin.post(f"/accounts/users/{administrator.pk}/active/", {"active": "0"})
    administrator.refresh_from_db()
    assert administrator.is_active
    assert admin.get("/accounts/users/").status_code == 200


def test_other_roles_may_not_open_the_accounts_pages(amina, make_user):
    client = Client()
    client.force_login(make_user("supervisor"))
    assert client.get("/accounts/users/").status_code == 403
    assert client.get(f"/accounts/users/{amina.pk}/").status_code == 403
    assert (
        client.post(
            f"/accounts/users/{amina.pk}/sessions/end/", {"session": "all"}
        ).status_code
        == 403
    )


def test_the_console_lists_and_ends_sessions(amina, capsys):
    laptop, phone = two_sessions()
    with at(60):
        assert main(["sessions", "list", "amina"]) == 0
        listed = capsys.readouterr().out
        assert listed.count("\n") == 3  # a header and two sessions
        first = UserSession.objects.filter(user=amina).order_by("created_at").first()
        assert main(["sessions", "end", "amina", "--id", str(first.pk)]) == 0
        assert laptop.get("/people/").status_code == 302
        assert phone.get("/people/").status_code == 200
        assert main(["sessions", "end", "amina"]) == 0
        assert "ended 1 session(s)" in capsys.readouterr().out
        assert phone.get("/people/").status_code == 302


def test_the_console_names_the_problem(amina, capsys):
    assert main(["sessions", "list", "nobody"]) == 2
    assert "username: no user named 'nobody'" in capsys.readouterr().err
    assert main(["sessions", "end", "amina", "--id", "999"]) == 2
    assert "--id: amina has no session 999" in capsys.readouterr().err


def test_a_session_named_by_anything_but_its_number_is_refused_plainly(amina, admin):
    for value in ("²", "1e3", "-1", "9" * 40, ""):
        response = admin.post(
            f"/accounts/users/{amina.pk}/sessions/end/", {"session": value}
        )
        assert response.status_code == 302
    assert not AuditEvent.objects.filter(action="auth.session_end").exists()


def test_enabling_an_active_account_changes_and_records_nothing(amina, admin):
    page = admin.post(
        f"/accounts/users/{amina.pk}/active/", {"active": "1"}, follow=True
    )
    assert b"already active" in page.content
    assert not AuditEvent.objects.filter(action="auth.user_enable").exists()


def test_the_console_is_named_as_the_actor(amina, capsys):
    two_sessions()
    with at(60):
        assert main(["sessions", "end", "amina"]) == 0
    event = AuditEvent.objects.get(action="auth.sessions_end")
    assert event.actor_name.startswith("console")
