"""
The comparisons of the linkage model, as plain settings dictionaries.

Each comparison is an ordered list of levels, each a SQL condition on the
``_l`` and ``_r`` columns of :func:`haven.engines.linkage.records.record_features`.
The dictionaries follow Splink's settings schema, so they reach Splink without
this module importing it. Every string compared here is ASCII already.

Design (tracing.md §1.8, §3.1, §5.7):

- names are compared on canonical tokens, then on phonetic keys, then on the
  sets of all readings (which is how Arabic or Ge'ez script meets Latin), then
  by Jaro-Winkler for typing errors;
- patronymic names are compared across fields: given against father (names
  entered in the wrong order), father against grandfather (a dropped or
  shifted generation), grandfather against family name (the third name may be
  either);
- term-frequency adjustments sit on the exact and phonetic-key levels, keyed on
  the normalised value, so that agreeing on "Mohammed" weighs less than
  agreeing on "Rebwar";
- a date of birth agrees "for real" only when both sides declared an exact
  day that is not 1 January; 1 January and year-only dates, and disputed ages
  a few years apart, get levels of their own that EM weighs separately.
"""

from __future__ import annotations

from typing import Any, Final

__all__ = [
    "COMPARISON_NAMES",
    "TRACE_COMPARISON_NAMES",
    "dob_comparison",
    "name_comparison",
    "registry_comparisons",
    "trace_comparisons",
]

Level = dict[str, Any]
Comparison = dict[str, Any]

JW_TYPO: Final = 0.88


def _null(*columns: str) -> Level:
    condition = " OR ".join(f"{c}_l IS NULL OR {c}_r IS NULL" for c in columns)
    return {
        "sql_condition": condition,
        "is_null_level": True,
        "label_for_charts": "null",
    }


def _else() -> Level:
    return {"sql_condition": "ELSE", "label_for_charts": "else"}


def _level(condition: str, label: str, tf_column: str | None = None) -> Level:
    level: Level = {"sql_condition": condition, "label_for_charts": label}
    if tf_column is not None:
        level["tf_adjustment_column"] = tf_column
        level["tf_adjustment_weight"] = 1.0
    return level


def _either(a: str, b: str) -> str:
    """Agreement of column ``a`` on one side with column ``b`` on the other."""
    return f"({a}_l = {b}_r OR {b}_l = {a}_r)"


def name_comparison(
    field: str, cross: tuple[tuple[str, str], ...], *, name: str | None = None
) -> Comparison:
    """
    Return the comparison of one name field, with cross-field levels.

    ``cross`` lists pairs of key columns whose agreement (in either direction)
    forms the cross-field level, e.g. ``(("given_k", "father_k"),)``.
    """
    levels = [
        _null(f"{field}_k"),
        _level(f"{field}_n_l = {field}_n_r", "exact", f"{field}_n"),
        _level(f"{field}_k_l = {field}_k_r", "same phonetic key", f"{field}_k"),
        _level(f"list_has_any({field}_keys_l, {field}_keys_r)", "a reading in common"),
        _level(f"{field}_c_l = {field}_c_r", "same coarse key", f"{field}_c"),
        _level(
            f"jaro_winkler_similarity({field}_n_l, {field}_n_r) >= {JW_TYPO}",
            f"Jaro-Winkler >= {JW_TYPO}",
        ),
    ]
    if cross:
        condition = " OR ".join(_either(a, b) for a, b in cross)
        levels.append(_level(condition, "agrees with another name field"))
    levels.append(_else())
    return {"output_column_name": name or field, "comparison_levels": levels}


def lineage_comparison() -> Comparison:
    """Return the comparison of the third name: grandfather or family name."""
    return {
        "output_column_name": "lineage",
        "comparison_levels": [
            {
                "sql_condition": "lineage_keys_l IS NULL OR lineage_keys_r IS NULL",
                "is_null_level": True,
                "label_for_charts": "null",
            },
            _level(
                "grandfather_k_l = grandfather_k_r",
                "same grandfather key",
                "grandfather_k",
            ),
            _level("family_k_l = family_k_r", "same family-name key", "family_k"),
            _level(
                "list_has_any(lineage_keys_l, lineage_keys_r)",
                "grandfather and family names share a reading",
            ),
            _level(
                "jaro_winkler_similarity(grandfather_n_l, grandfather_n_r)"
                f" >= {JW_TYPO} OR"
                f" jaro_winkler_similarity(family_n_l, family_n_r) >= {JW_TYPO}",
                f"Jaro-Winkler >= {JW_TYPO}",
            ),
            _else(),
        ],
    }


