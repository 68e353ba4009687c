"""
A bus of the demo camp: three children found by name (one by the Arabic
spelling), the manifest printed for the escort, two board, and the departure,
confirmed on its own page, raises exactly one alert: for the child who did not.
"""

from __future__ import annotations

import pyotp
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def _findable(person, query, within):
    from haven.apps.people.selectors import person_search

    found = person_search(query=query, within=within)
    return found.count() <= 25 and found.filter(pk=person.pk).exists()


@pytest.fixture
def demo(transactional_db):
    from django.utils import timezone

    from haven.apps.accounts.models import TotpDevice, User
    from haven.apps.accounts.policy import scope_q
    from haven.apps.people.demo import demo_camp_load
    from haven.apps.people.models import Location, Person
    from haven.apps.transfers.checks import boarding_blocks
    from haven.synthetic import generate_camp

    demo_camp_load(generate_camp(200, 2016))
    user = User.objects.create_user(
        username="sup", password=PASSWORD, role="supervisor", agency="Safe Passage"
    )
    TotpDevice.objects.create(user=user, secret=SECRET, confirmed_at=timezone.now())
    within = scope_q(user, "transfer", "run", record="person")
    origin = Location.objects.get(key="camp-calais")
    centre = Location.objects.get(key="centre-caomi-lozere")
    # Children the supervisor's agency holds, whose case lets them go to Lozère,
    # and whom a search by their name finds among its first results.
    children = []
    for person in Person.objects.filter(
        child_status="unaccompanied", agency="Safe Passage"
    ).exclude(name_native=""):
        if boarding_blocks(person=person, destination=centre, origin=origin):
            continue
        query = person.name_native if not children else person.full_name
        if _findable(person, query, within):
            children.append((person, query))
        if len(children) == 3:
            break
    assert len(children) == 3
    return children, origin, centre


def log_in(page, base):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "sup")
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Second factor")
    page.fill("#id_code", pyotp.TOTP(SECRET).now())
    page.locator("main button[type=submit]").click()
    expect(page.locator("h1")).not_to_have_text("Second factor")


def place_label(place):
    return f"{place.name} ({place.get_kind_display()}, {place.country})"


def add_by_name(page, person, query, centre):
    page.fill("#id_query", query)
    page.locator("#people-search button[type=submit]").click()
    page.locator(f"#results input[value='{person.pk}']").check()
    page.select_option("#id_destination", label=place_label(centre))
    page.locator("#add-people").click()
    expect(
        page.locator(f"tr[data-person='{person.registration_number}']")
    ).to_be_visible()


def test_a_bus_is_built_by_names_printed_and_leaves_with_one_child_missing(
    live_server, page, demo, screenshot
):
    from haven.apps.audit.models import AuditEvent
    from haven.apps.transfers.models import ManifestPrint, MissingPersonAlert

    children, origin, centre = demo
    base = live_server.url
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, base)

    # Plan the bus: the place is chosen by its name, never by an internal key.
    page.goto(f"{base}/transfers/")
    page.select_option("#id_mode", "bus")
    page.select_option("#id_origin", label=place_label(origin))
    page.fill("#id_departure_planned", "2026-12-08T09:00")
    page.fill("#id_escort_name", "Claire Martin")
    page.fill("#id_escort_agency", "Safe Passage")
    page.locator("#manifest-form button[type=submit]").click()
    expect(page.locator("h1")).to_contain_text("Manifest MAN-")
    manifest_url = page.url
    assert "camp-calais" not in page.content()

    # Three children found by name: the first by the Arabic spelling.
    for person, query in children:
        add_by_name(page, person, query, centre)
        assert query not in page.url
    expect(page.locator(".messages")).to_contain_text("1 person added.")
    screenshot("manifest-01-built-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("manifest-01-built-390")
    page.set_viewport_size({"width": 1280, "height": 900})

    # Two board; the third does not.
    boarded, missing = [p for p, _ in children[:2]], children[2][0]
    for person in boarded:
        row = page.locator(f"tr[data-person='{person.registration_number}']")
        row.locator("button.check-out").click()
        expect(row).to_have_attribute("data-state", "checked_out")

    # The print for the escort, at desk and phone width.
    page.goto(manifest_url + "print/")
    expect(page.locator("#print-entries tbody tr")).to_have_count(3)
    expect(page.locator("#watermark")).to_contain_text("Printed by sup")
    for person, _ in children:
        row = page.locator(
            f"#print-entries tr[data-person='{person.registration_number}']"
        )
        expect(row).to_contain_text(person.full_name)
        expect(row).to_contain_text(person.name_native)
    screenshot("manifest-02-print-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    screenshot("manifest-03-print-390")
    page.emulate_media(media="print")
    screenshot("manifest-04-print-media")
    page.emulate_media(media="screen")
    prints = list(ManifestPrint.objects.order_by("pk"))
    assert len(prints) == 2  # one per page opened: each print is audited
    assert prints[0].people == [p.pk for p, _ in children]
    assert AuditEvent.objects.filter(action="manifest.print").count() == 2

    # Record departure: a confirmation page says who boarded and who did not.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(manifest_url)
    page.locator("#depart").click()
    expect(page.locator("#boarded li")).to_have_count(2)
    expect(page.locator("#not-boarded li")).to_have_count(1)
    expect(page.locator("#not-boarded")).to_contain_text(missing.registration_number)
    assert not MissingPersonAlert.objects.exists()
    screenshot("manifest-05-confirm-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("manifest-06-confirm-390")
    page.select_option("#lang-select", "ar")
    page.locator("form.lang button").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    screenshot("manifest-07-confirm-390-ar")
    page.locator("#confirm-depart").click()
    expect(page.locator("#manifest-state")).to_have_attribute("data-state", "departed")
    screenshot("manifest-08-departed-ar")

    [alert] = MissingPersonAlert.objects.all()
    assert alert.person_id == missing.pk
