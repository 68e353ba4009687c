"""
The Dublin officer's path with one request model, under the AMMR.

Determination → a request pre-filled to the determined state → the tracker shows
it with the AMMR limit → a mistaken draft is withdrawn → another is sent → an
acceptance is recorded → the transfer limit counted from the acceptance is on
the case page, the tracker and the person's status page. The expected limits are
the table's (``haven.engines.workflow``), not typed.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pyotp
import pytest
import time_machine
from playwright.sync_api import expect

from haven.engines.workflow import reply_deadline, request_deadline, transfer_deadline

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
TODAY = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
LODGED = date(2026, 11, 2)
SENT = date(2026, 11, 10)
ACCEPTED = date(2026, 11, 16)


@pytest.fixture
def child_with_a_sister_in_germany(transactional_db):
    """A separated child in Calais in November 2026, whose sister lives in Berlin."""
    from django.utils import timezone

    from haven.apps.accounts.models import TotpDevice, User
    from haven.apps.people.models import Location, Person, Registration, Relationship

    with time_machine.travel(TODAY, tick=True):
        camp = Location.objects.create(
            key="calais", name="Calais camp", kind="camp", country="FR"
        )
        berlin = Location.objects.create(
            key="berlin", name="Berlin", kind="city", country="DE"
        )
        child = Person.objects.create(
            registration_number="HVN-R0001",
            given_name="Selam",
            family_name="Tesfaye",
            sex="F",
            date_of_birth=date(2011, 3, 1),
            dob_precision="exact",
            child_status=Person.ChildStatus.SEPARATED,
            nationalities=["ER"],
            languages=["ar"],
            agency="OFII",
            team="north",
        )
        sister = Person.objects.create(
            registration_number="HVN-R0002",
            given_name="Mehret",
            family_name="Tesfaye",
            sex="F",
            date_of_birth=date(1999, 6, 1),
            dob_precision="exact",
            nationalities=["ER"],
            agency="OFII",
            team="north",
        )
        Registration.objects.create(
            person=child,
            source_kind=Registration.SourceKind.STATE_AUTHORITY,
            source_name="Préfecture du Pas-de-Calais",
            external_id="R0001-prefecture",
            location=camp,
            registered_at=datetime(2026, 11, 2, 10, tzinfo=UTC),
            registered_by="clerk-1",
            asylum_lodged_on=date(2026, 11, 2),
        )
        Registration.objects.create(
            person=sister,
            source_kind=Registration.SourceKind.RELATIVE_DECLARED,
            source_name="declared by the child",
            external_id="R0002-declared",
            location=berlin,
            registered_at=datetime(2026, 11, 2, 11, tzinfo=UTC),
            registered_by="clerk-1",
        )
        Relationship.objects.create(person=sister, relative=child, relation="sibling")
        officer = User.objects.create_user(
            username="dublin", password=PASSWORD, role="dublin_officer", agency="OFII"
        )
        TotpDevice.objects.create(
            user=officer, secret=SECRET, confirmed_at=timezone.now()
        )
        yield child


def _log_in(page, base):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "dublin")
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.fill("#id_code", pyotp.TOTP(SECRET).now())
    page.locator("main button[type=submit]").click()
    expect(page.locator("h1")).not_to_have_text("Second factor")


def _draft(page):
    page.locator("#request-form button").click()
    expect(page.locator("div.request").first).to_have_attribute("data-state", "drafted")


def test_the_dublin_officer_drafts_withdraws_sends_and_records_an_acceptance(
    live_server, page, child_with_a_sister_in_germany, screenshot
):
    child = child_with_a_sister_in_germany
    base = live_server.url
    _log_in(page, base)

    # Determination under the AMMR: the application was lodged in November 2026.
    page.goto(f"{base}/determinations/people/{child.pk}/")
    facts = json.loads(page.input_value("#id_facts"))
    assert facts["applications"] == [{"state": "FR", "date": LODGED.isoformat()}]
    facts["best_interests"] = {"assessed_on": "2026-11-12"}
    for member in facts["family_members"]:
        member["legally_present"] = True
        member["can_take_care"] = True
    page.fill("#id_facts", json.dumps(facts, indent=2))
    page.get_by_role("button", name="Determine").click()
    expect(page.locator("#result .responsible-state")).to_have_text("DE")
    article = page.locator("#result .article").inner_text()
    assert "AMMR" in article

    # The request is pre-filled from it: the determined state, not a default.
    expect(page.locator("#id_requested_state")).to_have_value("DE")
    expect(page.locator("#id_requesting_state")).to_have_value("FR")
    expect(page.locator("#id_legal_basis")).to_have_value(article)
    expect(page.locator("#id_lodged_on")).to_have_value(LODGED.isoformat())
    screenshot("60-request-prefilled-from-determination")
    _draft(page)

    # The tracker lists the draft with the person's name and the AMMR limit.
    to_send = request_deadline("take_charge", lodged_on=LODGED, regime="ammr")
    page.goto(f"{base}/determinations/requests/")
    row = page.locator("tr.request-row").first
    expect(row).to_contain_text("Selam Tesfaye")
    expect(row).to_contain_text("AMMR")
    expect(row.locator(".limit-due")).to_have_text(to_send.due.isoformat())
    expect(row).to_contain_text(str(to_send.citation))
    screenshot("61-tracker-draft-with-ammr-limit")

    # The draft was a mistake: withdraw it, with the reason.
    row.locator("form.request-withdraw input[name=reason]").fill(
        "drafted twice by mistake"
    )
    row.locator("form.request-withdraw button").click()
    expect(page.locator("tr.request-row")).to_have_count(0)
    page.locator("#show-closed").click()
    withdrawn = page.locator("tr.request-row[data-state=withdrawn]")
    expect(withdrawn).to_contain_text("drafted twice by mistake")
    screenshot("62-tracker-withdrawn-draft")

    # Draft another from the determination page, then send it from the tracker.
    page.goto(f"{base}/determinations/people/{child.pk}/")
    _draft(page)
    page.goto(f"{base}/determinations/requests/")
    row = page.locator("tr.request-row[data-state=drafted]")
    row.locator("form.request-send input[name=on]").fill(SENT.isoformat())
    row.locator("form.request-send button").click()
    row = page.locator("tr.request-row[data-state=sent]")
    reply_by = reply_deadline("take_charge", received_on=SENT, regime="ammr")
    expect(row.locator(".limit-due")).to_have_text(reply_by.due.isoformat())

    # The reply is an explicit choice: nothing is selected until the officer picks.
    radios = row.locator("form.request-reply input[type=radio]")
    expect(radios.first).to_be_visible()
    for index in range(radios.count()):
        expect(radios.nth(index)).not_to_be_checked()
    screenshot("63-tracker-sent-reply-unchosen")
    row.locator("form.request-reply input[value=accepted]").check()
    row.locator("form.request-reply input[name=replied_on]").fill(ACCEPTED.isoformat())
    row.locator("form.request-reply button").click()

    # The transfer limit runs from the acceptance, on the tracker...
    transfer = transfer_deadline(accepted_on=ACCEPTED, regime="ammr")
    due = transfer.due.isoformat()
    row = page.locator("tr.request-row[data-state=accepted]")
    expect(row.locator(".limit-due")).to_have_text(due)
    expect(row).to_contain_text(str(transfer.citation))
    screenshot("64-tracker-accepted-transfer-limit")

    # ... on the case page ...
    page.goto(f"{base}/cases/")
    page.get_by_role("link", name=child.registration_number).click()
    expect(page.locator("#case-state")).to_have_attribute("data-state", "accepted")
    accepted = page.locator("div.request[data-state=accepted]")
    expect(accepted.locator(".limit-transfer .limit-due")).to_have_text(due)
    screenshot("65-case-transfer-limit")

    # ... and on the person's status page.
    page.locator("#issue-code").click()
    code = page.locator("#status-code").inner_text()
    page.goto(f"{base}/determinations/requests/")
    page.set_viewport_size({"width": 390, "height": 844})
    page.select_option("#lang-select", "ar")
    page.locator("form.lang button").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("tr.request-row .limit-due").first).to_have_text(due)
    screenshot("66-tracker-arabic-390px")
    page.context.clear_cookies()
    page.goto(f"{base}/status/")
    page.fill("#id_code", code)
    page.locator("main button[type=submit]").click()
    expect(page.locator("section.status")).to_contain_text("Selam")
    expect(page.locator(".next-date")).to_contain_text(due)
    screenshot("67-status-page-transfer-limit")
