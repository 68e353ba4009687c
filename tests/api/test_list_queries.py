"""
Lists answer in a fixed number of queries, however many rows they hold.

A query per row (a related record fetched for each one) is invisible on a demo
camp and dominates a camp of 100,000 (specs/security.md §8.2). Each list is read
on a small camp and again on one three times larger: the count of queries must
not move.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from haven.apps.people.demo import demo_camp_load
from haven.apps.people.models import Household, Location
from haven.synthetic import generate_camp

pytestmark = pytest.mark.django_db

READS = {
    "people list": ("get", "/api/v1/people/?page_size=100", None),
    "people search": ("post", "/api/v1/people/search/", {"q": "Mohammed"}),
    "locations": ("get", "/api/v1/locations/", None),
    "census": ("get", "/api/v1/census/", None),
    "household": ("get", "/api/v1/households/{household}/", None),
}


def _queries(client: APIClient, method: str, path: str, body: object) -> int:
    largest = (
        Household.objects.annotate(size=Count("members")).order_by("-size").first()
    )
    path = path.format(household=largest.pk if largest else 0)
    with CaptureQueriesContext(connection) as captured:
        answer = getattr(client, method)(path, body, format="json")
    assert answer.status_code == 200, (path, answer.content[:300])
    return len(captured.captured_queries)


def test_no_list_reads_a_row_at_a_time(make_user):
    client = APIClient()
    client.force_login(make_user("protection_specialist"))
    demo_camp_load(generate_camp(60, 3))
    # The first reads also save the session and start the audit chain.
    for read in READS.values():
        _queries(client, *read)
    small = {name: _queries(client, *read) for name, read in READS.items()}
    demo_camp_load(generate_camp(180, 4))
    camp = Location.objects.filter(parent__isnull=True).exclude(kind="city").first()
    for n in range(5):
        Location.objects.create(
            key=f"sector-{n}", name=f"Sector {n}", kind="sector", parent=camp
        )
    large = {name: _queries(client, *read) for name, read in READS.items()}
    assert large == small
