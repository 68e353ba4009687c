"""
The transfer pages: people found by name through POST, places by name, the
blocks and their override on the page, the print, the departure's confirmation,
and other agencies' people kept out of every page.
"""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client

from haven.apps.audit.models import AuditEvent
from haven.apps.people.inputs import NameInput
from haven.apps.people.models import Person
from haven.apps.transfers.models import ManifestEntry, ManifestPrint, MissingPersonAlert
from tests.apps.cases.builders import case_at_determination, child, sent_request
from tests.conftest import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _on_the_camps_day():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def as_role(make_user):
    def login(role: str = "caseworker", **kwargs) -> Client:
        client = Client()
        client.force_login(make_user(role, **kwargs))
        return client

    return login


def new_manifest(client, camp) -> str:
    response = client.post(
        "/transfers/",
        {
            "mode": "bus",
            "origin": camp[1].pk,
            "departure_planned": "2016-10-21T09:00",
            "check_in_within_hours": 12,
            "escort_name": "Escort A",
            "escort_agency": "Safe Passage",
        },
    )
    assert response.status_code == 302, response.content
    return response["Location"]


def test_places_are_chosen_by_name_and_people_found_by_a_name_sent_by_post(
    as_role, camp, centre
):
    client = as_role()
    page = client.get("/transfers/").content.decode()
    assert "Container camp (Sector, FR)" in page
    assert 'name="origin_key"' not in page
    url = new_manifest(client, camp)
    person = child(name=NameInput("Yonas", "", "", "Tesfay", "ዮናስ ተስፋይ"))
    found = client.post(url, {"action": "search", "query": "Yonas Tesfay"})
    assert f'value="{person.pk}"' in found.content.decode()
    added = client.post(
        url, {"action": "add", "person": [person.pk], "destination": centre.pk}
    )
    assert added.status_code == 302
    [line] = ManifestEntry.objects.all()
    assert (line.person_id, line.destination_id) == (person.pk, centre.pk)


def test_a_blocked_child_is_shown_with_the_rule_and_added_with_a_reason(
    as_role, camp, centre
):
    case, now = case_at_determination()
    sent_request(case, now)
    client = as_role()
    url = new_manifest(client, camp)
    refused = client.post(
        url, {"action": "add", "person": [case.person.pk], "destination": centre.pk}
    ).content.decode()
    assert "awaits its reply" in refused
    assert "Dublin III Art 29(1)" in refused
    assert f'value="{case.person.pk}" checked' in refused  # still ticked
    assert not ManifestEntry.objects.exists()
    client.post(
        url,
        {
            "action": "add",
            "person": [case.person.pk],
            "destination": centre.pk,
            "override_reason": "Travels with his sister; the request follows him.",
        },
    )
    [line] = ManifestEntry.objects.all()
    assert line.override_codes == ["request_elsewhere"]
    assert "Added with an override" in client.get(url).content.decode()


def test_the_print_shows_both_scripts_and_is_audited_each_time(as_role, camp, centre):
    client = as_role()
    url = new_manifest(client, camp)
    person = child(name=NameInput("Ahmad", "", "", "Karimi", "احمد کریمی"))
    client.post(url, {"action": "add", "person": [person.pk], "destination": centre.pk})
    page = client.get(url + "print/").content.decode()
    assert "Ahmad Karimi" in page
    assert "احمد کریمی" in page
    assert "Printed by caseworker-1" in page
    client.get(url + "print/")
    assert ManifestPrint.objects.count() == 2
    assert AuditEvent.objects.filter(action="manifest.print").count() == 2


def test_the_departure_asks_first_and_raises_one_alert(as_role, camp, centre):
    client = as_role()
    url = new_manifest(client, camp)
    people = [child(), child()]
    client.post(
        url,
        {"action": "add", "person": [p.pk for p in people], "destination": centre.pk},
    )
    boards, stays = ManifestEntry.objects.order_by("pk")
    client.post(f"{url}entries/{boards.pk}/check_out/")
    confirm = client.get(url + "depart/").content.decode()
    assert "Did not board: 1 person" in confirm
    assert not MissingPersonAlert.objects.exists()
    client.post(url + "depart/", {"did_not_board": [stays.pk]})
    [alert] = MissingPersonAlert.objects.all()
    assert alert.entry_id == stays.pk


def test_another_agencys_child_is_hidden_and_its_line_answers_404(
    as_role, camp, centre
):
    ours, theirs = child(), child()
    Person.objects.filter(pk=theirs.pk).update(agency="France terre d'asile")
    dublin = as_role("dublin_officer")
    url = new_manifest(dublin, camp)
    dublin.post(
        url, {"action": "add", "person": [ours.pk, theirs.pk], "destination": centre.pk}
    )
    line_theirs = ManifestEntry.objects.get(person=theirs)
    client = as_role("caseworker", agency="Safe Passage")
    page = client.get(url).content.decode()
    assert ours.registration_number in page
    assert theirs.registration_number not in page
    assert "1 person on this manifest is outside your records" in page
    found = client.post(url, {"action": "search", "query": theirs.registration_number})
    assert f'value="{theirs.pk}"' not in found.content.decode()
    step = client.post(f"{url}entries/{line_theirs.pk}/check_out/")
    assert step.status_code == 404
    printed = client.get(url + "print/")
    assert printed.status_code == 302
    assert not ManifestPrint.objects.exists()


def test_a_bus_leaves_from_the_camp_by_default_and_cities_come_last(camp, centre):
    from haven.apps.people.models import Location
    from haven.apps.transfers.forms import ManifestForm, places

    leeds = Location.objects.create(
        key="city-leeds", name="Leeds", kind="city", country="GB"
    )
    antwerp = Location.objects.create(
        key="city-antwerp", name="Antwerp", kind="city", country="BE"
    )
    jungle, sector = camp
    assert ManifestForm().fields["origin"].initial == jungle
    # Camps, sectors and centres by country and name, then cities: a city abroad
    # is a destination (a relative's home), rarely where a bus leaves from.
    # (Names sort by the database's collation, so only the groups are compared.)
    listed = list(places())
    assert set(listed[:3]) == {jungle, centre, sector}
    assert listed[3:] == [antwerp, leeds]
