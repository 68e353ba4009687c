"""A government liaison reads the Dubs ledger: cap, pledges, deliveries and chart."""

from __future__ import annotations

from datetime import date

import pyotp
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture
def liaison(transactional_db):
    from django.utils import timezone

    from haven.apps.accounts.models import TotpDevice, User
    from haven.apps.people.models import Person
    from haven.apps.placements.demo import ledger_demo_load

    Person.objects.bulk_create(
        Person(
            registration_number=f"HVN-{number:07d}",
            given_name=f"Child {number}",
            sex="M",
            child_status="unaccompanied",
        )
        for number in range(1, 201)
    )
    ledger_demo_load(today=date(2026, 1, 1))
    user = User.objects.create_user(
        username="liaison", password=PASSWORD, role="government_liaison"
    )
    TotpDevice.objects.create(user=user, secret=SECRET, confirmed_at=timezone.now())
    return "liaison"


def test_the_ledger_shows_the_dubs_cap_against_what_was_delivered(
    live_server, page, liaison, screenshot
):
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", liaison)
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Second factor")
    page.fill("#id_code", pyotp.TOTP(SECRET).now())
    page.locator("main button[type=submit]").click()
    expect(page.locator("h1")).not_to_have_text("Second factor")

    page.goto(f"{base}/placements/runs/")
    page.get_by_role("navigation").get_by_role("link", name="Ledger").click()
    page.select_option("#scheme", "uk-s67-dubs")
    page.locator("form.searchbar button[type=submit]").click()
    expect(page.locator("h1")).to_contain_text("UK s.67 (Dubs)")
    expect(page.locator("#stat-cap")).to_have_text("480")
    expect(page.locator("#stat-pledged")).to_have_text("480")
    expect(page.locator("#stat-delivered")).to_have_text("200")
    expect(page.locator("#stat-remaining")).to_have_text("280")
    expect(page.locator("svg.ledger-chart polyline.series-cap")).to_have_count(1)
    expect(page.locator("#pledges")).to_contain_text("Kent County Council")
    screenshot("10-ledger-dubs")

    page.select_option("#scheme", "eu-relocation-2015")
    page.locator("form.searchbar button[type=submit]").click()
    expect(page.locator("#stat-pledged")).to_have_text("66000")
    screenshot("11-ledger-eu-relocation")
