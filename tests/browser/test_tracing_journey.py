"""A caseworker traces a child's uncle in the UK registry and confirms the match."""

from __future__ import annotations

import pyotp
import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SEARCH_TIMEOUT_MS = 300_000  # training and scoring on a loaded 2-core machine


@pytest.fixture
def caseworker(transactional_db):
    from django.utils import timezone

    from haven.apps.accounts.models import TotpDevice, User

    user = User.objects.create_user(
        username="caseworker",
        password="correct horse battery staple",
        role="caseworker",
        agency="Safe Passage",
    )
    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    TotpDevice.objects.create(user=user, secret=secret, confirmed_at=timezone.now())
    return "caseworker", "correct horse battery staple", secret


@pytest.fixture
def child_and_uncle(transactional_db):
    from haven.apps.people.demo import demo_camp_load
    from haven.apps.people.models import Relationship
    from haven.synthetic import generate_camp

    demo_camp_load(generate_camp(300, 16))
    link = (
        Relationship.objects.filter(
            relation="uncle_aunt",
            person__registrations__source_kind="relative_declared",
            person__registrations__location__country="GB",
            relative__child_status__in=["unaccompanied", "separated"],
        )
        .select_related("person", "relative")
        .order_by("pk")
        .first()
    )
    # The child's case is held by the caseworker's agency.
    type(link.relative).objects.filter(pk=link.relative.pk).update(
        agency="Safe Passage", team="north"
    )
    return link.relative, link.person


def log_in(page, base, username, password, totp_secret):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("main button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Second factor")
    page.fill("#id_code", pyotp.TOTP(totp_secret).now())
    page.locator("main button[type=submit]").click()


def test_a_caseworker_finds_and_confirms_a_childs_uncle_in_the_uk_registry(
    live_server, page, caseworker, child_and_uncle, screenshot
):
    child, uncle = child_and_uncle
    registration = uncle.registrations.select_related("location").first()
    base = live_server.url
    log_in(page, base, *caseworker)
    expect(page.locator("h1")).to_have_text("Find a person")

    page.goto(f"{base}/people/{child.pk}/")
    page.get_by_role("link", name="Family tracing").click()
    expect(page.locator("h1")).to_contain_text("Family tracing")
    page.fill("#id_requested_by", "the child")
    page.select_option("#id_relation", "uncle")
    page.fill("#id_name_as_remembered", uncle.given_name)
    from django.utils import timezone

    age = timezone.localdate().year - uncle.date_of_birth.year
    page.fill("#id_approx_age", str(5 * round(age / 5)))
    page.fill("#id_last_known_city", registration.location.name)
    page.fill("#id_nationality", uncle.nationalities[0])
    page.fill("#id_remembered", "father's brother, left home in 2014")
    screenshot("tracing-01-request")
    page.get_by_role("button", name="Save request").click()
    expect(page.locator("h1")).to_have_text("Tracing request")

    page.get_by_role("button", name="Search the registry of relatives abroad").click(
        timeout=SEARCH_TIMEOUT_MS
    )
    first = page.locator("#candidate-1")
    expect(first).to_be_visible(timeout=SEARCH_TIMEOUT_MS)
    expect(first.locator("h3")).to_contain_text(registration.given_name)
    expect(first.locator("table.contributions")).to_contain_text("City")
    expect(first.locator("table.contributions")).to_contain_text("same city")
    expect(first.locator("table.contributions meter.for").first).to_be_visible()
    screenshot("tracing-02-candidates-explained")

    first.locator("select[name=decision]").select_option("confirm")
    first.locator("input[name=reason]").fill("the child recognised the photo")
    first.get_by_role("button", name="Record decision").click()
    expect(page.locator("#request-status")).to_have_text("Relative found")
    expect(page.locator("#candidate-1 .decision")).to_contain_text(
        "the child recognised the photo"
    )
    screenshot("tracing-03-confirmed")

    from haven.apps.tracing.models import MatchDecision

    decision = MatchDecision.objects.get()
    assert decision.candidate.registration.person_id == uncle.pk
