"""Model output rows become scored pairs with per-field contributions."""

import pytest

from haven.engines.linkage import FieldContribution, LinkageModel
from haven.engines.linkage.comparisons import (
    COMPARISON_NAMES,
    TRACE_COMPARISON_NAMES,
    registry_comparisons,
    trace_comparisons,
)
from haven.engines.linkage.score import level_labels, scored_pair, scored_pairs
from haven.engines.linkage.trace_parameters import TRACE_M

SETTINGS = {
    "comparisons": [
        {
            "output_column_name": "given_name",
            "comparison_levels": [
                {"sql_condition": "x IS NULL", "is_null_level": True},
                {"sql_condition": "a = b", "label_for_charts": "exact"},
                {"sql_condition": "ELSE", "label_for_charts": "else"},
            ],
        }
    ]
}


def test_levels_are_labelled_from_the_top():
    """Splink numbers levels from else (0) upwards; null is -1."""
    assert level_labels(SETTINGS) == {"given_name": {1: "exact", 0: "else", -1: "null"}}


def test_each_field_reports_its_level_and_weight():
    """A pair's contributions carry the level, weight and TF adjustment."""
    row = {
        "unique_id_l": "a",
        "unique_id_r": "b",
        "match_probability": 0.8,
        "match_weight": 2.0,
        "gamma_given_name": 1,
        "mw_given_name": 3.0,
        "mw_tf_adj_given_name": -1.0,
    }
    pair = scored_pair(row, level_labels(SETTINGS))
    assert pair.contributions == (FieldContribution("given_name", "exact", 2.0, -1.0),)
    assert pair.contributions[0].bayes_factor == pytest.approx(4.0)


def test_comparisons_read_only_feature_columns():
    """Every column a comparison reads is produced by record_features."""
    import re

    from haven.engines.linkage.records import record_features

    columns = set(record_features({"record_id": "r"}))
    for comparison in registry_comparisons() + trace_comparisons():
        for level in comparison["comparison_levels"]:
            used = set(re.findall(r"\b(\w+)_[lr]\b", level["sql_condition"]))
            assert used <= columns, (comparison["output_column_name"], used - columns)


def test_trace_parameters_fit_the_trace_comparisons():
    """There is one m-probability per non-null level, and they sum to one."""
    assert set(TRACE_M) == set(TRACE_COMPARISON_NAMES)
    for comparison in trace_comparisons():
        levels = [
            lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")
        ]
        m = TRACE_M[comparison["output_column_name"]]
        assert len(m) == len(levels)
        assert sum(m) == pytest.approx(1.0, abs=0.01)
    assert "given_name" in COMPARISON_NAMES


def test_models_round_trip_through_their_settings():
    """A model is a value: its settings come back as they went in."""
    model = LinkageModel.from_settings(
        {"link_type": "dedupe_only", "probability_two_random_records_match": 0.01}
    )
    assert model.prior == 0.01
    assert model.link_type == "dedupe_only"
    assert LinkageModel.from_settings(model.settings) == model


def test_pairs_from_rows_share_equal_contributions():
    """Rows with the same level and weight share one contribution value."""
    names = [
        "unique_id_l",
        "unique_id_r",
        "match_probability",
        "match_weight",
        "gamma_given_name",
        "mw_given_name",
        "mw_tf_adj_given_name",
    ]
    rows = [
        ("a", "b", 0.8, 2.0, 1, 3.0, -1.0),
        ("a", "c", 0.7, 1.5, 1, 3.0, -1.0),
        ("b", "c", 0.1, -3.0, None, None, None),
    ]
    first, second, third = scored_pairs(names, rows, level_labels(SETTINGS))
    assert first.contributions == (FieldContribution("given_name", "exact", 2.0, -1.0),)
    assert first.contributions[0] is second.contributions[0]
    assert third.contributions == (FieldContribution("given_name", "null", 0.0, 0.0),)
    assert (second.left_id, second.right_id, second.probability) == ("a", "c", 0.7)


def test_pairs_without_weight_columns_still_explain_their_level():
    """A prediction without intermediate columns reports levels at weight zero."""
    names = ["unique_id_l", "unique_id_r", "match_probability", "match_weight"]
    (pair,) = scored_pairs(names, [("a", "b", 0.5, 0.0)], level_labels(SETTINGS))
    assert pair.contributions == (FieldContribution("given_name", "null", 0.0, 0.0),)
