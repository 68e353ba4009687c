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


@pytest.mark.slow
@pytest.mark.django_db
def test_after_a_scan_the_warning_carries_the_scans_probability_and_band(
    client, make_user
):
    import time

    from haven.apps.core.actors import Actor
    from haven.apps.people.demo import demo_camp_load
    from haven.apps.people.models import Registration
    from haven.apps.tracing.services import duplicate_scan
    from haven.synthetic import generate_camp
    from tests.conftest import NOW

    demo_camp_load(generate_camp(300, 16))
    user = make_user("registration_clerk")
    duplicate_scan(actor=Actor.of_user(user), now=NOW)
    client.force_login(user)
    known = (
        Registration.objects.filter(
            source_kind="state_authority",
            date_of_birth__isnull=False,
            dob_precision="exact",
        )
        .exclude(father_name="")
        .select_related("person", "location")
        .order_by("pk")
        .first()
    )
    data = one_member(
        form_token="d" * 32,
        location_key=known.location.key if known.location else "",
        **{
            "m-0-given_name": known.given_name,
            "m-0-father_name": known.father_name,
            "m-0-grandfather_name": known.grandfather_name,
            "m-0-family_name": known.family_name,
            "m-0-name_native": known.name_native,
            "m-0-sex": known.sex,
            "m-0-date_of_birth": known.date_of_birth.isoformat(),
            "m-0-dob_precision": "exact",
            "m-0-nationalities": [known.nationality] if known.nationality else [],
            "m-0-child_status": known.person.child_status,
            "m-0-phone": known.phone,
        },
    )
    people = Person.objects.count()
    started = time.perf_counter()
    response = client.post("/people/register/", data)
    seconds = time.perf_counter() - started
    assert response.status_code == 200, response.content.decode()[-2000:]
    page = response.content.decode()
    assert Person.objects.count() == people
    assert known.person.registration_number in page
    warnings = [
        entry["warning"]
        for member in response.context["duplicates"]
        for entry in member["matches"]
        if entry["warning"].person.pk == known.person_id
    ]
    assert warnings[0].probability is not None, "no model was used"
    assert warnings[0].band == "very_likely", warnings[0]
    assert warnings[0].probability >= 0.99
    assert "Very likely the same person" in page
    assert seconds < 60  # a generous bound: the timing itself is for bench/
