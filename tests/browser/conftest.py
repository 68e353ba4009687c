"""Playwright against Django's live server, in Debian's Chromium."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def screenshot(page):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def staff(transactional_db):
    from haven.apps.accounts.models import User
    from haven.apps.people.models import Location

    camp = Location.objects.create(
        key="calais", name="Calais camp", kind="camp", country="FR"
    )
    Location.objects.create(
        key="calais-containers",
        name="Container camp",
        kind="sector",
        parent=camp,
        country="FR",
        capacity=1500,
    )
    from django.utils import timezone

    from haven.apps.accounts.models import TotpDevice

    user = User.objects.create_user(
        username="clerk",
        password="correct horse battery staple",
        role="registration_clerk",
        agency="Préfecture du Pas-de-Calais",
    )
    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    TotpDevice.objects.create(user=user, secret=secret, confirmed_at=timezone.now())
    return "clerk", "correct horse battery staple", secret
