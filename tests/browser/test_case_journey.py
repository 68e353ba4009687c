"""Two children of the demo camp: one reaches the UK, one is refused and appeals."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pyotp
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture
def demo(transactional_db):
    from haven.apps.accounts.models import User
    from haven.apps.people.demo import demo_camp_load
    from haven.apps.people.models import Person
    from haven.synthetic import generate_camp

    demo_camp_load(generate_camp(200, 2016))
    from django.utils import timezone

    from haven.apps.accounts.models import TotpDevice

    user = User.objects.create_user(
        username="sup", password=PASSWORD, role="supervisor", agency="Safe Passage"
    )
    TotpDevice.objects.create(user=user, secret=SECRET, confirmed_at=timezone.now())
    # Children whose cases the supervisor's agency holds.
    children = list(
        Person.objects.filter(child_status="unaccompanied", agency="Safe Passage")
    )
    arabic = next(p for p in children if "ar" in p.languages)
    other = next(p for p in children if p.pk != arabic.pk)
    return other, arabic


def log_in(page, base):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "sup")
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Second factor")
    page.fill("#id_code", pyotp.TOTP(SECRET).now())
    page.locator("main button[type=submit]").click()
    expect(page.locator("h1")).not_to_have_text("Second factor")


def open_case(page, base, person):
    page.goto(f"{base}/cases/")
    page.fill("#id_registration_number", person.registration_number)
    page.fill("#id_contact", "Safe Passage, container camp office")
    page.locator("#case-open button").click()
    expect(page.locator("#case-state")).to_have_attribute("data-state", "registered")


def case_step(page, target, reason):
    page.select_option("#case-target", target)
    page.fill("#case-reason", reason)
    page.locator("#case-step button").click()
    expect(page.locator("#case-state")).to_have_attribute("data-state", target)


def request_step(page, target, reason):
    form = page.locator("form.request-step").first
    form.locator("select").select_option(target)
    form.locator("textarea").fill(reason)
    form.locator("button").click()
    expect(page.locator("div.request").first).to_have_attribute("data-state", target)


def test_a_child_goes_from_registration_to_arrival(live_server, page, demo, screenshot):
    child, _ = demo
    base = live_server.url
    log_in(page, base)
    open_case(page, base, child)
    case_url = page.url
    case_step(page, "screened", "age, needs and consent checked")

    # Taking down a tracing request moves the case to tracing by itself.
    page.locator("#case-tracing").click()
    expect(page.locator("h1")).to_contain_text("Family tracing")
    page.fill("#id_requested_by", "the child")
    page.select_option("#id_relation", "uncle")
    page.fill("#id_name_as_remembered", "Abdallah")
    page.fill("#id_last_known_city", "Leeds")
    page.get_by_role("button", name="Save request").click()
    expect(page.locator("h1")).to_have_text("Tracing request")
    page.goto(case_url)
    expect(page.locator("#case-state")).to_have_attribute("data-state", "tracing")
    expect(page.locator("#case-history")).to_contain_text("tracing request")
    case_step(
        page, "determination", "uncle found and confirmed by the British Red Cross"
    )
    screenshot("10-case-determination")

    # A request is drafted from a determination. The demo camp is of 2016; the
    # facts are brought to now: a child who applied three weeks ago, whose
    # sister lives in Germany.
    today = date.today()
    page.goto(f"{base}/determinations/people/{child.pk}/")
    facts = json.loads(page.input_value("#id_facts"))
    facts["applicant"]["date_of_birth"] = "2012-01-01"
    facts["applicant"]["unaccompanied"] = True
    facts["applications"] = [
        {"state": "FR", "date": (today - timedelta(days=21)).isoformat()}
    ]
    facts["determining_state"] = "FR"
    facts["best_interests"] = {"assessed_on": (today - timedelta(days=2)).isoformat()}
    facts["family_members"] = [
        {
            "relation": "sibling",
            "state": "DE",
            "legally_present": True,
            "can_take_care": True,
            "date_of_birth": "1995-04-01",
        }
    ]
    page.fill("#id_facts", json.dumps(facts, indent=2))
    page.get_by_role("button", name="Determine").click()
    expect(page.locator("#result .responsible-state")).to_have_text("DE")
    page.goto(case_url)
    page.locator("#request-form").evaluate("f => f.closest('details').open = true")
    expect(page.locator("#id_requested_state")).to_have_value("DE")
    page.locator("#request-form button").click()
    # Sending the request moves the case on by itself.
    request_step(page, "sent", "sent by DubliNet")
    expect(page.locator("#case-state")).to_have_attribute("data-state", "request_sent")
    request_step(page, "reply_due", "receipt acknowledged")
    expect(page.locator("div.request").first).to_contain_text("Reply due by")
    # The reply is recorded on the tracker, as an explicit choice.
    page.goto(f"{base}/determinations/requests/")
    row = page.locator("tr.request-row[data-state=reply_due]")
    row.locator("form.request-reply input[value=accepted]").check()
    row.locator("form.request-reply button").click()
    page.goto(case_url)
    expect(page.locator("#case-state")).to_have_attribute("data-state", "accepted")
    screenshot("11-case-accepted")

    # The bus is planned with places chosen by name and the child found by search.
    from haven.apps.people.models import Location

    def place(key):
        where = Location.objects.get(key=key)
        return f"{where.name} ({where.get_kind_display()}, {where.country})"

    page.goto(f"{base}/transfers/")
    page.select_option("#id_mode", "coach")
    page.select_option("#id_origin", label=place("camp-calais"))
    page.fill("#id_escort_name", "Escort A")
    page.fill("#id_escort_agency", "Home Office")
    page.locator("#manifest-form button").click()
    page.fill("#id_query", child.registration_number)
    page.locator("#people-search button[type=submit]").click()
    page.locator(f"#results input[value='{child.pk}']").check()
    # Germany accepted the take charge (AMMR): the child travels to Germany; a move
    # elsewhere is blocked unless overridden with a reason (transfers.checks).
    page.select_option("#id_destination", label=place("city-berlin"))
    page.locator("#add-people").click()
    page.locator("button.check-out").click()
    expect(page.locator("td.custody")).to_have_text("Checked out")
    page.locator("#depart").click()
    page.locator("#confirm-depart").click()
    expect(page.locator("td.custody")).to_have_text("In transit")
    screenshot("12-manifest-in-transit")
    page.locator("button.check-in").click()
    expect(page.locator("td.custody")).to_have_text("Checked in")
    screenshot("13-manifest-checked-in")

    page.goto(f"{base}/cases/")
    page.get_by_role("link", name=child.registration_number).click()
    expect(page.locator("#case-state")).to_have_attribute("data-state", "arrived")
    expect(page.locator("#case-history")).to_contain_text("checked in at city-berlin")
    screenshot("14-case-arrived")
    page.goto(f"{base}/cases/metrics/")
    expect(page.locator("#median-to-arrival")).not_to_have_text("—")
    screenshot("15-metrics")


def test_a_child_is_refused_with_an_arabic_letter_and_appeals(
    live_server, page, demo, screenshot
):
    _, child = demo
    base = live_server.url
    log_in(page, base)
    open_case(page, base, child)
    case_step(page, "screened", "age, needs and consent checked")
    case_step(page, "determination", "no relative in the UK; s.67 criteria assessed")
    page.locator("#decision-form").evaluate("f => f.closest('details').open = true")
    page.select_option("#id_subject", "eligibility")
    page.select_option("#id_outcome", "refused")
    page.select_option("#id_reason_code", "criteria_not_met")
    page.fill("#id_reason_text", "Arrived in Europe after 20 March 2016.")
    page.select_option("#id_appeal_route", "uk_judicial_review")
    page.select_option("#id_language", "ar")
    page.locator("#decision-form button").click()
    expect(page.locator("#case-state")).to_have_attribute("data-state", "refused")
    expect(page.locator(".appeal-deadline")).to_be_visible()
    screenshot("20-case-refused")

    page.get_by_role("link", name="HTML").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("body")).to_contain_text("تم رفض طلبك")
    expect(page.locator(".unreviewed")).to_be_visible()
    screenshot("21-letter-arabic")
    page.go_back()

    page.locator("form.delivery-form select").select_option("read_out")
    page.locator("form.delivery-form input[name=interpreter]").fill("Interpreter 7")
    page.locator("form.delivery-form input[name=interpreter_language]").fill("ar")
    page.locator("form.delivery-form button").click()
    expect(page.locator(".delivery")).to_contain_text("Interpreter 7")
    page.locator("form.appeal-form button").click()
    expect(page.locator("div.appeal")).to_have_attribute("data-state", "lodged")
    step = page.locator("form.appeal-step")
    step.locator("select[name=target]").select_option("pending")
    step.locator("textarea").fill("listed by the Upper Tribunal")
    step.locator("button").click()
    expect(page.locator("div.appeal")).to_have_attribute("data-state", "pending")
    screenshot("22-appeal-pending")

    page.locator("#issue-code").click()
    code = page.locator("#status-code").inner_text()
    page.context.clear_cookies()
    page.goto(f"{base}/status/")
    page.fill("#id_code", "AAAA-BBBB-CCCC")
    page.locator("main button[type=submit]").click()
    expect(page.locator("#not-shown")).to_be_visible()
    page.fill("#id_code", code)
    page.locator("main button[type=submit]").click()
    expect(page.locator("section.status")).to_contain_text(child.given_name)
    expect(page.locator("section.status")).to_contain_text("تم تقديم طعنك")
    screenshot("23-status-page-arabic")
