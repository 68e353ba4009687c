"""
The one door to Splink and DuckDB.

Everything here takes and returns plain Python values: feature rows in,
settings dictionaries and scored pairs out. Splink, DuckDB and pyarrow are
imported inside the functions so that importing the linkage package stays
fast for the web application.
"""

from __future__ import annotations

import json
import logging
import os
import re
import tempfile
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from operator import itemgetter
from typing import TYPE_CHECKING, Any, Final, Literal

from haven.engines.linkage.blocking import (
    DETERMINISTIC_RECALL,
    DETERMINISTIC_RULES,
    PAIRS_PER_RECORD_BUDGET,
    TRACE_PAIRS_PER_QUERY_BUDGET,
    TRACE_RULES,
    TRAINING_RULES,
    Rule,
    prediction_rules,
    rule_columns,
    within_budget,
)
from haven.engines.linkage.comparisons import registry_comparisons, trace_comparisons
from haven.engines.linkage.errors import TrainingError
from haven.engines.linkage.model import SparkBackend
from haven.engines.linkage.records import FeatureRow

if TYPE_CHECKING:
    from typing import TypeAlias

    import pyarrow

    # Feature rows, or the Arrow table :func:`feature_table` made of them.
    Rows: TypeAlias = Sequence[FeatureRow] | pyarrow.Table

__all__ = [
    "budgeted_rules",
    "feature_table",
    "rule_pairs",
    "predict_pairs",
    "score_trace",
    "spark_session",
    "train_settings",
]

THREADS: Final = 2
# DuckDB's share of memory. Past it, joins, aggregates and sorts spill to a
# folder of their own under the system's temporary directory (``TMPDIR``),
# which DuckDB creates only when it spills and removes when done. Without a
# limit DuckDB takes 80% of the machine, and the Python side of a
# million-record registry (features, scored pairs, clusters) then has no room.
DUCKDB_MEMORY_LIMIT: Final = "3GB"
# Rows fetched from DuckDB at a time, so that raw prediction rows are never
# all in Python at once (only the scored pairs made from them are).
_FETCH_ROWS: Final = 100_000
# Feature rows turned into Arrow at a time, so that a registry's features are
# held as Arrow columns rather than as one Python dictionary per record.
_TABLE_ROWS: Final = 65_536
U_MAX_PAIRS: Final = 2e6
EM_MAX_PAIRS: Final = 2e6
EM_MAX_ITERATIONS: Final = 10
# Iteration limits for retrying a block after an m-probability underflow.
_EM_ITERATIONS: Final = (4, 2, 1)
_LIST_COLUMNS: Final = (
    "given_keys",
    "father_keys",
    "grandfather_keys",
    "family_keys",
    "lineage_keys",
    "name_keys",
)


@contextmanager
def _quiet() -> Iterator[None]:
    """Keep Splink's progress messages (logged at INFO and WARNING) off stderr."""
    logger = logging.getLogger("splink")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _u_chunks(total_pairs: float) -> int:
    """Return how many chunks to sample u in: one when every pair fits."""
    return 1 if total_pairs <= U_MAX_PAIRS else 10


def _schema(first: FeatureRow | None) -> pyarrow.Schema:
    """Return the Arrow schema of feature rows shaped like ``first``."""
    import pyarrow as pa

    fields = [
        pa.field("unique_id", pa.string()),
        pa.field("dob_year", pa.int32()),
        pa.field("dob_exact", pa.bool_()),
    ]
    fields += [pa.field(c, pa.list_(pa.string())) for c in _LIST_COLUMNS]
    known = {f.name for f in fields}
    columns = list(first) if first is not None else []
    fields += [pa.field(c, pa.string()) for c in columns if c not in known]
    return pa.schema(fields)


def _batch(rows: Sequence[FeatureRow], schema: pyarrow.Schema) -> pyarrow.Table:
    import pyarrow as pa

    # Column by column: two to three times faster than from_pylist.
    return pa.Table.from_pydict(
        {f.name: _column(rows, f.name) for f in schema}, schema=schema
    )


