"""A clerk registers a family in Arabic script, finds it, and opens the census."""

from __future__ import annotations

import re

import pyotp
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def log_in(page, base, username, password, totp_secret):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("main button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Second factor")
    page.fill("#id_code", pyotp.TOTP(totp_secret).now())
    page.locator("main button[type=submit]").click()


def test_register_a_family_in_arabic_script_and_find_it_by_a_latin_spelling(
    live_server, page, staff, screenshot
):
    base = live_server.url
    log_in(page, base, *staff)
    expect(page.locator("h1")).to_have_text("Find a person")

    page.goto(f"{base}/people/register/")
    page.fill("#id_source_name", "Préfecture du Pas-de-Calais")
    page.select_option("#id_location_key", "calais-containers")
    page.fill("#id_m-0-name_native", "أحمد محمد حسن")
    page.fill("#id_m-0-given_name", "Ahmed")
    page.fill("#id_m-0-father_name", "Mohammed")
    page.fill("#id_m-0-grandfather_name", "Hassan")
    page.select_option("#id_m-0-sex", "M")
    page.fill("#id_m-0-date_of_birth", "1978-05-02")
    page.select_option("#id_m-0-dob_precision", "exact")
    page.select_option("#id_m-0-nationalities", "SD")
    page.click("button[name=add_member]")
    page.fill("#id_m-1-name_native", "يوسف أحمد محمد")
    page.select_option("#id_m-1-relation_to_head", "child")
    page.select_option("#id_m-1-sex", "M")
    page.fill("#id_m-1-date_of_birth", "2012-01-01")
    page.select_option("#id_m-1-dob_precision", "year")
    page.select_option("#id_m-1-child_status", "accompanied")
    screenshot("01-register-family")
    page.get_by_role("button", name="Register", exact=True).click()
    screenshot("01b-after-submit")

    expect(page.locator("h1")).to_contain_text("Household")
    expect(page.locator("table")).to_contain_text("يوسف أحمد محمد")
    screenshot("02-household")

    page.goto(f"{base}/people/")
    page.fill("#id_q", "Yusuf Ahmad")
    page.click("form.searchbar button[type=submit]")
    expect(page.locator("table")).to_contain_text("يوسف أحمد محمد")
    screenshot("03-search-latin-spelling")
    page.get_by_role("link", name=re.compile(r"^HVN-")).first.click()
    expect(page.locator("h1")).to_contain_text("يوسف أحمد محمد")
    screenshot("04-person")


def test_the_census_dashboard_in_english_and_arabic(
    live_server, page, staff, screenshot
):
    base = live_server.url
    log_in(page, base, *staff)
    page.goto(f"{base}/people/census/")
    expect(page.locator("h1")).to_have_text("Camp census")
    expect(page.locator("svg.chart").first).to_be_visible()
    screenshot("05-census-en")

    page.select_option("#lang-select", "ar")
    page.click("form.lang button")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("h1")).to_have_text("إحصاء المخيم")
    screenshot("06-census-ar")
