"""
Hypothesis: whatever two people hold, merging one into the other and undoing the
merge gives back every row as it was (merge then undo is the identity), and a
merge never leaves a moved kind on the merged-away person.
"""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from haven.apps.cases.models import Case
from haven.apps.core.actors import Actor
from haven.apps.people.models import (
    Bed,
    Household,
    Location,
    Person,
    PersonName,
    Relationship,
    Vulnerability,
)
from haven.apps.people.services import person_reindex
from haven.apps.tracing.services import merge_undo, person_merge
from haven.apps.transfers.models import Manifest, ManifestEntry
from tests.apps.tracing.test_merge_everything import snapshot
from tests.conftest import NOW

pytestmark = pytest.mark.django_db

ACTOR = Actor(name="reviewer", role="supervisor")
SPELLINGS = ["Amira", "Amirah", "Ameera", "أميرة"]

holdings = st.fixed_dictionaries(
    {
        "case": st.booleans(),
        "bed": st.booleans(),
        "household": st.booleans(),
        "spellings": st.lists(st.sampled_from(SPELLINGS), unique=True, max_size=3),
        "sibling_of_third": st.booleans(),
        "on_manifest": st.booleans(),
        "needs": st.integers(0, 2),
    }
)


def _build(holding: dict, third: Person, camp: Location, manifest: Manifest) -> Person:
    person = Person.objects.create(
        registration_number=f"HVN-H{uuid.uuid4().hex[:10]}",
        given_name=holding["spellings"][0] if holding["spellings"] else "Amira",
        sex="F",
        date_of_birth=date(2005, 1, 1),
    )
    if holding["household"]:
        person.household = Household.objects.create(
            reference=f"HH-{uuid.uuid4().hex[:8]}"
        )
        person.save()
    for spelling in holding["spellings"]:
        PersonName.objects.create(person=person, given_name=spelling, source="camp")
    if holding["case"]:
        Case.objects.create(person=person, state_since=NOW, identified_at=NOW)
    if holding["bed"]:
        number = Bed.objects.filter(location=camp).count() + 1
        Bed.objects.create(location=camp, number=number, person=person, assigned_at=NOW)
    if holding["sibling_of_third"]:
        Relationship.objects.create(person=person, relative=third, relation="sibling")
    if holding["on_manifest"]:
        ManifestEntry.objects.create(manifest=manifest, person=person, destination=camp)
    for code in ("SP-GB", "UAM")[: holding["needs"]]:
        Vulnerability.objects.create(person=person, code=code, recorded_at=NOW)
    person_reindex(person=person)
    return person


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(kept=holdings, gone=holdings)
def test_merge_then_undo_is_the_identity(db, kept, gone):
    with transaction.atomic():
        camp = Location.objects.create(
            key=f"camp-{uuid.uuid4().hex[:8]}", name="Camp", kind="camp", country="FR"
        )
        third = Person.objects.create(
            registration_number=f"HVN-H{uuid.uuid4().hex[:10]}",
            given_name="Omar",
            sex="M",
        )
        manifest = Manifest.objects.create(
            reference=f"M-{uuid.uuid4().hex[:8]}",
            mode="bus",
            origin=camp,
            departure_planned=NOW,
            created_at=NOW,
            created_by="officer",
        )
        survivor = _build(kept, third, camp, manifest)
        merged = _build(gone, third, camp, manifest)
        before = snapshot()

        merge = person_merge(
            survivor=survivor, merged=merged, reason="same", actor=ACTOR, now=NOW
        )
        # Nothing that moves is left on the merged person; what is left is one of
        # a kind the survivor also holds.
        assert not Vulnerability.objects.filter(person=merged).exists()
        assert not merged.registrations.exists()
        spellings = set(
            PersonName.objects.filter(person=survivor).values_list(
                "given_name", flat=True
            )
        )
        assert set(kept["spellings"]) | set(gone["spellings"]) <= spellings | {""}
        for kind, holds in (("case", Case), ("bed", Bed)):
            if gone[kind]:
                assert holds.objects.filter(person=survivor).exists()
                stays = holds.objects.filter(person=merged).exists()
                assert stays == kept[kind]
        if gone["on_manifest"]:
            assert ManifestEntry.objects.filter(person=survivor).count() == 1

        merge_undo(merge=merge, actor=ACTOR, now=NOW)
        after = snapshot()
        for label, rows in before.items():
            assert {k: after[label][k] for k in rows} == rows, label
        transaction.set_rollback(True)
