"""Shared fixtures: staff users of each role and a fixed 'now'."""

from __future__ import annotations

import os
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, settings

NOW = datetime(2016, 10, 20, 9, 30, tzinfo=UTC)

# Properties are checked, not timed: Hypothesis's 200 ms deadline per example, and
# its check that generating examples is fast, would fail a correct test on a busy
# machine. Speed is measured in bench/.
settings.register_profile(
    "haven", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("haven")


def pytest_addoption(parser, pluginmanager):
    """Declare pytest-django's ini key when the engine tiers run with -p no:django."""
    if not pluginmanager.has_plugin("django"):
        parser.addini("DJANGO_SETTINGS_MODULE", "settings module (pytest-django)")


def pytest_collection_modifyitems(config, items):
    """Skip tests marked postgres unless the database under test is PostgreSQL."""
    on_postgres = os.environ.get("DATABASE_URL", "").startswith("postgres")
    skip = pytest.mark.skip(reason="needs PostgreSQL")
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(skip)


@pytest.fixture
def now():
    return NOW


@pytest.fixture(autouse=True)
def _force_login_passes_the_second_factor(request, monkeypatch):
    """Let ``Client.force_login`` open a session as if TOTP had been checked."""
    if not request.config.pluginmanager.hasplugin("django"):
        return
    from django.test import Client
    from django.utils import timezone

    from haven.apps.accounts.middleware import AUTH_AT, MFA_VERIFIED

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        session = self.session
        session[AUTH_AT] = timezone.now().timestamp()
        session[MFA_VERIFIED] = True
        session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture(autouse=True)
def _jobs_run_when_queued(request, monkeypatch):
    """
    Run each background job as it is queued, through the queue library's own code.

    django-q2's synchronous mode hands the task to its worker function in this
    process, so a page that queues a job can be followed to the job's result. The
    tests of the worker itself set ``Conf.SYNC`` back to False and start one.
    """
    if not request.config.pluginmanager.hasplugin("django"):
        return
    from django_q.conf import Conf

    monkeypatch.setattr(Conf, "SYNC", True)


@pytest.fixture
def make_user(db):
    from haven.apps.accounts.models import User

    def make(
        role: str = "caseworker",
        username: str | None = None,
        agency: str = "Safe Passage",
        team: str = "north",
    ):
        name = username or f"{role}-{User.objects.count() + 1}"
        return User.objects.create_user(
            username=name,
            password="correct horse battery staple",
            role=role,
            agency=agency,
            team=team,
        )

    return make


@pytest.fixture
def camp(db):
    from haven.apps.people.models import Location

    jungle = Location.objects.create(
        key="calais", name="Calais camp", kind="camp", country="FR"
    )
    sector = Location.objects.create(
        key="calais-containers",
        name="Container camp",
        kind="sector",
        parent=jungle,
        country="FR",
        capacity=1500,
    )
    return jungle, sector


@pytest.fixture
def centre(camp):
    """A reception centre in France that manifests take children to."""
    from haven.apps.people.models import Location

    return Location.objects.create(
        key="centre-caomi-lozere",
        name="CAOMI Lozère",
        kind="centre",
        country="FR",
        capacity=40,
    )