def _column(rows: Sequence[FeatureRow], name: str) -> list[Any]:
    """Return one column of the rows; a row without the column gives None."""
    try:
        return list(map(itemgetter(name), rows))
    except KeyError:
        return [row.get(name) for row in rows]


def feature_table(rows: Iterable[FeatureRow]) -> pyarrow.Table:
    """
    Return feature rows as an Arrow table with stable column types.

    The rows are consumed a batch at a time, so a generator of rows is never
    held in Python all at once.
    """
    import pyarrow as pa

    schema: pyarrow.Schema | None = None
    batches: list[pyarrow.Table] = []
    batch: list[FeatureRow] = []
    for row in rows:
        batch.append(row)
        if len(batch) == _TABLE_ROWS:
            schema = schema or _schema(batch[0])
            batches.append(_batch(batch, schema))
            batch = []
    if batch or schema is None:
        schema = schema or _schema(batch[0] if batch else None)
        batches.append(_batch(batch, schema))
    return pa.concat_tables(batches).combine_chunks()


def _arrow(rows: Rows) -> pyarrow.Table:
    """Return feature rows as an Arrow table (a table is returned as it is)."""
    if isinstance(rows, list | tuple):
        return feature_table(rows)
    return rows


# The comparisons are written in DuckDB's SQL; these are the two functions
# whose names differ on Spark (where Splink's jar provides jaro_winkler).
_TO_SPARK: Final = (
    (re.compile(r"\blist_has_any\("), "arrays_overlap("),
    (re.compile(r"\bjaro_winkler_similarity\("), "jaro_winkler("),
)
_TO_DUCKDB: Final = (
    (re.compile(r"\barrays_overlap\("), "list_has_any("),
    (re.compile(r"\bjaro_winkler\("), "jaro_winkler_similarity("),
)


def _dialect(value: Any, spark: bool) -> Any:
    """Return settings (or comparisons) with their SQL in one backend's dialect."""
    text = json.dumps(value)
    for pattern, replacement in _TO_SPARK if spark else _TO_DUCKDB:
        text = pattern.sub(replacement, text)
    translated = json.loads(text)
    if isinstance(translated, dict) and "sql_dialect" in translated:
        translated["sql_dialect"] = "spark" if spark else "duckdb"
    return translated


def spark_session(backend: SparkBackend) -> Any:
    """
    Return a local Spark session ready for Splink, started once per process.

    Splink's string-similarity functions come from the jar inside its wheel;
    checkpoints go to the backend's folder. The web UI is off and the driver
    listens on the loopback address only.
    """
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    session = (
        SparkSession.builder.master(backend.master)
        .appName("haven-linkage")
        .config("spark.jars", similarity_jar_location())
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", str(backend.partitions))
        .getOrCreate()
    )
    session.sparkContext.setCheckpointDir(backend.checkpoint_dir)
    return session


def _db_api(spark: SparkBackend | None) -> Any:
    if spark is not None:
        from splink import SparkAPI

        spark_api: Any = SparkAPI  # untyped in Splink 5
        return spark_api(
            spark_session=spark_session(spark),
            num_partitions_on_repartition=spark.partitions,
        )
    import duckdb
    from splink import DuckDBAPI

    con = duckdb.connect()
    con.execute(f"SET threads TO {THREADS}")
    con.execute(f"SET memory_limit = '{DUCKDB_MEMORY_LIMIT}'")
    # A folder per connection: two processes never share spill files.
    spill = os.path.join(tempfile.gettempdir(), f"haven-linkage-{uuid.uuid4().hex}")
    con.execute("SET temp_directory = ?", [spill])
    return DuckDBAPI(connection=con)