def dob_comparison() -> Comparison:
    """Return the date-of-birth comparison, aware of 1 January and disputes."""
    year_gap = "abs(dob_year_l - dob_year_r)"
    imprecise = "(NOT dob_exact_l OR NOT dob_exact_r)"
    return {
        "output_column_name": "dob",
        "comparison_levels": [
            _null("dob"),
            _level(
                "dob_l = dob_r AND dob_exact_l AND dob_exact_r", "same declared date"
            ),
            _level("dob_l = dob_r", "same 1 January or year-only date"),
            _level(
                "dob_year_l = dob_year_r"
                " AND substr(dob_l, 6, 2) = substr(dob_r, 9, 2)"
                " AND substr(dob_l, 9, 2) = substr(dob_r, 6, 2)",
                "day and month swapped",
            ),
            _level(f"{imprecise} AND {year_gap} <= 1", "imprecise, year within 1"),
            _level(f"{year_gap} <= 1", "year within 1"),
            _level(f"{year_gap} <= 2", "year within 2"),
            _level(f"{imprecise} AND {year_gap} <= 5", "imprecise, year within 5"),
            _else(),
        ],
    }


def _exact(column: str, *, tf: bool = False, name: str | None = None) -> Comparison:
    return {
        "output_column_name": name or column,
        "comparison_levels": [
            _null(column),
            _level(f"{column}_l = {column}_r", "exact", column if tf else None),
            _else(),
        ],
    }


def nationality_comparison() -> Comparison:
    """
    Return the nationality comparison; Eritrea and Ethiopia are often confused.

    Agreement has no term-frequency adjustment. Names carry their own: a name
    of a small nationality is rare in the registry because the nationality
    is, so weighing agreement on a small nationality more as well counted that
    rarity twice (docs/adr/0027).
    """
    return {
        "output_column_name": "nationality",
        "comparison_levels": [
            _null("nationality"),
            _level("nationality_l = nationality_r", "exact"),
            _level(
                "nationality_l IN ('ER', 'ET') AND nationality_r IN ('ER', 'ET')",
                "Eritrea and Ethiopia",
            ),
            _else(),
        ],
    }


def origin_comparison() -> Comparison:
    """Return the place-of-origin comparison; romanisations of a town share
    its coarse key (Mekelle, Mekele; Al-Ubayyid, El Obeid)."""
    return {
        "output_column_name": "place_of_origin",
        "comparison_levels": [
            _null("origin_n"),
            _level("origin_n_l = origin_n_r", "exact", "origin_n"),
            _level(
                "jaro_winkler_similarity(origin_n_l, origin_n_r) >= 0.9",
                "Jaro-Winkler >= 0.9",
            ),
            _level("origin_c_l = origin_c_r", "same coarse key", "origin_c"),
            _else(),
        ],
    }


def trace_origin_comparison() -> Comparison:
    """
    Return the comparison of the seeker's place of origin with a record's.

    Relatives come from the same town far more often than strangers of one
    nationality do; romanisations of the town differ, so its coarse key
    counts as agreement too.
    """
    return {
        "output_column_name": "place_of_origin",
        "comparison_levels": [
            _null("origin_c"),
            _level("origin_n_l = origin_n_r", "exact", "origin_n"),
            _level("origin_c_l = origin_c_r", "same coarse key", "origin_c"),
            _else(),
        ],
    }


def registry_comparisons() -> list[Comparison]:
    """Return every comparison used to deduplicate or link registries."""
    return [
        name_comparison("given", (("given_k", "father_k"),), name="given_name"),
        name_comparison(
            "father",
            (("father_k", "grandfather_k"), ("father_k", "given_k")),
            name="father_name",
        ),
        lineage_comparison(),
        dob_comparison(),
        _exact("sex"),
        nationality_comparison(),
        origin_comparison(),
        _exact("phone_n", name="phone"),
    ]


COMPARISON_NAMES: Final = tuple(c["output_column_name"] for c in registry_comparisons())


def age_comparison() -> Comparison:
    """Return the comparison of a remembered age with a recorded birth year."""
    gap = "abs(dob_year_l - dob_year_r)"
    return {
        "output_column_name": "age",
        "comparison_levels": [
            _null("dob_year"),
            _level(f"{gap} <= 2", "within 2 years"),
            _level(f"{gap} <= 5", "within 5 years"),
            _level(f"{gap} <= 10", "within 10 years"),
            _level(f"{gap} <= 15", "within 15 years"),
            _else(),
        ],
    }


def city_comparison() -> Comparison:
    """Return the comparison of the last known city with the recorded city."""
    return {
        "output_column_name": "city",
        "comparison_levels": [
            _null("city_n"),
            _level("city_n_l = city_n_r", "same city"),
            _else(),
        ],
    }


def trace_comparisons() -> list[Comparison]:
    """
    Return the comparisons of a tracing query (left) with a registry record.

    A query's father and grandfather names come from the name as remembered
    or, failing that, from the seeker's own names and the declared relation
    (tracing.md §3.1), so the same name comparisons apply. The seeker's place
    of origin stands for the relative's; the remembered age is compared with
    the birth year down to a level for ages more than 15 years apart.
    """
    return [
        name_comparison("given", (("given_k", "father_k"),), name="given_name"),
        name_comparison("father", (("father_k", "grandfather_k"),), name="father_name"),
        lineage_comparison(),
        age_comparison(),
        _exact("sex"),
        nationality_comparison(),
        trace_origin_comparison(),
        city_comparison(),
    ]


TRACE_COMPARISON_NAMES: Final = tuple(
    c["output_column_name"] for c in trace_comparisons()
)
