"""Blocking rules are counted without being run, and kept within a pair budget."""

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from haven.engines.linkage import _splink, prepare_registry
from haven.engines.linkage.blocking import (
    PREDICTION_RULES,
    prediction_rules,
    rule_columns,
    within_budget,
)
from haven.engines.linkage.records import record_features


def _joined(rule, left, right=None):
    """Count a rule's pairs the slow way: by making them, as Splink does."""
    return _joined_all([rule], left, right)[0]


def _joined_all(rules, left, right=None):
    con = duckdb.connect()
    con.register("a", left)
    if right is not None:
        con.register("b", right)
    counts = []
    for rule in rules:
        if right is None:
            sql = (
                f"SELECT count(*) FROM a l JOIN a r ON {rule}"
                " AND l.unique_id < r.unique_id"
            )
        else:
            sql = f"SELECT count(*) FROM a l JOIN b r ON {rule}"
        counts.append(con.execute(sql).fetchall()[0][0])
    return counts


def _counted_all(rules, left, right=None):
    """Count every rule's pairs from block sizes, on one connection."""
    con = _splink._counting_connection(left, right)
    return [_splink._count(con, rule, link=right is not None) for rule in rules]


NAMES = st.sampled_from(["Ahmed", "Ahmad", "Yusuf", "Omar", "Tesfay", ""])
RECORD = st.fixed_dictionaries(
    {
        "given_name": NAMES,
        "father_name": NAMES,
        "grandfather_name": NAMES,
        "dob": st.sampled_from(["2001-03-04", "2001", "1990-07-08", ""]),
        "nationality": st.sampled_from(["SD", "ER", ""]),
        "place_of_origin": st.sampled_from(["Nyala", "Asmara", ""]),
        "phone": st.sampled_from(["0911 234 567", ""]),
    }
)


def _table(records, prefix):
    rows = [
        record_features({**r, "record_id": f"{prefix}{i}"})
        for i, r in enumerate(records)
    ]
    return _splink.feature_table(rows)


SYMMETRIC = [r for r in PREDICTION_RULES if rule_columns(r)[0] == rule_columns(r)[1]]


@settings(max_examples=20)
@given(st.lists(RECORD, min_size=2, max_size=25))
def test_counted_pairs_equal_the_pairs_a_symmetric_rule_makes(records):
    """For one registry, a rule's count is exactly the pairs its join makes."""
    table = _table(records, "r")
    assert _counted_all(SYMMETRIC, table) == _joined_all(SYMMETRIC, table)


@settings(max_examples=20)
@given(
    st.lists(RECORD, min_size=1, max_size=15), st.lists(RECORD, min_size=1, max_size=15)
)
def test_counted_pairs_equal_the_pairs_of_two_registries(records_a, records_b):
    """Linking two registries, every rule's count is its join, cross-field too."""
    a, b = _table(records_a, "a"), _table(records_b, "b")
    assert _counted_all(PREDICTION_RULES, a, b) == _joined_all(PREDICTION_RULES, a, b)


def test_a_cross_field_rule_counts_half_its_ordered_pairs():
    """given = given and father = grandfather holds one way round for each pair here."""
    table = _table(
        [
            {"given_name": "Ahmed", "father_name": "Omar", "grandfather_name": "Yusuf"},
            {"given_name": "Ahmed", "father_name": "Yusuf", "grandfather_name": "Omar"},
        ],
        "r",
    )
    rule = "l.given_c = r.given_c AND l.father_c = r.grandfather_c"
    # Both orders of the pair satisfy it; Splink keeps the one with l < r.
    assert _splink.rule_pairs(rule, table) == 1 == _joined(rule, table)


def test_a_reading_set_rule_counts_each_shared_reading():
    """Exploded rules count a pair once per shared reading: an upper bound."""
    a = _table([{"given_name": "Ahmed", "father_name": "Yusuf"}], "a")
    b = _table(
        [
            {"given_name": "Ahmad", "father_name": "Yousef"},
            {"given_name": "Tesfay", "father_name": "Yusuf"},
        ],
        "b",
    )
    exploded = prediction_rules(explode_readings=True)[-1]
    assert isinstance(exploded, dict)
    assert _splink.rule_pairs(exploded, a, b) >= 1


def test_rules_past_the_budget_are_left_out_and_later_ones_still_tried():
    """A large rule is skipped; a small rule after it is kept."""
    assert within_budget(["a", "b", "c"], [30, 40, 10], records=1, budget=45) == [
        "a",
        "c",
    ]
    assert within_budget(["a", "b"], [100, 100], records=10, budget=20) == ["a", "b"]
    assert within_budget(["a"], [201], records=10, budget=20) == []


def test_a_registry_whose_every_pair_fits_keeps_every_rule_uncounted(monkeypatch):
    """Fewer pairs in all than the budget allows: no rule needs counting."""
    table = _table([{"given_name": "Omar"}, {"given_name": "Omar"}], "r")

    def refuse(*args, **kwargs):
        raise AssertionError("counted")

    monkeypatch.setattr(_splink, "_count", refuse)
    assert _splink.budgeted_rules(PREDICTION_RULES, table) == list(PREDICTION_RULES)


def test_one_crowded_block_is_dropped_by_the_budget():
    """Forty namesakes with one phone: the phone rule alone passes 1 pair per record."""
    records = [
        {"given_name": f"Name{i}", "father_name": f"Father{i}", "phone": "0911 234 567"}
        for i in range(40)
    ]
    table = _table(records, "r")
    kept = _splink.budgeted_rules(PREDICTION_RULES, table, budget=1.0)
    assert "l.phone_n = r.phone_n" not in kept
    assert "l.phone_n = r.phone_n" in _splink.budgeted_rules(
        PREDICTION_RULES, table, budget=100.0
    )


def test_a_rule_that_is_not_equalities_is_refused():
    """Only conjunctions of column equalities can be counted from block sizes."""
    with pytest.raises(ValueError, match="not an equality"):
        rule_columns("l.dob_year - r.dob_year < 2")


def test_a_prepared_registry_is_its_features_once():
    """A prepared registry holds its ids and one feature row per record."""
    prepared = prepare_registry(
        [{"record_id": "x1", "given_name": "Omar"}, {"record_id": "x2"}]
    )
    assert prepared.record_ids == ("x1", "x2")
    assert len(prepared) == prepared.table.num_rows == 2


def test_a_tracing_budget_is_per_query():
    """Three queries against many namesakes: the budget counts per query."""
    queries = _table([{"given_name": "Omar"}] * 3, "q")
    registry = _table([{"given_name": "Omar"}] * 40, "r")
    rule = "l.given_c = r.given_c"
    # 120 pairs: 40 per query, but only 120 / 40 = 3 per registry record.
    assert _splink.budgeted_rules([rule], queries, registry, budget=10.0) == [rule]
    assert (
        _splink.budgeted_rules(
            [rule], queries, registry, budget=10.0, per_left_record=True
        )
        == []
    )
