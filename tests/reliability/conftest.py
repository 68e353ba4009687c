"""A gunicorn server on the test database, and HTTP clients in real processes."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.reliability.client import database_url, http_call

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(django_db_setup, django_db_blocker):
    """Serve haven with gunicorn (4 processes × 2 threads) on the test database."""
    from django.db import connection

    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url(connection.settings_dict),
        "DJANGO_SETTINGS_MODULE": "haven.config.settings",
    }
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "haven.config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "4",
            "--threads",
            "2",
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                status, _, _ = http_call(port, "GET", "/api/v1/census/", timeout=5)
                if status in (200, 401, 403):
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not start")
            time.sleep(0.3)
        yield port
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def session_of(transactional_db):
    """Return (session cookie, CSRF token) of a staff user logged in for the API."""
    from django.test import Client

    from haven.apps.accounts.models import User

    def login(role: str = "caseworker") -> dict[str, str]:
        user = User.objects.create_user(
            username=f"{role}-{secrets.token_hex(4)}",
            password=None,
            role=role,
            agency="Safe Passage",
            team="north",
        )
        client = Client()
        client.force_login(user)
        csrf = secrets.token_hex(16)
        session = client.cookies["sessionid"].value
        return {
            "Cookie": f"sessionid={session}; csrftoken={csrf}",
            "X-CSRFToken": csrf,
        }

    return login
