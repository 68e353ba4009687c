"""
Deduplicating one registry and linking two.

Both tasks train a model without labels on the records given (unless a
trained :class:`LinkageModel` is passed in), score the candidate pairs and
keep those at or above a threshold. Thresholds were chosen on a development
seed of the synthetic camp, never on test data.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Final

from haven.engines.linkage.cluster import supported_clusters
from haven.engines.linkage.errors import InvalidRecordsError
from haven.engines.linkage.model import (
    FieldContribution,
    LinkageModel,
    ScoredPair,
    SparkBackend,
)
from haven.engines.linkage.records import FeatureRow, unique_features

if TYPE_CHECKING:
    import pyarrow

__all__ = [
    "DEDUPE_THRESHOLD",
    "LINK_THRESHOLD",
    "REVIEW_FLOOR",
    "Deduplication",
    "PreparedRegistry",
    "deduplicate",
    "link_registries",
    "prepare_registry",
    "train_model",
]

Record = Mapping[str, str | None]

# Pairwise F1 on the development camp peaked between 0.7 and 0.9; 0.9 is
# chosen because a false merge (two people as one) costs more than a miss.
DEDUPE_THRESHOLD: Final = 0.9
LINK_THRESHOLD: Final = 0.9
# Scored pairs below this probability are neither returned nor weighed when
# joining clusters (where they count as zero). Pairs under even odds are
# never shown for review, and at 1M records those from 0.01 up were 7.1
# million pairs and most of the process's memory (development seed 1).
REVIEW_FLOOR: Final = 0.5


@dataclass(frozen=True, slots=True)
class Deduplication:
    """Clusters of one registry, the model that made them and the links used."""

    clusters: Mapping[str, str]
    pairs: tuple[ScoredPair, ...]
    model: LinkageModel


@dataclass(frozen=True, slots=True)
class PreparedRegistry:
    """
    A registry's record ids and comparison features, computed once.

    Deriving the features (transliteration, phonetic keys) is the costliest
    step in Python; a registry that is trained on, deduplicated and linked
    is prepared once with :func:`prepare_registry` and passed to each task.
    """

    record_ids: tuple[str, ...]
    table: pyarrow.Table

    def __len__(self) -> int:
        return len(self.record_ids)


Registry = Iterable[Record] | PreparedRegistry


def prepare_registry(records: Iterable[Record], *, side: str = "a") -> PreparedRegistry:
    """
    Return a registry's features, ready for any linkage task.

    Raises :class:`InvalidRecordsError` for a missing or repeated record id,
    or a registry of fewer than two records (``side`` names the registry in
    the error).
    """
    ids, table = _features(records, side)
    return PreparedRegistry(record_ids=tuple(ids), table=table)


def _features(records: Registry, side: str) -> tuple[list[str], pyarrow.Table]:
    """
    Return a registry's record ids and its features as an Arrow table.

    The features of a large registry are never all Python dictionaries at
    once: they go into the table a batch at a time.
    """
    from haven.engines.linkage import _splink

    if isinstance(records, PreparedRegistry):
        return list(records.record_ids), records.table

    ids: list[str] = []

    def rows() -> Iterator[FeatureRow]:
        for row in unique_features(records):
            ids.append(str(row["unique_id"]))
            yield row

    table = _splink.feature_table(rows())
    if len(ids) < 2:
        raise InvalidRecordsError(
            f"Registry {side} needs at least two records.",
            code="too_few_records",
            registry=side,
        )
    return ids, table


def train_model(
    records: Registry,
    other: Registry | None = None,
    *,
    seed: int = 1,
    spark: SparkBackend | None = None,
) -> LinkageModel:
    """
    Train a model without labels on one registry, or on two to be linked.

    ``seed`` fixes the sample of random pairs used for u-probabilities, so a
    model is reproducible. Each registry is records or a
    :class:`PreparedRegistry`. ``spark`` trains on Spark instead of DuckDB.
    """
    from haven.engines.linkage import _splink

    _, left = _features(records, "a")
    right = _features(other, "b")[1] if other is not None else None
    settings = _splink.train_settings(
        left, right, seed=seed, explode_readings=right is not None, spark=spark
    )
    return LinkageModel.from_settings(settings)


def _scored(
    model: LinkageModel,
    left: pyarrow.Table,
    right: pyarrow.Table | None,
    threshold: float,
    spark: SparkBackend | None,
) -> list[ScoredPair]:
    from haven.engines.linkage import _splink
    from haven.engines.linkage.score import level_labels, scored_pairs

    settings = model.settings
    names, rows = _splink.predict_pairs(
        settings, left, right, threshold=threshold, spark=spark
    )
    return list(scored_pairs(names, rows, level_labels(settings)))


def deduplicate(
    records: Registry,
    *,
    model: LinkageModel | None = None,
    threshold: float = DEDUPE_THRESHOLD,
    seed: int = 1,
    spark: SparkBackend | None = None,
    swapped_names: bool = False,
) -> Deduplication:
    """
    Return clusters of records that are the same person.

    A cluster id is the smallest record id in the cluster; records without a
    link at ``threshold`` are clusters of their own. Two groups of records
    join only when their pairs are on average more likely than not the same
    person (:func:`haven.engines.linkage.cluster.supported_clusters`), so
    namesakes do not chain people together. Scored pairs down to
    :data:`REVIEW_FLOOR` (or ``threshold``, if lower) are returned for
    review queues. ``spark`` runs the model on
    Spark (for registries larger than one machine holds) instead of DuckDB.

    With ``swapped_names``, every record is also scored with its given name
    read as the other side's father's name or third name (a name order entered
    the other way round, or a family name written first), by the same model,
    from ``SWAP_FLOOR`` up; such a pair keeps its better score and says so in a
    ``name_order`` contribution of weight zero.
    """
    ids, table = _features(records, "a")
    if model is None:
        from haven.engines.linkage import _splink

        model = LinkageModel.from_settings(
            _splink.train_settings(table, seed=seed, spark=spark)
        )
    floor = min(threshold, REVIEW_FLOOR)
    pairs = _scored(model, table, None, floor, spark)
    if swapped_names:
        pairs = _with_swapped_names(model, table, pairs, floor, spark)
    del table
    clusters = supported_clusters(ids, pairs, threshold=threshold)
    return Deduplication(clusters=clusters, pairs=tuple(pairs), model=model)


# The name fields a swapped reading exchanges with the given name, and how the
# swap is explained. After gaps are closed the third field holds the family
# name when no grandfather's name was given.
SWAPS: Final = (
    ("father", "given and father's names in the other order"),
    ("grandfather", "given and family (third) names in the other order"),
)
_NAME_COLUMNS: Final = ("_n", "_k", "_c", "_keys")
# A swapped reading assumes a clerk's mistake, and father and son named after
# each other agree on it too: it counts from the dedupe threshold, not the review
# floor. (On the 7,000-person demo camp, seed 2016, it found 2,417 pairs from
# 0.5, 167 of them true; from 0.9, 839 with 157 true, and the same 49 of the
# 50 planted twins.)
SWAP_FLOOR: Final = DEDUPE_THRESHOLD


def _swapped_view(table: pyarrow.Table, field: str) -> pyarrow.Table:
    """Return the features with the given name and ``field`` exchanged."""
    import pyarrow as pa

    renames = {f"given{end}": f"{field}{end}" for end in _NAME_COLUMNS}
    renames |= {value: key for key, value in renames.items()}
    view = table.rename_columns([renames.get(c, c) for c in table.column_names])
    if field == "grandfather":
        given = view.column("grandfather_keys").to_pylist()
        family = view.column("family_keys").to_pylist()
        lineage = [
            sorted(set(g or ()) | set(f or ())) or None
            for g, f in zip(given, family, strict=True)
        ]
        index = view.column_names.index("lineage_keys")
        view = view.set_column(
            index, "lineage_keys", pa.array(lineage, type=pa.list_(pa.string()))
        )
    return view


def _with_swapped_names(
    model: LinkageModel,
    table: pyarrow.Table,
    pairs: list[ScoredPair],
    floor: float,
    spark: SparkBackend | None,
) -> list[ScoredPair]:
    """Return ``pairs`` joined by the pairs found only, or better, when swapped."""
    best = {tuple(sorted((p.left_id, p.right_id))): p for p in pairs}
    linking = LinkageModel.from_settings({**model.settings, "link_type": "link_only"})
    for field, explanation in SWAPS:
        view = _swapped_view(table, field)
        for pair in _scored(linking, table, view, max(floor, SWAP_FLOOR), spark):
            if pair.left_id == pair.right_id:
                continue
            left, right = sorted((pair.left_id, pair.right_id))
            current = best.get((left, right))
            if current is not None and current.probability >= pair.probability:
                continue
            best[(left, right)] = replace(
                pair,
                left_id=left,
                right_id=right,
                contributions=(
                    *pair.contributions,
                    FieldContribution("name_order", explanation, 0.0),
                ),
            )
    return list(best.values())


def link_registries(
    registry_a: Registry,
    registry_b: Registry,
    *,
    model: LinkageModel | None = None,
    threshold: float = LINK_THRESHOLD,
    seed: int = 1,
    spark: SparkBackend | None = None,
) -> tuple[ScoredPair, ...]:
    """
    Return pairs of records (one from each registry) at or above ``threshold``.

    ``left_id`` is always from ``registry_a``. A record may link to several
    records of the other registry when that registry holds duplicates.
    ``spark`` runs the model on Spark instead of DuckDB.
    """
    _, left = _features(registry_a, "a")
    _, right = _features(registry_b, "b")
    if model is None:
        from haven.engines.linkage import _splink

        model = LinkageModel.from_settings(
            _splink.train_settings(
                left, right, seed=seed, explode_readings=True, spark=spark
            )
        )
    pairs = _scored(model, left, right, threshold, spark)
    return tuple(sorted(pairs, key=lambda p: (-p.probability, p.left_id, p.right_id)))
