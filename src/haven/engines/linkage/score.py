"""Turning the model's raw output rows into scored pairs with per-field reasons."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from haven.engines.linkage.model import FieldContribution, ScoredPair

__all__ = ["level_labels", "scored_pair", "scored_pairs"]


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
    names: Sequence[str],
    rows: Iterable[Sequence[Any]],
    labels: Mapping[str, Mapping[int, str]],
) -> Iterator[ScoredPair]:
    """
    Yield each predicted row (a tuple under ``names``) as a :class:`ScoredPair`.

    Pairs share their contributions: a registry's pairs fall into far fewer
    distinct combinations of levels and weights than there are pairs, so each
    combination is made once, and so is each record id, which keeps millions
    of pairs cheap to build and to hold.
    """
    index = {name: i for i, name in enumerate(names)}
    fields: list[
        tuple[
            str,
            Mapping[int, str],
            int | None,
            int | None,
            int | None,
            dict[object, FieldContribution],
        ]
    ] = [
        (
            name,
            by_value,
            index.get(f"gamma_{name}"),
            index.get(f"mw_{name}"),
            index.get(f"mw_tf_adj_{name}"),
            {},
        )
        for name, by_value in labels.items()
    ]
    left, right = index["unique_id_l"], index["unique_id_r"]
    probability, weight = index["match_probability"], index["match_weight"]
    record_ids: dict[str, str] = {}
    combinations: dict[tuple[FieldContribution, ...], tuple[FieldContribution, ...]]
    combinations = {}
    for row in rows:
        contributions: list[FieldContribution] = []
        for name, by_value, g, w, t, made in fields:
            key = (
                row[g] if g is not None else None,
                row[w] if w is not None else None,
                row[t] if t is not None else None,
            )
            contribution = made.get(key)
            if contribution is None:
                contribution = _contribution(name, by_value, *key)
                made[key] = contribution
            contributions.append(contribution)
        combination = tuple(contributions)
        left_id, right_id = str(row[left]), str(row[right])
        yield ScoredPair(
            left_id=record_ids.setdefault(left_id, left_id),
            right_id=record_ids.setdefault(right_id, right_id),
            probability=float(row[probability]),
            match_weight=float(row[weight]),
            contributions=combinations.setdefault(combination, combination),
        )


def _contribution(
    name: str, by_value: Mapping[int, str], gamma: Any, mw: Any, tf_mw: Any
) -> FieldContribution:
    level = by_value.get(int(gamma), str(gamma)) if gamma is not None else "null"
    tf = float(tf_mw or 0.0)
    return FieldContribution(
        field=name,
        level=level,
        match_weight=round(float(mw or 0.0) + tf, 4),
        tf_adjustment=round(tf, 4),
    )
