"""Registration warns of likely duplicates before saving, and stores a form once."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client

from haven.apps.audit.models import AuditEvent
from haven.apps.people.models import Person, PersonEvent
from tests.apps.people.test_views import family_post

TOKEN = "0f4c6f1e5b2a4d7c9e8f1a2b3c4d5e6f"


def one_member(**overrides):
    data = family_post(**{"m-TOTAL_FORMS": "1"})
    for key in [k for k in data if k.startswith("m-1-")]:
        del data[key]
    data.update(overrides)
    return data


@pytest.fixture
def clerk(client, make_user):
    user = make_user("caseworker")
    client.force_login(user)
    return user


@pytest.mark.django_db
def test_the_same_person_again_is_shown_before_anything_is_saved(clerk, client, camp):
    first = client.post("/people/register/", one_member(form_token="a" * 32))
    assert first.status_code == 302
    existing = Person.objects.get()
    # Another clerk writes the name in the other order, in another registry.
    again = one_member(
        form_token="b" * 32,
        source_name="Help Refugees census",
        source_kind="ngo_census",
        **{"m-0-given_name": "Gebremedhin", "m-0-father_name": "Tesfay"},
    )
    response = client.post("/people/register/", again)
    assert response.status_code == 200
    page = response.content.decode()
    assert Person.objects.count() == 1
    assert existing.registration_number in page
    assert f'href="/people/{existing.pk}/"' in page
    # No scan has trained a model yet: the page says there is no score.
    assert "no score" in page
    assert 'name="different_person"' in page
    assert 'value="' + "b" * 32 + '"' in page  # the same token, sent again
    confirmed = client.post("/people/register/", {**again, "different_person": "1"})
    assert confirmed.status_code == 302
    assert Person.objects.count() == 2
    new = Person.objects.exclude(pk=existing.pk).get()
    assert PersonEvent.objects.filter(
        person=new, action="registered as a different person"
    ).exists()
    assert AuditEvent.objects.filter(
        action="person.duplicate_warning_confirmed", object_id=str(new.pk)
    ).exists()


@pytest.mark.django_db
def test_someone_outside_the_clerks_scope_is_not_shown(clerk, client, camp):
    client.post("/people/register/", one_member(form_token="a" * 32))
    Person.objects.update(agency="Another agency", team="")
    response = client.post("/people/register/", one_member(form_token="c" * 32))
    assert response.status_code == 302
    assert Person.objects.count() == 2


@pytest.mark.django_db
def test_a_form_sent_again_leads_to_the_person_it_stored(clerk, client, camp):
    data = one_member(form_token=TOKEN)
    first = client.post("/people/register/", data)
    second = client.post("/people/register/", data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Person.objects.count() == 1
    changed = client.post("/people/register/", {**data, "m-0-given_name": "Yohannes"})
    assert changed.status_code == 200
    assert "already sent with other details" in changed.content.decode()
    assert Person.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_three_submissions_in_parallel_store_one_person(make_user, camp):
    """Three clicks on Register, sent at once: one person, three answers to them."""
    user = make_user("caseworker")
    data = one_member(form_token=TOKEN)
    clients = []
    for _ in range(3):
        c = Client()
        c.force_login(user)
        clients.append(c)
    answers: list[object] = [None] * 3
    start = threading.Barrier(3)

    def send(i: int) -> None:
        try:
            start.wait()
            answers[i] = clients[i].post("/people/register/", data)
        except Exception as error:  # noqa: BLE001  (reported by the assertion)
            answers[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(i,)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert all(getattr(a, "status_code", a) == 302 for a in answers), answers
    assert Person.objects.count() == 1
    person = Person.objects.get()
    assert {a["Location"] for a in answers} == {f"/people/{person.pk}/"} or {
        a["Location"] for a in answers
    } == {f"/people/households/{person.household_id}/"}
