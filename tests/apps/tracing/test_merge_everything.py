"""
Issue 17, done when: a person with one row of every kind that points at a person
is merged into another who also holds the one-per-person kinds; nothing is left
behind on the merged-away person but what the plan keeps there (closed and
linked); undoing the merge puts every row back exactly as it was.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db.models import Q

from haven.apps.cases.models import Case
from haven.apps.core.actors import Actor
from haven.apps.people.models import Person
from haven.apps.people.selectors import person_search
from haven.apps.people.services import person_register, person_reindex
from haven.apps.retention.erasure import ERASURE_PLAN
from haven.apps.tracing.merging import HISTORY, MERGE_PLAN, REBUILD
from haven.apps.tracing.models import Merge, MergeConflict
from haven.apps.tracing.services import merge_undo, person_merge
from tests.apps.people.builders import ACTOR, person_input, registration_input
from tests.apps.retention.builders import Canaries, person_with_everything
from tests.conftest import NOW

pytestmark = pytest.mark.django_db(transaction=True)

# How each model's rows lead to a person: the erasure plan's paths, which its own
# completeness test keeps whole.
_PATHS: dict[str, tuple[str, ...]] = {}
for _t in ERASURE_PLAN:
    _PATHS.setdefault(_t.model, ())
    _PATHS[_t.model] = tuple(dict.fromkeys(_PATHS[_t.model] + _t.paths))
# Fields that change on every write of a person and are not part of the record.
_VOLATILE = {"people.Person": {"version", "updated_at"}}


def reaching(label: str, person: Person) -> set[int]:
    """Primary keys of the rows of ``label`` that lead to ``person``."""
    condition = Q()
    for path in _PATHS[label]:
        condition |= Q(**{path: person.pk})
    model = apps.get_model(label)
    return set(model._default_manager.filter(condition).values_list("pk", flat=True))


def snapshot() -> dict[str, dict[object, dict[str, object]]]:
    """Every row of every table that can reach a person, in full."""
    tables: dict[str, dict[object, dict[str, object]]] = {}
    for label in {t.model for t in MERGE_PLAN}:
        model = apps.get_model(label)
        skip = _VOLATILE.get(label, set())
        rows = {}
        for row in model._default_manager.order_by("pk").values():
            values = {k: v for k, v in row.items() if k not in skip}
            if label == "people.NameKey":  # rebuilt: the same keys, new ids
                rows[(row["person_id"], row["key"])] = {
                    k: v for k, v in values.items() if k != "id"
                }
            else:
                rows[row["id"]] = values
        tables[label] = rows
    return tables


@pytest.fixture
def base(db):
    return person_register(
        person=person_input(), registration=registration_input(), actor=ACTOR, now=NOW
    )


def test_a_merge_leaves_nothing_behind_and_undo_restores_every_row(make_user, base):
    user = make_user("supervisor")
    canaries = Canaries()
    merged = person_with_everything(canaries, other=base, user=user)
    survivor = person_with_everything(canaries, other=base, user=user)
    for person in (merged, survivor):
        person_reindex(person=person)
    # The person holds a row of every kind the plan names.
    for treatment in MERGE_PLAN:
        if treatment.model in ("people.Person", "tracing.MergeConflict"):
            continue
        assert reaching(treatment.model, merged), treatment.model
    before = snapshot()
    actor = Actor.of_user(user)

    merge = person_merge(
        survivor=survivor, merged=merged, reason="same person", actor=actor, now=NOW
    )

    # What stays on the merged-away person, by hand from the plan: the one-per-
    # person kinds the survivor also holds (case with what hangs on it, bed,
    # placement), the sibling links the survivor already has, the search keys of
    # the record's own name, the merges, and the history of this merge.
    case_parts = {
        "cases.Case",
        "cases.CaseTransition",
        "cases.DublinRequest",
        "cases.Decision",
        "cases.Letter",
        "cases.Delivery",
        "cases.Appeal",
        "cases.Return",
        "cases.StatusCode",
    }
    expected_left = case_parts | {
        "people.Bed",
        "placements.Placement",
        "people.Relationship",
        "people.NameKey",
        "tracing.Merge",
        "tracing.MergeConflict",
        "people.PersonEvent",
    }
    left = {
        label
        for label in _PATHS
        if label != "people.Person" and reaching(label, merged)
    }
    assert left == expected_left
    # Of the history, only the note of this merge stays.
    events = apps.get_model("people.PersonEvent").objects.filter(person=merged)
    assert list(events.values_list("action", flat=True)) == ["records merged"]
    # Both relationship rows left are the links to the relative the survivor
    # already has the same link to.
    links = apps.get_model("people.Relationship").objects.filter(
        Q(person=merged) | Q(relative=merged)
    )
    assert {(r.person_id, r.relative_id) for r in links} == {
        (merged.pk, base.pk),
        (base.pk, merged.pk),
    }
    # Every kind that moves is on the survivor: the merged person's rows moved.
    for treatment in MERGE_PLAN:
        if treatment.action in (HISTORY, REBUILD) or treatment.model in expected_left:
            continue
        if treatment.model == "people.Person":
            continue
        mine = {
            pk
            for pk in before[treatment.model]
            if pk in reaching(treatment.model, survivor)
        }
        assert mine, treatment.model
    # The merged case is closed as merged and linked to the survivor's.
    merged_case = Case.objects.get(person=merged)
    assert merged_case.merged_into_id == Case.objects.get(person=survivor).pk
    assert merged_case.merged_at == NOW
    # One conflict per one-per-person kind both held, for a person to resolve.
    assert sorted(
        MergeConflict.objects.filter(merge=merge).values_list("kind", flat=True)
    ) == [
        "cases.Case",
        "people.Bed",
        "people.Person.housed_at",
        "people.Person.household",
        "placements.Placement",
    ]
    merged.refresh_from_db()
    assert merged.merged_into_id == survivor.pk
    assert merged.household_id is None
    assert not person_search(query=merged.registration_number).filter(pk=merged.pk)

    merge_undo(merge=merge, actor=actor, now=NOW)

    after = snapshot()
    # New rows: only the two merges' history notes and the merge itself.
    for label, rows in before.items():
        assert after[label].keys() >= rows.keys(), label
        changed = [pk for pk in rows if after[label][pk] != rows[pk]]
        assert changed == [], (label, changed)
    added = {label: after[label].keys() - before[label].keys() for label in before}
    assert {label for label, keys in added.items() if keys} == {
        "people.PersonEvent",
        "tracing.Merge",
    }
    assert len(added["people.PersonEvent"]) == 4
    assert Merge.objects.get(pk=merge.pk).unmerged_at == NOW
    assert not MergeConflict.objects.filter(merge=merge).exists()
