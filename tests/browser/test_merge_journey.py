"""
A supervisor merges a child registered twice from the pages: the plan's preview,
the merge page with its conflicts, one resolved, the merge undone; then voids a
record registered in error. On a 390 px phone in Arabic, nothing runs off the side.
"""

from __future__ import annotations

from datetime import date

import pyotp
import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AGENCY = "Safe Passage"


@pytest.fixture
def supervisor(transactional_db):
    from django.utils import timezone

    from haven.apps.accounts.models import TotpDevice, User

    user = User.objects.create_user(
        username="supervisor",
        password="correct horse battery staple",
        role="supervisor",
        agency=AGENCY,
        team="north",
    )
    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    TotpDevice.objects.create(user=user, secret=secret, confirmed_at=timezone.now())
    return "supervisor", "correct horse battery staple", secret


@pytest.fixture
def twins(transactional_db):
    from django.utils import timezone

    from haven.apps.cases.models import Case
    from haven.apps.people.models import Bed, Location, Person

    now = timezone.now()
    camp = Location.objects.create(
        key="camp-m", name="Camp M", kind="camp", country="FR", capacity=4
    )
    people = []
    for number, (given, native) in enumerate(
        (("Amira", "أميرة"), ("Amirah", "اميرة")), start=1
    ):
        person = Person.objects.create(
            registration_number=f"HVN-M00000{number}",
            given_name=given,
            family_name="Haddad",
            name_native=native,
            sex="F",
            date_of_birth=date(2010, 3, 1),
            agency=AGENCY,
            team="north",
        )
        Case.objects.create(person=person, state_since=now, identified_at=now)
        Bed.objects.create(location=camp, number=number, person=person, assigned_at=now)
        people.append(person)
    return people


def log_in(page, base, username, password, totp_secret):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("main button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Second factor")
    page.fill("#id_code", pyotp.TOTP(totp_secret).now())
    page.locator("main button[type=submit]").click()


def fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_supervisor_merges_resolves_undoes_and_voids_on_a_phone_in_arabic(
    live_server, page, supervisor, twins, screenshot
):
    kept, gone = twins
    base = live_server.url
    log_in(page, base, *supervisor)
    page.set_viewport_size({"width": 390, "height": 844})
    page.select_option("#lang-select", "ar")
    page.locator("form.lang button").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")

    page.goto(f"{base}/tracing/people/{kept.pk}/merge/")
    page.fill("#id_other", gone.registration_number)
    page.locator("main form button.secondary").click()
    preview = page.locator("#merge-preview")
    expect(preview).to_contain_text(gone.registration_number)
    fits(page)
    screenshot("merge-01-preview-arabic-390px")

    preview.locator("#merge-reason").fill("registered twice")
    preview.locator("button[type=submit]").click()
    conflicts = page.locator("#merge-conflicts li")
    expect(conflicts).to_have_count(2)
    fits(page)
    screenshot("merge-02-conflicts-arabic-390px")

    first = conflicts.first
    first.locator("input[value=survivor]").check()
    first.locator("button[type=submit]").click()
    expect(page.locator("#merge-conflicts li form")).to_have_count(1)
    screenshot("merge-03-one-resolved-arabic-390px")

    page.locator("form[action$='/undo/'] button").click()
    expect(page.locator("#merge-conflicts li")).to_have_count(0)
    from haven.apps.people.models import Bed, Person

    assert Person.objects.get(pk=gone.pk).merged_into_id is None
    assert set(Bed.objects.values_list("person_id", flat=True)) == {kept.pk, gone.pk}

    page.goto(f"{base}/people/{gone.pk}/")
    page.locator("#person-void-form summary").click()
    page.locator("#person-void-form input[value=registered_in_error]").check()
    page.locator("#person-void-form button[type=submit]").click()
    expect(page.locator("#person-void")).to_be_visible()
    # The person page's registration and history tables are wider than a phone
    # (before this change too); the void notice and its form fit.
    box = page.locator("#person-void").bounding_box()
    assert box is not None
    assert box["width"] <= 390
    screenshot("merge-04-voided-arabic-390px")
    assert Person.objects.get(pk=gone.pk).voided_at is not None
