"""The determination page shows an acceptance, its review notice and the limits."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import time_machine
from django.template.loader import render_to_string
from django.utils import translation

from haven.apps.core.actors import Actor
from haven.apps.determinations.models import Determination
from haven.apps.determinations.presentation import LIMIT_STATUS_LABELS, result_view
from haven.apps.determinations.services import determination_create
from haven.engines.responsibility import determine
from tests.apps.determinations.builders import child_with_brother_in_the_uk

pytestmark = pytest.mark.django_db

# An adult who entered Italy irregularly on 2016-03-01 and lodged in France on
# 2016-10-24: the criteria give IT (Dublin III Art 13(1)). France asked Spain to take
# charge on 2016-11-15 and Spain never replied. The reply limit is 2 months from
# receipt (Art 22(1)): 2017-01-15, a Sunday, so Monday 2017-01-16 (Reg. 1182/71
# Art 3(4)). From 2017-01-17 Spain has accepted by silence (Art 22(7)), against the
# criteria, and the reply limit was missed.
FACTS = {
    "applicant": {
        "date_of_birth": "1990-01-01",
        "nationality": "SY",
        "unaccompanied": False,
    },
    "applications": [{"state": "FR", "date": "2016-10-24"}],
    "irregular_entries": [{"state": "IT", "date": "2016-03-01"}],
    "family_members": [],
    "requests": [
        {
            "type": "take_charge",
            "requesting_state": "FR",
            "requested_state": "ES",
            "sent": "2016-11-15",
        }
    ],
}
ON_20_JANUARY_2017 = datetime(2017, 1, 20, 9, 0, tzinfo=UTC)


def _text(html: str) -> str:
    """Return what a reader sees of some HTML: tags dropped, spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).strip()


def _acceptance(body: str) -> str:
    start = body.index(">", body.index('id="acceptance"')) + 1
    return _text(body[start : body.index("</div>", start)])


def _rows(body: str, css: str) -> list[str]:
    """Return the text of each table row of a class."""
    return [
        _text(row)
        for row in re.findall(rf'<tr class="limit {css}"[^>]*>(.*?)</tr>', body, re.S)
    ]


