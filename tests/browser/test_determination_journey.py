"""A Dublin officer determines a separated child and sees article and deadlines."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pyotp
import pytest
import time_machine
from playwright.sync_api import expect

from haven.engines.kernel import period_end

pytestmark = pytest.mark.browser

SEED = 3
PASSWORD = "correct horse battery staple"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture
def calais_october_2016(transactional_db):
    """A small demo camp, a Dublin officer, and the clock on 20 October 2016."""
    from django.utils import timezone

    from haven.apps.accounts.models import TotpDevice, User
    from haven.apps.people.demo import demo_camp_load
    from haven.synthetic import generate_camp

    with time_machine.travel(datetime(2016, 10, 20, 9, 0, tzinfo=UTC), tick=True):
        demo_camp_load(generate_camp(200, SEED))
        officer = User.objects.create_user(
            username="dublin", password=PASSWORD, role="dublin_officer", agency="OFII"
        )
        TotpDevice.objects.create(
            user=officer, secret=SECRET, confirmed_at=timezone.now()
        )
        yield


def _child_with_a_sibling_in_the_uk():
    from haven.apps.people.models import Relationship

    for row in Relationship.objects.filter(
        relation="sibling",
        relative__child_status__in=["separated", "unaccompanied"],
        person__registrations__location__country="GB",
    ).select_related("relative"):
        return row.relative
    raise AssertionError("the demo camp has no child with a sibling in the UK")


def test_a_dublin_officer_determines_a_separated_child_with_a_brother_in_the_uk(
    live_server, page, calais_october_2016, screenshot
):
    base = live_server.url
    child = _child_with_a_sibling_in_the_uk()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "dublin")
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.fill("#id_code", pyotp.TOTP(SECRET).now())
    page.locator("main button[type=submit]").click()

    page.goto(f"{base}/people/{child.pk}/")
    page.get_by_role("link", name="Responsibility determination").click()
    expect(page.locator("h1")).to_have_text("Responsibility determination")
    facts = json.loads(page.input_value("#id_facts"))
    assert facts["applicant"]["unaccompanied"] is True
    assert "GB" in {member["state"] for member in facts["family_members"]}
    screenshot("20-determination-prefilled")

    # The caseworker adds what the record does not hold: an application if none is
    # registered, the best-interests assessment, and the relatives' status.
    facts.setdefault("applications", [{"state": "FR", "date": "2016-10-03"}])
    facts["best_interests"] = {"assessed_on": "2016-10-18"}
    for member in facts["family_members"]:
        member["legally_present"] = True
        member["can_take_care"] = True
    lodged = min(date.fromisoformat(item["date"]) for item in facts["applications"])
    due, _rolled = period_end(lodged, months=3)
    page.fill("#id_facts", json.dumps(facts, indent=2))
    page.get_by_role("button", name="Determine").click()

    expect(page.locator("#result .article")).to_have_text("Dublin III Art 8(1)")
    expect(page.locator("#result .responsible-state")).to_have_text("GB")
    # The request limit is in the time limits, still open on 20 October.
    limit = page.locator('#result table.limits tr[data-limit="take_charge_request"]')
    expect(limit).to_contain_text("Take-charge request")
    expect(limit).to_contain_text(due.isoformat())
    expect(limit).to_have_attribute("data-status", "open")
    expect(page.locator("#result ol.reasons")).to_contain_text(
        "sibling legally present"
    )
    screenshot("21-determination-result")

    page.fill("#id_facts", '{"applicant": {"date_of_birth": "2001-02-30"}}')
    page.get_by_role("button", name="Determine").click()
    expect(page.locator("#fact-errors")).to_contain_text("$.applicant.date_of_birth")
    screenshot("22-determination-error-by-path")