def _linker(
    settings: dict[str, Any] | Any,
    left: Rows,
    right: Rows | None,
    spark: SparkBackend | None = None,
) -> Any:
    from splink import Linker

    if spark is not None and isinstance(settings, dict):
        settings = _dialect(settings, spark=True)
    db_api = _db_api(spark)
    if spark is not None:
        # A Spark session outlives each linker; its views of the last run stay.
        for name in ("registry_a", "registry_b"):
            db_api.spark.catalog.dropTempView(name)
    tables = [db_api.register(_arrow(left), dataset_display_name="registry_a")]
    if right is not None:
        tables.append(db_api.register(_arrow(right), dataset_display_name="registry_b"))
    # log_level=None keeps Splink from installing its own stderr handler.
    return Linker(tables if right is not None else tables[0], settings, log_level=None)


def _settings(
    link_type: Literal["dedupe_only", "link_only"],
    *,
    explode_readings: bool,
    spark: bool = False,
) -> Any:
    from splink import SettingsCreator

    comparisons: list[Any] = _dialect(list(registry_comparisons()), spark)
    rules: list[Any] = prediction_rules(explode_readings=explode_readings)
    return SettingsCreator(
        link_type=link_type,
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=rules,
        retain_intermediate_calculation_columns=True,
        # Matching columns carry the level of each comparison (gamma_*).
        retain_matching_columns=True,
        max_iterations=EM_MAX_ITERATIONS,
    )


def _expectation_maximisation(
    linker: Any,
    rule: str,
    left: Rows,
    right: Rows | None,
    spark: SparkBackend | None,
) -> tuple[Any, bool]:
    """
    Run EM on one training block; return the linker and whether it trained.

    On small or very clean blocks EM can drive an m-probability below 1e-300,
    which Splink 5 rejects with a ValueError instead of clamping it. The block
    is then retried from the parameters before it with fewer iterations
    (stopping before the underflow), and skipped if even that fails. A block
    without pairs is skipped too.
    """
    for retry_iterations in (*_EM_ITERATIONS, None):
        # A failed session leaves its own prior in the linker: keep a copy.
        before = linker.misc.save_model_to_json()
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule,
                # Term frequencies apply at prediction; EM on agreement-pattern
                # counts is far faster than on every pair.
                estimate_without_term_frequencies=True,
                max_pairs=EM_MAX_PAIRS,
                record_sample_proportion=1.0,
            )
        except ValueError as error:
            # A block where every pair agrees drives the prior to 1 and Splink's
            # log of it fails ("math domain error"): treated like the underflow.
            if "below the minimum allowed" not in str(
                error
            ) and "math domain error" not in str(error):
                raise
            if retry_iterations is None:
                return linker, False
            before["max_iterations"] = retry_iterations
            linker = _linker(before, left, right, spark)
            continue
        except Exception:  # noqa: BLE001  (Splink raises plain exceptions on empty blocks)
            return linker, False
        return linker, True
    return linker, False


def train_settings(
    left: Rows,
    right: Rows | None = None,
    *,
    seed: int,
    explode_readings: bool = False,
    recall: float = DETERMINISTIC_RECALL,
    spark: SparkBackend | None = None,
) -> dict[str, Any]:
    """
    Train a model without labels and return its Splink settings dictionary.

    The prior comes from deterministic rules with a documented recall guess,
    u-probabilities from random pairs, and m-probabilities from EM on the
    training blocks; a block that yields no pairs (small registries) is
    skipped. Raises :class:`TrainingError` when no block could be used.
    The settings come back in DuckDB's SQL whichever backend trained them.
    """
    link_type: Literal["dedupe_only", "link_only"] = (
        "dedupe_only" if right is None else "link_only"
    )
    with _quiet():
        creator = _settings(
            link_type, explode_readings=explode_readings, spark=spark is not None
        )
        linker = _linker(creator, left, right, spark)
        try:
            linker.training.estimate_probability_two_random_records_match(
                list(DETERMINISTIC_RULES), recall=recall
            )
        except Exception as exc:  # noqa: BLE001  (Splink raises plain exceptions)
            raise TrainingError(
                "Too few records agree exactly to estimate how often records match.",
                code="no_deterministic_matches",
            ) from exc
        n = len(left) + (len(right) if right is not None else 0)
        linker.training.estimate_u_using_random_sampling(
            max_pairs=U_MAX_PAIRS, seed=seed, num_chunks=_u_chunks(n * (n - 1) / 2)
        )
        trained = 0
        for rule in TRAINING_RULES:
            linker, ok = _expectation_maximisation(linker, rule, left, right, spark)
            trained += ok
        if trained == 0:
            raise TrainingError(
                "No training block produced pairs; the registry is too small.",
                code="no_training_pairs",
            )
        settings: dict[str, Any] = _dialect(
            linker.misc.save_model_to_json(), spark=False
        )
    return settings