def test_tacit_acceptance_against_the_criteria_is_shown_with_a_review_notice(
    camp, client, make_user
):
    person = child_with_brother_in_the_uk(camp)
    officer = make_user("dublin_officer")
    with time_machine.travel(ON_20_JANUARY_2017, tick=False):
        run = determination_create(
            person=person,
            actor=Actor(user_id=officer.pk, name=officer.username),
            facts=FACTS,
            now=ON_20_JANUARY_2017,
        )
        assert run.determination.determination_date == date(2017, 1, 20)
        client.force_login(officer)
        page = client.get(f"/determinations/people/{person.pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    acceptance = _acceptance(body)
    assert acceptance.startswith("Responsible: ES — accepted by ES on 2017-01-16")
    assert "(tacit: no reply within the limit, Dublin III Art 22(7);" in acceptance
    assert (
        "Review haven's reading of the criteria points to IT "
        "(Dublin III Art 13(1)): review." in acceptance
    )
    assert 'class="review-notice"' in body
    # The acceptance heads the result, before the facts list and the limits.
    assert body.index('id="acceptance"') < body.index('class="facts"')
    missed = _rows(body, "status-missed")
    assert len(missed) == 1
    assert "Reply to the take-charge request" in missed[0]
    assert "2017-01-16" in missed[0]
    assert "no reply by 2017-01-16" in missed[0]
    assert "missed" in missed[0]
    # The request went on 2016-11-15, within 3 months of the lodging (2017-01-24).
    met = _rows(body, "status-met")
    assert len(met) == 1
    assert "2017-01-24" in met[0]
    assert "1 limit missed" in body
    # The transfer is due 6 months from the acceptance: 2017-07-16, a Sunday, so
    # 2017-07-17 (Art 29(1)); still open on 2017-01-20.
    opened = _rows(body, "status-open")
    assert len(opened) == 1
    assert "2017-07-17" in opened[0]
    assert "Dublin III Art 29(1)" in opened[0]


def test_acceptance_without_a_criteria_reading_says_it_could_not_be_made(
    camp, client, make_user
):
    """With no entry nor lodging known, the criteria cannot be read: say so."""
    person = child_with_brother_in_the_uk(camp)
    officer = make_user("dublin_officer")
    facts = {
        "applicant": {},
        "applications": [{"state": "FR", "date": "2016-10-24"}],
        "family_members": [],
        "requests": [
            {
                "type": "take_back",
                "requesting_state": "FR",
                "requested_state": "DE",
                "sent": "2016-11-15",
                "reply": {"date": "2016-12-01", "decision": "accepted"},
            }
        ],
    }
    now = datetime(2016, 12, 10, 9, 0, tzinfo=UTC)
    with time_machine.travel(now, tick=False):
        determination_create(
            person=person,
            actor=Actor(user_id=officer.pk, name=officer.username),
            facts=facts,
            now=now,
        )
        client.force_login(officer)
        body = client.get(f"/determinations/people/{person.pk}/").content.decode()
    acceptance = _acceptance(body)
    assert acceptance.startswith("Responsible: DE — accepted by DE on 2016-12-01")
    assert "(express, Dublin III Art 25(1); take-back request)" in acceptance
    assert "haven's reading of the criteria could not be made: review." in acceptance


def test_a_result_stored_before_limits_existed_still_renders_as_out_of_date(
    camp, client, make_user
):
    """An older result has no limits nor acceptance: the page still shows it."""
    person = child_with_brother_in_the_uk(camp)
    officer = make_user("dublin_officer")
    Determination.objects.create(
        person=person,
        regime="dublin3",
        responsible_state="GB",
        article="Dublin III Art 8(1)",
        result={
            "regime": "dublin3",
            "determination_date": "2016-10-20",
            "responsible_state": "GB",
            "article": "Dublin III Art 8(1)",
            "deadlines": {
                "take_charge_request": {
                    "date": "2017-01-02",
                    "rule": "Dublin III Art 21(1)",
                    "runs_from": "2016-10-01",
                    "rolled_forward": True,
                }
            },
            "reasons": [],
            "flags": [],
            "needs_information": [],
        },
        facts={},
        edits={},
        facts_hash="0" * 64,
        engine_version="responsibility-1.0.0",
        determination_date=date(2016, 10, 20),
        determined_at=datetime(2016, 10, 20, 9, 0, tzinfo=UTC),
    )
    client.force_login(officer)
    with time_machine.travel(datetime(2016, 10, 20, 10, 0, tzinfo=UTC), tick=False):
        page = client.get(f"/determinations/people/{person.pk}/")
    body = page.content.decode()
    assert page.status_code == 200
    assert page.context["stale"] is True
    assert "Determine again to bring it up to date" in body
    assert "2017-01-02" in body
    assert 'id="acceptance"' not in body
    assert "Time limits" not in body


def test_an_extended_transfer_limit_shows_the_normal_one_superseded(
    camp, client, make_user
):
    """
    Absconding notified in time extends the transfer limit; both limits are shown.

    Italy accepted expressly on 2016-12-05: the transfer was due within 6 months,
    2017-06-05 (Dublin III Art 29(1)); absconding notified on 2017-05-01 extends it
    to 18 months, 2018-06-05 (Art 29(2)). The acceptance agrees with the criteria
    (irregular entry into Italy, Art 13(1)), so there is nothing to review.
    """
    person = child_with_brother_in_the_uk(camp)
    officer = make_user("dublin_officer")
    facts = {
        **FACTS,
        "requests": [
            {
                "type": "take_charge",
                "requesting_state": "FR",
                "requested_state": "IT",
                "sent": "2016-11-15",
                "reply": {"date": "2016-12-05", "decision": "accepted"},
            }
        ],
        "transfers": [
            {
                "to_state": "IT",
                "extension": "absconding",
                "extension_notified": "2017-05-01",
            }
        ],
    }
    now = datetime(2017, 7, 1, 9, 0, tzinfo=UTC)
    with time_machine.travel(now, tick=False):
        determination_create(
            person=person,
            actor=Actor(user_id=officer.pk, name=officer.username),
            facts=facts,
            now=now,
        )
        client.force_login(officer)
        body = client.get(f"/determinations/people/{person.pk}/").content.decode()
    acceptance = _acceptance(body)
    assert acceptance.startswith("Responsible: IT — accepted by IT on 2016-12-05")
    assert "(express, Dublin III Art 22(1);" in acceptance
    assert 'class="review-notice"' not in body
    (superseded,) = _rows(body, "status-superseded")
    assert superseded.startswith("Transfer, without extension 2017-06-05")
    assert "Dublin III Art 29(1)" in superseded
    extended = [row for row in _rows(body, "status-open") if "Art 29(2)" in row]
    assert any(row.startswith("Transfer, extended 2018-06-05") for row in extended)
    assert "limit missed" not in body


def test_every_limit_the_scenarios_set_has_a_label_and_every_status_a_word():
    """No limit is shown to an officer under its raw identifier."""
    folder = Path(__file__).parents[2] / "scenarios" / "responsibility"
    seen = set()
    for path in sorted(folder.glob("*.json")):
        result = determine(json.loads(path.read_text("utf-8"))["facts"]).to_json()
        for row in result_view(result)["limit_rows"]:
            assert row.label != row.name, (path.name, row.name)
            assert row.status in LIMIT_STATUS_LABELS, (path.name, row.status)
            seen.add(row.status)
    # The scenarios exercise every status the engine documents but "elapsed".
    assert {"met", "missed", "open", "superseded", "not_applicable"} <= seen


def test_an_acceptance_of_a_late_request_is_shown_as_not_binding(
    camp, client, make_user
):
    """
    A request sent after its limit leaves the requesting state responsible.

    Lodged 2016-10-24, so the request was due within 3 months, by 2017-01-24
    (Dublin III Art 21(1)); sent 2017-02-01, it was late, and France is responsible
    (Art 21(1) third subparagraph) although Spain accepted on 2017-02-10.
    """
    person = child_with_brother_in_the_uk(camp)
    officer = make_user("dublin_officer")
    facts = {
        **FACTS,
        "requests": [
            {
                "type": "take_charge",
                "requesting_state": "FR",
                "requested_state": "ES",
                "sent": "2017-02-01",
                "reply": {"date": "2017-02-10", "decision": "accepted"},
            }
        ],
    }
    now = datetime(2017, 2, 20, 9, 0, tzinfo=UTC)
    with time_machine.travel(now, tick=False):
        determination_create(
            person=person,
            actor=Actor(user_id=officer.pk, name=officer.username),
            facts=facts,
            now=now,
        )
        client.force_login(officer)
        body = client.get(f"/determinations/people/{person.pk}/").content.decode()
    acceptance = _acceptance(body)
    assert acceptance.startswith(
        "ES accepted on 2017-02-10, but FR is responsible under "
        "Dublin III Art 21(1) third subparagraph"
    )
    assert "points to IT (Dublin III Art 13(1)): review." in acceptance
    assert "The acceptance binds" not in acceptance
    (missed,) = _rows(body, "status-missed")
    assert missed.startswith("Take-charge request 2017-01-24")
    assert "request sent on 2017-02-01" in missed


@pytest.mark.parametrize(
    ("language", "words"),
    [
        (
            "fr",
            [
                "Responsable : ES — acceptation par ES le 2017-01-16",
                "Délais",
                "non respecté",
                "La lecture des critères par haven désigne",
            ],
        ),
        (
            "ar",
            [
                "الدولة المسؤولة: ES — قبلت ES في 2017-01-16",
                "المهل",
                "فائتة",
                "قراءة haven للمعايير تشير إلى",
            ],
        ),
    ],
)
def test_the_acceptance_and_limits_are_translated(
    camp, client, make_user, language, words
):
    person = child_with_brother_in_the_uk(camp)
    officer = make_user("dublin_officer")
    with time_machine.travel(ON_20_JANUARY_2017, tick=False):
        determination_create(
            person=person,
            actor=Actor(user_id=officer.pk, name=officer.username),
            facts=FACTS,
            now=ON_20_JANUARY_2017,
        )
        client.force_login(officer)
        client.cookies["django_language"] = language
        body = client.get(f"/determinations/people/{person.pk}/").content.decode()
    text = _text(body)
    for word in words:
        assert word in text
    assert "Time limits" not in text


def test_unverified_and_elapsed_limits_are_marked():
    """
    AMMR: the 3-year extension for absconding is UNVERIFIED; a passed decision limit
    the facts say nothing about is "elapsed".

    Italy accepted on 2026-07-20; the transfer decision was due 2 weeks later,
    2026-08-03 (AMMR Art 42(1)), and the facts do not record it; absconding extends
    the 6-month transfer limit (2027-01-20, Art 46(1)) to 3 years, 2029-07-20 (Art
    46(2)).
    """
    scenario = "ammr_absconding_extends_the_transfer_limit_to_three_years.json"
    path = Path(__file__).parents[2] / "scenarios" / "responsibility" / scenario
    result = determine(json.loads(path.read_text("utf-8"))["facts"]).to_json()
    with translation.override("en"):
        html = render_to_string(
            "determinations/_result.html", {"result": result_view(result)}
        )
    (extended,) = re.findall(
        r'data-limit="transfer_extended"[^>]*>(.*?)</tr>', html, re.S
    )
    assert _text(extended).startswith("Transfer, extended 2029-07-20")
    assert "UNVERIFIED" in _text(extended)
    (decision,) = _rows(html, "status-elapsed")
    assert decision.startswith("Transfer decision 2026-08-03")
    assert decision.endswith("elapsed, not recorded")
    (normal,) = _rows(html, "status-superseded")
    assert normal.startswith("Transfer, without extension 2027-01-20")
    assert "UNVERIFIED" not in normal
