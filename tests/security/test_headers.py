"""T-S15: every GET route, crawled as a logged-in user, sends the security headers."""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from haven.apps.people.models import Consent
from haven.apps.people.services import person_register
from tests.apps.people.builders import ACTOR, person_input, registration_input
from tests.conftest import NOW

pytestmark = pytest.mark.django_db

HEADERS = {
    "Cache-Control": lambda v: "no-store" in v,
    "Content-Security-Policy": lambda v: (
        "default-src 'self'" in v and "frame-ancestors 'none'" in v
    ),
    "X-Content-Type-Options": lambda v: v == "nosniff",
    "Referrer-Policy": lambda v: v in ("same-origin", "no-referrer", "strict-origin"),
}


def _routes(patterns=None, prefix=""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route


def _fill(route, ids):
    path = re.sub(r"^\^|\$$|\\Z$", "", route)
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(ids.get(m.group(1), 1)), path)
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(ids.get(m.group(1), 1)), path)
    return "/" + path.replace("\\", "")


def test_every_get_route_sends_no_store_csp_nosniff_and_referrer_policy(
    client, make_user, camp
):
    person = person_register(
        person=person_input(consent_tracing=True),
        registration=registration_input(),
        actor=ACTOR,
        now=NOW,
    )
    ids = {
        "pk": person.pk,
        "consent_pk": Consent.objects.filter(person=person).first().pk,
        "format": "json",
    }
    client.force_login(make_user("supervisor"))
    crawled, missing = [], []
    for route in _routes():
        path = _fill(route, ids)
        response = client.get(path)
        crawled.append((path, response.status_code))
        for header, ok in HEADERS.items():
            if not ok(response.get(header, "")):
                missing.append((path, header, response.get(header)))
    assert len(crawled) == len(list(_routes())) >= 15
    assert all(status < 500 for _, status in crawled), crawled
    assert missing == []


def test_logout_asks_the_browser_to_clear_the_site_data(client, make_user):
    client.force_login(make_user())
    response = client.post("/accounts/logout/")
    assert response["Clear-Site-Data"] == '"cache", "cookies", "storage"'