_KEPT_PREFIXES: Final = ("gamma_", "mw_")
_KEPT_COLUMNS: Final = frozenset(
    {
        "unique_id_l",
        "unique_id_r",
        "match_probability",
        "match_weight",
        "source_dataset_l",
    }
)


def _fetch(result: Any, spark: bool) -> tuple[list[str], Iterator[tuple[Any, ...]]]:
    """
    Return the column names and rows of a prediction, reasons only.

    Splink's own record lists carry every input column of both records;
    fetching only the ids, the probability and each comparison's level and
    weights keeps a large registry's pairs small in memory. On DuckDB the
    rows are fetched a batch at a time as the caller consumes them.
    """
    if spark:
        frame = result.as_spark_dataframe()
        names = [c for c in frame.columns if _kept(c)]
        return names, iter([tuple(r) for r in frame.select(*names).collect()])
    relation = result.as_duckdbpyrelation()
    names = [c for c in relation.columns if _kept(c)]
    quoted = ", ".join(f'"{c}"' for c in names)
    rows: Iterator[tuple[Any, ...]] = relation.project(quoted).iter_rows(
        batch_size=_FETCH_ROWS
    )
    return names, rows


def _kept(column: str) -> bool:
    return column in _KEPT_COLUMNS or column.startswith(_KEPT_PREFIXES)


def _left_first(
    names: list[str], rows: Iterator[tuple[Any, ...]]
) -> Iterator[tuple[Any, ...]]:
    """Yield the rows with registry A's record on the left of every pair."""
    if "source_dataset_l" not in names:
        yield from rows
        return
    source = names.index("source_dataset_l")
    left, right = names.index("unique_id_l"), names.index("unique_id_r")
    for row in rows:
        # Splink orders each pair by its own key; keep registry A on the left.
        if row[source] == "registry_b":
            values = list(row)
            values[left], values[right] = row[right], row[left]
            values[source] = "registry_a"
            row = tuple(values)
        yield row


def _rule_text(rule: Rule) -> tuple[str, tuple[str, ...]]:
    """Return a blocking rule's SQL and the list columns it explodes."""
    if isinstance(rule, str):
        return rule, ()
    return str(rule["blocking_rule"]), tuple(rule.get("arrays_to_explode") or ())


# The counting SQL below is built from blocking rules, which are this
# package's constants, and only from column names that match ``\\w+``
# (:func:`haven.engines.linkage.blocking.rule_columns`); no value is ever
# spliced in.


def _keys_sql(table: str, columns: Sequence[str], explode: Sequence[str]) -> str:
    """Return SQL for each record's join keys under ``columns`` (one row per
    combination of readings for exploded list columns)."""
    keys = [f"k{i}" for i in range(len(columns))]
    lateral = "".join(
        f", unnest(t.{c}) AS u{i}(k{i})" for i, c in enumerate(columns) if c in explode
    )
    select = ", ".join(
        f"k{i}" if c in explode else f"t.{c} AS k{i}" for i, c in enumerate(columns)
    )
    not_null = " AND ".join(f"{k} IS NOT NULL" for k in keys)
    distinct = "DISTINCT " if explode else ""
    return (
        f"SELECT {distinct}t.unique_id, {select} FROM {table} t{lateral}"  # noqa: S608  # nosec B608  # columns of this package's own rules
        f" WHERE {not_null}"
    )


