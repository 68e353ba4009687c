"""The erasure plan covers every table that reaches a person, and every text field."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.apps import apps
from django.db import models

from haven.apps.cases.models import Case
from haven.apps.operations.idempotency import KEEP_FOR
from haven.apps.retention.erasure import ANONYMISE, ERASURE_PLAN, TOMBSTONE
from haven.apps.retention.policy import (
    RULES,
    Category,
    UnknownRetentionRuleError,
    retention_due,
    rule_for,
)
from tests.apps.person_tables import models_reaching_person

# Reached through a person-owned row that the plan already handles.
_THROUGH = {"people.Household"}


def test_every_model_that_reaches_a_person_is_in_the_plan():
    planned = {t.model for t in ERASURE_PLAN}
    reaching = models_reaching_person()
    # Group rows reached only through a person-owned row: a manifest, a household.
    group = {"transfers.Manifest", "transfers.Escort", "placements.Pledge"}
    assert {"tracing.MatchDecision", "cases.Delivery", "people.NameKey"} <= reaching
    assert reaching - planned - group - _THROUGH == set()


@pytest.mark.parametrize(
    "treatment",
    [t for t in ERASURE_PLAN if t.action in (ANONYMISE, TOMBSTONE)],
    ids=lambda t: t.model,
)
def test_every_text_field_of_a_kept_row_is_emptied_or_declared_a_code(treatment):
    model = apps.get_model(treatment.model)
    text = {
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField | models.JSONField)
        and not field.name.endswith("_id")
    }
    assert text - set(treatment.blank) - set(treatment.keep) == set()


def test_every_case_stage_has_a_retention_rule():
    for state in Case.State.values:
        assert rule_for(Category.PERSON_RECORD, state).category == "person_record"


def test_an_unknown_status_is_a_gap_in_the_policy():
    with pytest.raises(UnknownRetentionRuleError, match="status"):
        rule_for(Category.PERSON_RECORD, "lost")


def test_a_closed_case_falls_due_and_an_open_one_does_not():
    since = datetime(2020, 1, 1, tzinfo=UTC)
    assert retention_due(
        category=Category.PERSON_RECORD, status="withdrawn", since=since
    ) == since + timedelta(days=365)
    assert (
        retention_due(category=Category.PERSON_RECORD, status="transfer", since=since)
        is None
    )


def test_the_idempotency_period_is_the_one_the_operations_app_applies():
    rule = next(r for r in RULES if r.category == Category.IDEMPOTENCY_RESPONSE)
    assert rule.keep_for == KEEP_FOR
