"""
A Dublin officer sees a binding acceptance, its review notice and the time limits.

Under the AMMR, France asked Germany on 2026-07-20 to take charge of an adult whose
irregular entry was into Italy. Germany never replied: the reply limit is one month
(AMMR Art 40(1)), 2026-08-20, so on 2026-09-01 Germany has accepted by silence (Art
40) although the criteria point to Italy (Art 33(1)), and the reply limit was missed.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pyotp
import pytest
import time_machine
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
TODAY = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)
FACTS = {
    "applicant": {
        "date_of_birth": "1990-01-01",
        "nationality": "SY",
        "unaccompanied": False,
    },
    "applications": [{"state": "FR", "date": "2026-07-01"}],
    "irregular_entries": [{"state": "IT", "date": "2026-05-01"}],
    "family_members": [],
    "requests": [
        {
            "type": "take_charge",
            "requesting_state": "FR",
            "requested_state": "DE",
            "sent": "2026-07-20",
        }
    ],
}


@pytest.fixture
def adult_in_calais(transactional_db):
    """An adult registered in Calais, a Dublin officer, the clock on 1 September."""
    from django.utils import timezone

    from haven.apps.accounts.models import TotpDevice, User
    from haven.apps.people.models import Location, Person, Registration

    with time_machine.travel(TODAY, tick=True):
        camp = Location.objects.create(
            key="calais", name="Calais camp", kind="camp", country="FR"
        )
        person = Person.objects.create(
            registration_number="HVN-A0001",
            given_name="Omar",
            family_name="Haddad",
            sex="M",
            date_of_birth=date(1990, 1, 1),
            dob_precision="exact",
            nationalities=["SY"],
            languages=["ar"],
            agency="OFII",
            team="north",
        )
        Registration.objects.create(
            person=person,
            source_kind=Registration.SourceKind.STATE_AUTHORITY,
            source_name="Préfecture du Pas-de-Calais",
            external_id="A0001-prefecture",
            location=camp,
            registered_at=datetime(2026, 7, 1, 10, tzinfo=UTC),
            registered_by="clerk-1",
            asylum_lodged_on=date(2026, 7, 1),
        )
        officer = User.objects.create_user(
            username="dublin", password=PASSWORD, role="dublin_officer", agency="OFII"
        )
        TotpDevice.objects.create(
            user=officer, secret=SECRET, confirmed_at=timezone.now()
        )
        yield person


def test_an_acceptance_against_the_criteria_is_shown_for_review_with_the_limits(
    live_server, page, adult_in_calais, screenshot
):
    base = live_server.url
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "dublin")
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.fill("#id_code", pyotp.TOTP(SECRET).now())
    page.locator("main button[type=submit]").click()
    expect(page.locator("h1")).not_to_have_text("Second factor")

    page.goto(f"{base}/determinations/people/{adult_in_calais.pk}/")
    page.locator("textarea").fill(json.dumps(FACTS, indent=2))
    page.get_by_role("button", name="Determine").click()

    acceptance = page.locator("#result #acceptance")
    expect(acceptance).to_contain_text("Responsible: DE")
    expect(acceptance).to_contain_text("accepted by DE on 2026-08-20")
    expect(acceptance).to_contain_text("AMMR Art 40")
    notice = acceptance.locator(".review-notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("points to IT (AMMR Art 33(1))")
    missed = page.locator("#result table.limits tr[data-status=missed]")
    expect(missed).to_have_count(1)
    expect(missed).to_contain_text("2026-08-20")
    expect(missed.locator(".badge.status")).to_have_text("missed")
    expect(page.locator("#result .limits-missed")).to_contain_text("1 limit missed")
    page.locator("#result").scroll_into_view_if_needed()
    screenshot("70-acceptance-review-and-limits-1280px")

    page.set_viewport_size({"width": 390, "height": 844})
    page.select_option("#lang-select", "ar")
    page.locator("form.lang button").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("#result #acceptance .review-notice")).to_be_visible()
    expect(page.locator("#result table.limits tr[data-status=missed]")).to_contain_text(
        "فائتة"
    )
    # Nothing runs off the side of the phone: wide tables scroll inside the page.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot("71-acceptance-review-and-limits-arabic-390px")