def _counting_connection(left: Rows, right: Rows | None) -> Any:
    import duckdb

    con = duckdb.connect()
    con.execute(f"SET threads TO {THREADS}")
    con.execute(f"SET memory_limit = '{DUCKDB_MEMORY_LIMIT}'")
    con.register("side_l", _arrow(left))
    con.register("side_r", _arrow(right) if right is not None else _arrow(left))
    return con


def _count(con: Any, rule: Rule, link: bool) -> int:
    sql, explode = _rule_text(rule)
    left_columns, right_columns = rule_columns(sql)
    keys = [f"k{i}" for i in range(len(left_columns))]
    on = " AND ".join(f"l.{k} = r.{k}" for k in keys)
    group = ", ".join(keys)
    if not link and not explode and left_columns == right_columns:
        within = (
            "SELECT coalesce(sum(n * (n - 1) // 2), 0) FROM (SELECT count(*) AS n"  # noqa: S608  # nosec B608  # columns of this package's own rules
            f" FROM ({_keys_sql('side_l', left_columns, ())}) GROUP BY {group})"
        )
        return int(con.execute(within).fetchall()[0][0])
    count = (
        f"WITH cl AS (SELECT {group}, count(*) AS n"  # noqa: S608  # nosec B608  # columns of this package's own rules
        f" FROM ({_keys_sql('side_l', left_columns, explode)}) GROUP BY {group}),"
        f" cr AS (SELECT {group}, count(*) AS n"
        f" FROM ({_keys_sql('side_r', right_columns, explode)}) GROUP BY {group})"
        f" SELECT coalesce(sum(l.n * r.n), 0) FROM cl l JOIN cr r ON {on}"
    )
    ordered = int(con.execute(count).fetchall()[0][0])
    if link:
        return ordered
    # A record meets itself once for each of its own key rows that match.
    if explode:
        itself = (
            f"SELECT count(*) FROM ({_keys_sql('side_l', left_columns, explode)}) l"  # noqa: S608  # nosec B608  # columns of this package's own rules
            f" JOIN ({_keys_sql('side_r', right_columns, explode)}) r"
            f" ON l.unique_id = r.unique_id AND {on}"
        )
    else:
        same = " AND ".join(
            f"{a} = {b}" for a, b in zip(left_columns, right_columns, strict=True)
        )
        itself = f"SELECT count(*) FROM side_l WHERE {same}"  # noqa: S608  # nosec B608  # columns of this package's own rules
    return (ordered - int(con.execute(itself).fetchall()[0][0])) // 2


def rule_pairs(rule: Rule, left: Rows, right: Rows | None = None) -> int:
    """
    Return how many candidate pairs a blocking rule makes, without making them.

    Counted from the size of each block, so a rule that would make a billion
    pairs costs one aggregate. For one registry, a pair is counted once and a
    record never pairs with itself; a rule whose two sides differ
    (given = father) counts half its ordered pairs, as Splink evaluates it
    with the smaller id on the left. A record with several readings counts
    once per reading it shares, an upper bound.
    """
    con = _counting_connection(left, right)
    try:
        return _count(con, rule, link=right is not None)
    finally:
        con.close()


def budgeted_rules(
    rules: Sequence[Rule],
    left: Rows,
    right: Rows | None = None,
    *,
    budget: float = PAIRS_PER_RECORD_BUDGET,
    per_left_record: bool = False,
) -> list[Rule]:
    """
    Return the blocking rules, in order, that fit the pair budget.

    The budget is per record of the registry (of the larger registry when
    linking two, or of the left one with ``per_left_record``, as for
    tracing queries). A small registry keeps every rule without counting.
    """
    n_left = len(left)
    records = n_left if right is None or per_left_record else max(n_left, len(right))
    ceiling = n_left * len(right) if right is not None else n_left * (n_left - 1) / 2
    if ceiling <= budget * max(records, 1):
        return list(rules)
    con = _counting_connection(left, right)
    try:
        counts = [_count(con, rule, link=right is not None) for rule in rules]
    finally:
        con.close()
    return within_budget(rules, counts, records, budget)


