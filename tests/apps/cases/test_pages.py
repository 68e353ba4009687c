"""Letter PDFs render; the status page shows little and reveals nothing."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from django.core.cache import cache
from PIL import Image

from haven.apps.cases.letters import letter_pdf
from haven.apps.cases.models import Letter
from haven.apps.cases.services import decision_record, status_code_issue
from haven.apps.core.actors import Actor
from tests.apps.cases.builders import OFFICER, case_at_determination, child

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def refusal(person=None):
    case, now = case_at_determination(person)
    decision_record(
        case=case,
        subject="eligibility",
        outcome="refused",
        reason_code="criteria_not_met",
        reason_text="Arrived in Europe after 20 March 2016.",
        appeal_route="uk_judicial_review",
        actor=Actor(name=OFFICER, role="dublin_officer"),
        now=now,
    )
    return case, Letter.objects.get(decision__case=case)


def non_white_fraction(pdf: bytes, tmp_path) -> float:
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf)
    subprocess.run(  # noqa: S603 - fixed arguments, our own file
        [
            shutil.which("pdftoppm") or "pdftoppm",
            "-png",
            "-r",
            "50",
            "-f",
            "1",
            "-l",
            "1",
            str(path),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    [png] = sorted(tmp_path.glob("page*.png"))
    image = Image.open(io.BytesIO(png.read_bytes())).convert("L")
    histogram = image.histogram()
    return sum(histogram[:200]) / sum(histogram)


@pytest.mark.parametrize("language", ["ar", "ti", "fa", "fr", "en"])
def test_a_decision_letter_pdf_renders_a_page_that_is_not_blank(
    camp, tmp_path, language
):
    _, letter = refusal(child(languages=(language,)))
    assert letter.language == language
    pdf = letter_pdf(letter.html)
    assert pdf.startswith(b"%PDF")
    assert non_white_fraction(pdf, tmp_path) > 0.01


def test_the_status_page_shows_first_name_and_stage_in_the_persons_language(
    camp, client
):
    case, _ = refusal()
    code = status_code_issue(case=case, actor=Actor(name="cw"), now=case.state_since)
    response = client.post("/status/", {"code": code})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'lang="ar"' in body
    assert "Yousef" in body
    assert "تم رفض ملفك" in body
    assert "2017-01-23" in body
    assert case.person.registration_number not in body
    assert "Mohammed" not in body
    assert response["Cache-Control"].startswith("max-age=0")


def test_a_wrong_code_and_a_limited_one_get_the_same_answer(camp, client):
    case, _ = refusal()
    code = status_code_issue(case=case, actor=Actor(name="cw"), now=case.state_since)
    wrong = client.post("/status/", {"code": "AAAA-BBBB-CCCC"})
    assert wrong.status_code == 200
    for _ in range(4):
        client.post("/status/", {"code": code.replace("-", "")[:-1] + "2"})
    for _ in range(5):
        client.post("/status/", {"code": "ZZZZ-ZZZZ-ZZZZ"})
    limited = client.post("/status/", {"code": code})
    assert limited.status_code == 429
    strip = lambda r: r.content.decode().split('name="csrfmiddlewaretoken" value="')[0]  # noqa: E731
    assert strip(limited) == strip(wrong)
    assert "Yousef" not in limited.content.decode()
    assert client.get("/status/?code=" + code).content.decode().count("Yousef") == 0


def test_the_person_page_links_to_the_persons_case(camp, client, make_user):
    case, _ = case_at_determination()
    client.force_login(make_user("health_officer"))
    page = client.get(f"/people/{case.person_id}/").content.decode()
    assert f'href="/cases/{case.pk}/"' in page
    assert 'name="contact"' not in page


def test_a_person_without_a_case_is_offered_one_only_to_writers(
    camp, client, make_user
):
    person = child()
    client.force_login(make_user("health_officer"))
    page = client.get(f"/people/{person.pk}/").content.decode()
    assert 'id="person-case"' not in page
    client.force_login(make_user("caseworker"))
    page = client.get(f"/people/{person.pk}/").content.decode()
    assert 'id="person-case"' in page
    assert person.registration_number in page
    opened = client.post(
        "/cases/",
        {"registration_number": person.registration_number, "contact": "Office 2"},
    )
    assert opened.status_code == 302
    page = client.get(f"/people/{person.pk}/").content.decode()
    assert f'href="{opened["Location"]}"' in page
