"""The merge plan covers every table that reaches a person, like the erasure plan."""

from __future__ import annotations

from django.apps import apps

from haven.apps.tracing.merging import (
    FOLLOW,
    MERGE_PLAN,
    MOVE,
    MOVE_NEW,
    ONE_EACH,
    WITH_PARENT,
)
from tests.apps.person_tables import models_reaching_person, person_keys


def test_every_model_that_reaches_a_person_is_in_the_merge_plan():
    planned = {t.model for t in MERGE_PLAN}
    reaching = models_reaching_person()
    # The kinds the issue names are found by the introspection itself.
    assert {
        "people.PersonName",
        "cases.Case",
        "cases.DublinRequest",
        "determinations.Determination",
        "sharing.Disclosure",
        "people.Bed",
        "placements.Placement",
        "transfers.ManifestEntry",
        "transfers.CustodyEvent",
        "tracing.Candidate",
        "people.Consent",
        "cases.StatusCode",
    } <= reaching
    assert reaching - planned == set()
    assert planned - reaching == set(), "the plan names a model that does not exist"


def test_every_foreign_key_to_a_person_is_handled_where_rows_move():
    for treatment in MERGE_PLAN:
        direct = person_keys(treatment.model)
        if treatment.action in (MOVE, MOVE_NEW, ONE_EACH, WITH_PARENT):
            assert set(treatment.fields) == direct, treatment.model
        if direct:
            assert treatment.action != FOLLOW, (
                f"{treatment.model} points at a person itself and cannot just follow"
            )


def test_rows_that_follow_name_a_planned_row_they_belong_to():
    planned = {t.model for t in MERGE_PLAN}
    for treatment in MERGE_PLAN:
        if treatment.action not in (FOLLOW, WITH_PARENT):
            continue
        model = apps.get_model(treatment.model)
        assert treatment.through, treatment.model
        for name in treatment.through:
            target = model._meta.get_field(name).related_model
            assert target._meta.label in planned | {"people.Registration"}


def test_each_model_is_planned_once():
    labels = [t.model for t in MERGE_PLAN]
    assert len(labels) == len(set(labels))