def predict_pairs(
    settings: dict[str, Any],
    left: Rows,
    right: Rows | None = None,
    *,
    threshold: float,
    spark: SparkBackend | None = None,
) -> tuple[list[str], Iterator[tuple[Any, ...]]]:
    """
    Score candidate pairs and return those at or above ``threshold``.

    Returns the column names and one row per pair: ``unique_id_l``,
    ``unique_id_r``, ``match_probability``, ``match_weight`` and, per
    comparison, its level (``gamma_*``), match weight (``mw_*``) and
    term-frequency adjustment (``mw_tf_adj_*``). When linking two registries,
    ``unique_id_l`` is from the first. With ``spark``, the pairs are scored
    on Spark instead of DuckDB. The rows are an iterator, fetched from the
    database as it is consumed.
    Blocking rules past the pair budget for this data are left out
    (:func:`budgeted_rules`).
    """
    left, right = _arrow(left), _arrow(right) if right is not None else None
    settings = dict(settings)
    settings["blocking_rules_to_generate_predictions"] = budgeted_rules(
        settings["blocking_rules_to_generate_predictions"], left, right
    )
    with _quiet():
        linker = _linker(settings, left, right, spark)
        result = linker.inference.predict(threshold_match_probability=threshold)
        names, rows = _fetch(result, spark is not None)
    return names, _left_first(names, rows)


def _with_m(
    comparisons: list[dict[str, Any]], m: dict[str, tuple[float, ...]]
) -> list[dict[str, Any]]:
    """Return the comparisons with fixed m-probabilities on their non-null levels."""
    for comparison in comparisons:
        values = m[comparison["output_column_name"]]
        levels = [
            lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")
        ]
        if len(values) != len(levels):
            raise TrainingError(
                f"Comparison {comparison['output_column_name']!r} has {len(levels)}"
                f" levels but {len(values)} m-probabilities.",
                code="bad_trace_parameters",
            )
        for level, value in zip(levels, values, strict=True):
            level["m_probability"] = value
            level["fix_m_probability"] = True
    return comparisons


def score_trace(
    queries: Rows,
    registry: Rows,
    *,
    m: dict[str, tuple[float, ...]],
    seed: int,
    min_bayes_factor: float = 0.0,
) -> tuple[list[str], Iterator[tuple[Any, ...]]]:
    """
    Score every candidate record of every query; return the blocked pairs
    whose Bayes factor reaches ``min_bayes_factor``.

    Returns column names and rows as :func:`predict_pairs` does.

    m-probabilities are given (estimated on development data); u-probabilities
    are estimated from random query-record pairs. Blocking rules are taken
    within the budget of candidates per query (:func:`budgeted_rules`).
    ``unique_id_l`` is the query.
    The prior is 1 / len(registry); callers replace it with their own.
    """
    from splink import SettingsCreator

    comparisons: list[Any] = _with_m(trace_comparisons(), m)
    queries, registry = _arrow(queries), _arrow(registry)
    rules: list[Any] = budgeted_rules(
        TRACE_RULES,
        queries,
        registry,
        budget=TRACE_PAIRS_PER_QUERY_BUDGET,
        per_left_record=True,
    )
    settings = SettingsCreator(
        link_type="link_only",
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=rules,
        probability_two_random_records_match=1.0 / max(len(registry), 2),
        retain_matching_columns=True,
        retain_intermediate_calculation_columns=True,
    )
    with _quiet():
        linker = _linker(settings, queries, registry)
        linker.training.estimate_u_using_random_sampling(
            max_pairs=U_MAX_PAIRS,
            seed=seed,
            num_chunks=_u_chunks(len(queries) * len(registry)),
        )
        # With the prior at 1 / N, a Bayes factor f has probability f / (N - 1 + f).
        floor = min_bayes_factor / (max(len(registry), 2) - 1 + min_bayes_factor)
        result = linker.inference.predict(threshold_match_probability=floor or None)
        names, rows = _fetch(result, spark=False)
    return names, _left_first(names, rows)
