"""The same linkage model on Spark (local mode) as on the embedded DuckDB.

Spark starts a JVM (OpenJDK 17) and takes tens of seconds even for a few
hundred records, so these tests are marked ``spark`` and kept small.
"""

import importlib.util

import pytest

from haven.engines.linkage import (
    SparkBackend,
    deduplicate,
    link_registries,
    train_model,
)

from .conftest import make_registry

pytestmark = [
    pytest.mark.spark,
    pytest.mark.slow,
    pytest.mark.skipif(
        importlib.util.find_spec("pyspark") is None, reason="needs pyspark"
    ),
]


@pytest.fixture(scope="module")
def spark(tmp_path_factory):
    backend = SparkBackend(checkpoint_dir=str(tmp_path_factory.mktemp("checkpoints")))
    yield backend
    from pyspark.sql import SparkSession

    session = SparkSession.getActiveSession()
    if session is not None:
        session.stop()


@pytest.fixture(scope="module")
def small_registry():
    records, truth = make_registry(seed=11, families=45)
    return records, truth


@pytest.fixture(scope="module")
def model(small_registry):
    records, _ = small_registry
    return train_model(records, seed=1)


def test_spark_gives_the_same_clusters_as_duckdb(small_registry, model, spark):
    """Deduplicating a few hundred records on Spark yields DuckDB's clusters."""
    records, _ = small_registry
    assert 200 <= len(records) <= 400
    on_duckdb = deduplicate(records, model=model)
    on_spark = deduplicate(records, model=model, spark=spark)
    assert on_spark.clusters == on_duckdb.clusters
    assert len(set(on_duckdb.clusters.values())) < len(records)
    duck = {(p.left_id, p.right_id): p.probability for p in on_duckdb.pairs}
    sparked = {(p.left_id, p.right_id): p.probability for p in on_spark.pairs}
    assert sparked.keys() == duck.keys()
    assert all(sparked[k] == pytest.approx(duck[k], abs=1e-6) for k in duck)


def test_spark_links_two_registries_like_duckdb(small_registry, spark):
    """Cross-registry links on Spark, with the reading-set rule, match DuckDB's."""
    records, _ = small_registry
    half = len(records) // 2
    a, b = records[:half], records[half:]
    link_model = train_model(a, b, seed=1)
    on_duckdb = link_registries(a, b, model=link_model)
    on_spark = link_registries(a, b, model=link_model, spark=spark)
    assert on_duckdb
    assert [(p.left_id, p.right_id) for p in on_spark] == [
        (p.left_id, p.right_id) for p in on_duckdb
    ]


def test_a_model_trained_on_spark_is_stored_in_duckdb_sql(small_registry, spark):
    """Training on Spark returns a model that DuckDB can use as it is."""
    records, truth = small_registry
    trained = train_model(records, seed=1, spark=spark)
    assert "arrays_overlap(" not in trained.settings_json
    assert "list_has_any(" in trained.settings_json
    result = deduplicate(records, model=trained)
    found = {
        tuple(sorted((p.left_id, p.right_id)))
        for p in result.pairs
        if p.probability >= 0.9
    }
    assert sum(truth[a] == truth[b] for a, b in found) / len(found) >= 0.85
