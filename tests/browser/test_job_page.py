"""A planner starts the s.67 run and follows it on its job page, in Arabic at 390 px."""

from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture
def planner(transactional_db):
    from django.utils import timezone

    from haven.apps.accounts.models import TotpDevice, User
    from haven.apps.people.demo import demo_camp_load
    from haven.apps.placements.demo import ledger_demo_load
    from haven.synthetic import generate_camp

    # The live server reads the real clock, so the camp is dated to today, as
    # `make run` dates it: the s.67 scheme covers those who are children today.
    today = timezone.localdate()
    demo_camp_load(generate_camp(200, 2016, reference_date=today))
    ledger_demo_load(today=today, reference=today)
    user = User.objects.create_user(
        username="planner", password=PASSWORD, role="allocation_planner"
    )
    TotpDevice.objects.create(user=user, secret=SECRET, confirmed_at=timezone.now())
    return user


def test_a_run_is_followed_on_its_job_page_on_a_phone_in_arabic(
    live_server, page, planner, screenshot, monkeypatch
):
    from django.utils import timezone
    from django_q.conf import Conf

    from haven.apps.core.actors import Actor
    from haven.apps.jobs.services import job_enqueue

    base = live_server.url
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "planner")
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.fill("#id_code", pyotp.TOTP(SECRET).now())
    page.locator("main button[type=submit]").click()
    expect(page.locator("h1")).not_to_have_text("Second factor")

    page.goto(f"{base}/placements/runs/")
    page.select_option("#id_scheme", "uk-s67-dubs")
    page.locator("#run-form button[type=submit]").click()
    expect(page).to_have_url(f"{base}/jobs/1/")
    expect(page.locator("#job-state")).to_have_text("Finished")
    expect(page.locator("#job-progress")).to_have_attribute("value", "100")
    expect(page.locator("#job-progress-text")).to_contain_text("5 of 5")
    screenshot("80-job-finished-390px")

    page.select_option("#lang-select", "ar")
    page.locator("form.lang button").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("#job-state")).to_have_text("انتهت")
    expect(page.locator("#job")).to_contain_text("الحالة")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot("81-job-finished-arabic-390px")
    page.locator("#job-result").click()
    expect(page).to_have_url(f"{base}/placements/runs/1/")

    # A delayed job waits, and its page reloads itself until it is done.
    monkeypatch.setattr(Conf, "SYNC", False)
    waiting = job_enqueue(
        kind="placements.allocation_run",
        params={"scheme": "uk-s67-dubs", "solver": "flow", "objective": "mix"},
        actor=Actor.of_user(planner),
        run_after=timezone.now() + timedelta(hours=1),
    )
    page.goto(f"{base}/jobs/{waiting.pk}/")
    expect(page.locator("#job-state")).to_have_text("في قائمة الانتظار")
    expect(page.locator('meta[http-equiv="refresh"]')).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot("82-job-waiting-arabic-390px")
    page.goto(f"{base}/jobs/")
    expect(page.locator("#job-list tbody tr")).to_have_count(2)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot("83-job-list-arabic-390px")
