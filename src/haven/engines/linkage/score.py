"""Turning the model's raw output rows into scored pairs with per-field reasons."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from haven.engines.linkage.model import FieldContribution, ScoredPair

__all__ = ["level_labels", "scored_pair"]


def level_labels(settings: Mapping[str, Any]) -> dict[str, dict[int, str]]:
    """
    Return, per comparison, the label of each comparison-vector value.

    Splink numbers the non-null levels from the last (``else``, 0) up to the
    first; the null level is -1.
    """
    labels: dict[str, dict[int, str]] = {}
    for comparison in settings["comparisons"]:
        levels = comparison["comparison_levels"]
        non_null = [lv for lv in levels if not lv.get("is_null_level")]
        by_value = {
            len(non_null) - 1 - i: str(
                lv.get("label_for_charts") or lv["sql_condition"]
            )
            for i, lv in enumerate(non_null)
        }
        by_value[-1] = "null"
        labels[comparison["output_column_name"]] = by_value
    return labels


def scored_pair(
    row: Mapping[str, Any], labels: Mapping[str, Mapping[int, str]]
) -> ScoredPair:
    """Return one predicted row as a :class:`ScoredPair`."""
    contributions: list[FieldContribution] = []
    for name, by_value in labels.items():
        gamma = row.get(f"gamma_{name}")
        level = by_value.get(int(gamma), str(gamma)) if gamma is not None else "null"
        tf = float(row.get(f"mw_tf_adj_{name}") or 0.0)
        weight = float(row.get(f"mw_{name}") or 0.0) + tf
        contributions.append(
            FieldContribution(
                field=name,
                level=level,
                match_weight=round(weight, 4),
                tf_adjustment=round(tf, 4),
            )
        )
    return ScoredPair(
        left_id=str(row["unique_id_l"]),
        right_id=str(row["unique_id_r"]),
        probability=float(row["match_probability"]),
        match_weight=float(row["match_weight"]),
        contributions=tuple(contributions),
    )


def scored_pairs(
    rows: Sequence[Mapping[str, Any]], settings: Mapping[str, Any]
) -> list[ScoredPair]:
    """Return every predicted row as a :class:`ScoredPair`."""
    labels = level_labels(settings)
    return [scored_pair(row, labels) for row in rows]
