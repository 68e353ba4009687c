"""
T-S2: no field leaks on read; T-S4: no search oracle.

specs/security.md T-S2 (ASVS 5.0 8.2.3, 8.1.2): seed each field group a role may
not read with a unique canary, then call every GET route, the searches, the lists
and the error paths as that role, and look for the canary value in each body and
for the field's key in each JSON body. T-S4: the list and search endpoints take
no filter, sort or search key outside their allowlist (an unknown parameter is a
400), so a field a role may not read cannot be probed by filtering on it.
"""

from __future__ import annotations

import json
import uuid

import pytest
from django.test import Client

from haven.apps.accounts.models import User
from haven.apps.accounts.policy import policy
from haven.apps.people.models import Person, Registration, Vulnerability
from tests.security.test_route_matrix import SESSION_ENDING, _patterns, _url
from tests.security.world import AGENCY, TEAM, build_world

pytestmark = pytest.mark.django_db

# Field group -> (where its canary is seeded, the JSON keys that would carry it).
GROUP_KEYS = {
    "need_notes": ("need_notes", "note"),
    "origin": ("place_of_origin", "nationalities"),
    "contact": ("phone",),
    "needs": ("needs",),
}


def _seed(world) -> dict[str, str]:
    # Short enough for a phone column (32 characters).
    canaries = {group: f"CANARY-{uuid.uuid4().hex[:20]}" for group in GROUP_KEYS}
    people = [p.pk for p in world.people]
    Person.objects.filter(pk__in=people).update(
        place_of_origin=canaries["origin"], phone=canaries["contact"]
    )
    Registration.objects.filter(person_id__in=people).update(
        place_of_origin=canaries["origin"], phone=canaries["contact"]
    )
    for pk in people:
        Vulnerability.objects.create(
            person_id=pk,
            code="SM-CC",
            note=canaries["need_notes"],
            recorded_at=world.case.identified_at,
            recorded_by="health",
        )
    return canaries


def _bodies(client: Client, world, name_query: str):
    """Yield (what was called, body) for every read a role can try."""
    object_kwargs = world.kwargs()
    for name, pattern in _patterns():
        route = policy().routes[name]
        if (
            name in SESSION_ENDING
            or "GET" not in route.methods
            and not (route.public or route.session)
        ):
            continue
        url = _url(name, pattern, world, object_kwargs)
        yield f"GET {name}", client.get(url)
    yield (
        "POST people:person_search",
        client.post("/people/", {"q": name_query}),
    )
    yield (
        "POST v1:person_search",
        client.post(
            "/api/v1/people/search/", {"q": name_query}, content_type="application/json"
        ),
    )
    # Error paths: an unknown record, a malformed body.
    yield "GET v1:person_detail 404", client.get("/api/v1/people/999999/")
    yield (
        "PUT v1:person_detail 400",
        client.put(
            f"/api/v1/people/{world.people[0].pk}/",
            {"name": 1},
            content_type="application/json",
        ),
    )


def test_no_role_reads_a_field_group_it_is_not_granted(camp, record_property):
    world = build_world(camp[1])
    canaries = _seed(world)
    name_query = world.people[0].given_name
    hits: list[str] = []
    checked = 0
    for role in User.Role.values:
        user = User.objects.create_user(
            f"leak-{role}", role=role, agency=AGENCY, team=TEAM
        )
        world.hold("own", user)
        readable = policy().groups(role, "person", "read")
        hidden = {group for group in GROUP_KEYS if group not in readable}
        client = Client()
        client.force_login(user)
        for called, response in _bodies(client, world, name_query):
            checked += 1
            body = response.content.decode(errors="replace")
            for group in hidden:
                if canaries[group] in body:
                    hits.append(f"{role}: {called}: {group} value")
            if response.get("Content-Type", "").startswith("application/"):
                try:
                    keys = _keys(json.loads(body))
                except ValueError:
                    continue
                for group in hidden:
                    for key in GROUP_KEYS[group]:
                        if key in keys:
                            hits.append(f"{role}: {called}: {group} key {key}")
    record_property("responses", checked)
    assert hits == []


def test_roles_granted_a_field_group_do_see_it(camp):
    """The leak test above can fail: granted roles find the same canaries."""
    world = build_world(camp[1])
    canaries = _seed(world)
    user = User.objects.create_user(
        "leak-caseworker", role="caseworker", agency=AGENCY, team=TEAM
    )
    world.hold("own", user)
    client = Client()
    client.force_login(user)
    page = client.get(f"/people/{world.people[0].pk}/").content.decode()
    assert canaries["need_notes"] in page
    assert canaries["origin"] in page
    assert canaries["contact"] in page
    data = client.get(f"/api/v1/people/{world.people[0].pk}/").json()
    assert data["phone"] == canaries["contact"]
    assert data["needs"] == ["SM-CC"]


def _keys(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


@pytest.mark.parametrize(
    ("method", "url", "params"),
    [
        ("get", "/api/v1/people/", {"phone": "x"}),
        ("get", "/api/v1/people/", {"place_of_origin": "x"}),
        ("get", "/api/v1/people/", {"ordering": "phone"}),
        ("get", "/api/v1/people/", {"search": "x"}),
        ("get", "/api/v1/people/", {"needs": "SM-CC"}),
        ("post", "/api/v1/people/search/", {"q": "x", "phone": "x"}),
        ("post", "/api/v1/people/search/", {"q": "x", "ordering": "phone"}),
    ],
)
def test_an_unknown_filter_sort_or_search_key_is_refused(
    camp, make_user, method, url, params
):
    """T-S4: no parameter outside the allowlist, so no oracle on hidden fields."""
    client = Client()
    client.force_login(make_user("health_officer"))
    if method == "get":
        response = client.get(url, params)
    else:
        response = client.post(url, params, content_type="application/json")
    assert response.status_code == 400
    names = {error["field"] for error in response.json()["errors"]}
    assert names & set(params) - {"q"}


def test_the_allowed_list_parameters_still_work(camp, make_user):
    client = Client()
    client.force_login(make_user("caseworker"))
    assert client.get("/api/v1/people/", {"page": 1, "page_size": 10}).status_code == (
        200
    )
