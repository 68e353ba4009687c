"""A clerk registering someone already registered is warned before saving."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_registration_journey import log_in

pytestmark = pytest.mark.browser


def fill_one(page, base, given, father):
    page.goto(f"{base}/people/register/")
    page.fill("#id_source_name", "Help Refugees census")
    page.select_option("#id_location_key", "calais-containers")
    page.fill("#id_m-0-given_name", given)
    page.fill("#id_m-0-father_name", father)
    page.select_option("#id_m-0-sex", "M")
    page.fill("#id_m-0-date_of_birth", "1990-03-14")
    page.select_option("#id_m-0-dob_precision", "exact")


def test_the_same_person_twice_is_shown_and_a_different_person_is_confirmed(
    live_server, page, staff, screenshot
):
    from haven.apps.people.models import Person, PersonEvent

    base = live_server.url
    log_in(page, base, *staff)
    fill_one(page, base, "Yonas", "Tesfamariam")
    page.get_by_role("button", name="Register", exact=True).click()
    expect(page.locator("h1")).to_contain_text("Household")
    first = Person.objects.get()

    # Another clerk, the names in the other order.
    fill_one(page, base, "Tesfamariam", "Yonas")
    page.get_by_role("button", name="Register", exact=True).click()
    warning = page.locator("#likely-duplicates")
    expect(warning).to_contain_text("Already registered?")
    expect(warning).to_contain_text(first.registration_number)
    expect(warning.locator(f'a[href="/people/{first.pk}/"]')).to_be_visible()
    assert Person.objects.count() == 1
    screenshot("80-duplicate-warning-1280px")

    page.get_by_role("button", name="This is a different person: register").click()
    expect(page.locator("h1")).to_contain_text("Household")
    assert Person.objects.count() == 2
    second = Person.objects.exclude(pk=first.pk).get()
    assert PersonEvent.objects.filter(
        person=second, action="registered as a different person"
    ).exists()

    # In Arabic, on a phone: the warning reads right to left and fits the screen.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/people/register/")
    page.select_option("#lang-select", "ar")
    page.locator("form.lang button").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    fill_one(page, base, "Yonas", "Tesfamariam")
    page.locator("form[data-send-once] button[type=submit]:not([name])").click()
    expect(page.locator("#likely-duplicates")).to_contain_text(
        first.registration_number
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot("81-duplicate-warning-arabic-390px")
    assert Person.objects.count() == 2
