"""
How tracing's pages show a merge's plan and conflicts in words. A match's
reasons are shown by ``people.reasons``, shared with registration's duplicate
warning.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.apps import apps

from haven.apps.people.templatetags.people_tags import conflict_label

_CONFLICT_MODELS = {
    "people.Person.household": "people.Household",
    "people.Person.housed_at": "people.Location",
}


def _row_text(label: str, pk: int) -> str:
    model = apps.get_model(_CONFLICT_MODELS.get(label, label))
    row = model._default_manager.filter(pk=pk).first()
    if row is None:
        return "—"
    state = getattr(row, "get_state_display", None)
    return f"{row} · {state()}" if callable(state) else str(row)


def conflict_rows(conflicts: Iterable[Any]) -> list[dict[str, Any]]:
    """One row per conflict: what it is about and each side's record in words."""
    return [
        {
            "conflict": c,
            "label": conflict_label(c.kind),
            "survivor_text": _row_text(c.kind, c.survivor_row),
            "merged_text": _row_text(c.kind, c.merged_row),
        }
        for c in conflicts
    ]


def plan_rows(counts: Mapping[str, int]) -> list[dict[str, Any]]:
    """Rows moved per kind, named by the model's own plural name."""
    rows = []
    for label, count in sorted(counts.items()):
        model = apps.get_model(label)
        rows.append({"label": model._meta.verbose_name_plural, "count": count})
    return rows


def conflict_kinds(kinds: Iterable[str]) -> list[Any]:
    """The kinds of conflict a preview found, in words."""
    return [conflict_label(kind) for kind in kinds]
