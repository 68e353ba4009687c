"""
T-S3: no forbidden writes (mass assignment).

specs/security.md T-S3 (ASVS 5.0 15.3.3): for each writable route and role, send
every field outside the role's write allowlist (holder, owner, ids, version
counters, roles) and re-read the database. The API answers 400 naming each
unknown field, or 403 when the role may not write there; forms ignore fields
they do not declare. Either way nothing outside the allowlist changes.
"""

from __future__ import annotations

import pytest
from django.test import Client

from haven.apps.accounts.models import User
from haven.apps.accounts.policy import policy
from haven.apps.people.models import Person
from tests.api.test_people_api import PERSON, REGISTRATION
from tests.apps.cases.builders import child

pytestmark = pytest.mark.django_db

# Model fields no body may set: who holds the record, its identity and counters.
FORBIDDEN = {
    "id": 999_999,
    "pk": 999_999,
    "registration_number": "HVN-9999999",
    "agency": "Other agency",
    "team": "other team",
    "owner": 1,
    "owner_id": 1,
    "priority": 3,
    "erased_at": "2020-01-01T00:00:00Z",
    "created_at": "2020-01-01T00:00:00Z",
    "updated_at": "2020-01-01T00:00:00Z",
    "household": 1,
    "housed_at": "calais-containers",
    "role": "system_administrator",
    "groups": [1],
    "is_superuser": True,
}
PROTECTED = ("registration_number", "agency", "team", "owner_id", "priority")


def _snapshot(pk: int) -> dict[str, object]:
    return Person.objects.filter(pk=pk).values(*PROTECTED, "erased_at").get()


def _writers() -> list[str]:
    return [
        role
        for role in User.Role.values
        if policy().scope(role, "person", "update") is not None
        or policy().scope(role, "person", "create") is not None
    ]


@pytest.mark.parametrize("role", User.Role.values)
def test_no_forbidden_field_is_written_through_the_api(camp, make_user, role):
    person = child()
    user = make_user(role)
    Person.objects.filter(pk=person.pk).update(owner=user)
    before = _snapshot(person.pk)
    client = Client()
    client.force_login(user)
    url = f"/api/v1/people/{person.pk}/"
    people_before = Person.objects.count()
    refused = 0
    for name, value in FORBIDDEN.items():
        body = {**PERSON, "version": person.version, name: value}
        put = client.put(url, body, content_type="application/json")
        assert put.status_code in (400, 403, 404), (name, put.status_code)
        if put.status_code == 400:
            assert name in {e["field"] for e in put.json()["errors"]}
        post = client.post(
            "/api/v1/people/",
            {"person": {**PERSON, name: value}, "registration": REGISTRATION},
            content_type="application/json",
        )
        assert post.status_code in (400, 403), (name, post.status_code)
        outer = client.post(
            "/api/v1/people/",
            {"person": PERSON, "registration": REGISTRATION, name: value},
            content_type="application/json",
        )
        assert outer.status_code in (400, 403), (name, outer.status_code)
        refused += 3
    assert _snapshot(person.pk) == before
    assert Person.objects.count() == people_before
    assert refused == 3 * len(FORBIDDEN)


def test_a_form_ignores_fields_it_does_not_declare(camp, make_user):
    person = child()
    user = make_user("caseworker")
    client = Client()
    client.force_login(user)
    before = _snapshot(person.pk)
    form = {
        "given_name": "Amanuel",
        "family_name": "Tesfay",
        "sex": "M",
        "dob_precision": "unknown",
        "age_dispute": "none",
        "child_status": "unaccompanied",
        "version": person.version,
        **{k: v for k, v in FORBIDDEN.items() if not isinstance(v, list | bool)},
    }
    response = client.post(f"/people/{person.pk}/edit/", form)
    assert response.status_code in (200, 302)
    person.refresh_from_db()
    assert person.given_name == "Amanuel"  # the declared field was saved
    assert _snapshot(person.pk) == before


def test_a_role_writes_only_its_field_groups(camp, make_user):
    """A health officer records needs but cannot change a name, by page or API."""
    person = child()
    user = make_user("health_officer")
    client = Client()
    client.force_login(user)
    put = client.put(
        f"/api/v1/people/{person.pk}/",
        {**PERSON, "version": person.version},
        content_type="application/json",
    )
    assert put.status_code == 403
    edit = client.post(f"/people/{person.pk}/edit/", {"given_name": "X"})
    assert edit.status_code == 403
    need = client.post(f"/people/{person.pk}/needs/", {"code": "SM-CI", "note": "x"})
    assert need.status_code == 302
    person.refresh_from_db()
    assert person.given_name != "X"
    assert person.vulnerabilities.filter(code="SM-CI").count() == 1
    assert _writers()
