"""The one introspection of the schema that both the erasure and the merge plans
are checked against: every model whose rows reach a person."""

from __future__ import annotations

from django.apps import apps
from django.db import models

PERSON = "people.Person"


def _reaches_person(model: type[models.Model], seen: frozenset[str]) -> bool:
    for field in model._meta.concrete_fields:
        target = getattr(field, "related_model", None)
        if target is None or target._meta.label in seen:
            continue
        if target._meta.label == PERSON:
            return True
        if _reaches_person(target, seen | {model._meta.label}):
            return True
    return False


def models_reaching_person(*, exclude_apps: frozenset[str] = frozenset({"audit"})):
    """Return the labels of every model with a foreign key that leads to a person,
    directly or through other rows."""
    return {
        model._meta.label
        for model in apps.get_models()
        if model._meta.app_label not in exclude_apps
        and _reaches_person(model, frozenset())
    }


def person_keys(label: str) -> set[str]:
    """Return the names of a model's foreign keys straight to a person."""
    model = apps.get_model(label)
    return {
        field.name
        for field in model._meta.concrete_fields
        if getattr(field, "related_model", None) is not None
        and field.related_model._meta.label == PERSON
    }
