"""A small demo camp, loaded once per test that asks for it."""

from __future__ import annotations

import pytest

from haven.apps.people.demo import demo_camp_load
from haven.apps.people.models import Person, Relationship
from haven.synthetic import generate_camp

DEMO_SEED = 16


@pytest.fixture
def demo(db):
    demo_camp_load(generate_camp(300, DEMO_SEED))


@pytest.fixture
def child_and_uncle(demo):
    """A separated child and their paternal uncle, registered in the UK."""
    link = (
        Relationship.objects.filter(
            relation="uncle_aunt",
            person__registrations__source_kind="relative_declared",
            person__registrations__location__country="GB",
            relative__child_status__in=["unaccompanied", "separated"],
        )
        .select_related("person", "relative")
        .order_by("pk")
        .first()
    )
    assert link is not None
    # The child's case is held by the test caseworkers' agency and team.
    Person.objects.filter(pk=link.relative.pk).update(
        agency="Safe Passage", team="north"
    )
    link.relative.refresh_from_db()
    return link.relative, link.person


def uncle_request_fields(uncle: Person) -> dict[str, object]:
    """What a child remembers of the uncle: given name, age, city."""
    registration = uncle.registrations.first()
    return {
        "requested_by": "the child",
        "relation": "uncle",
        "name_as_remembered": uncle.given_name,
        "approx_age": 45,
        "last_known_city": registration.location.name,
        "nationality": uncle.nationalities[0],
        "remembered": "works in a restaurant",
    }
