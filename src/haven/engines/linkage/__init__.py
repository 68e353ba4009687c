"""
Family tracing and deduplication: name normalisation and record linkage.

Name functions (:func:`transliterate`, :func:`name_tokens`,
:func:`phonetic_key`, :func:`search_keys`) are pure Python and import nothing
heavy, so web requests can use them freely. The linkage tasks
(:func:`deduplicate`, :func:`link_registries`, :func:`trace_relatives`) run a
Splink model on an embedded DuckDB database, imported only when called, or on
Apache Spark when given a :class:`SparkBackend`.
"""

from haven.engines.linkage.errors import (
    InvalidRecordsError,
    LinkageError,
    TrainingError,
)
from haven.engines.linkage.model import (
    FieldContribution,
    LinkageModel,
    ScoredPair,
    SparkBackend,
)
from haven.engines.linkage.normalise import name_tokens, search_keys
from haven.engines.linkage.phonetic import phonetic_key, phonetic_keys
from haven.engines.linkage.tasks import (
    DEDUPE_THRESHOLD,
    LINK_THRESHOLD,
    REVIEW_FLOOR,
    Deduplication,
    PreparedRegistry,
    deduplicate,
    link_registries,
    prepare_registry,
    train_model,
)
from haven.engines.linkage.trace_parameters import TRACE_THRESHOLD
from haven.engines.linkage.tracing import (
    TraceCandidate,
    TraceQuery,
    TraceResult,
    trace_relatives,
)
from haven.engines.linkage.transliteration import transliterate

__all__ = [
    "DEDUPE_THRESHOLD",
    "LINK_THRESHOLD",
    "REVIEW_FLOOR",
    "TRACE_THRESHOLD",
    "Deduplication",
    "FieldContribution",
    "InvalidRecordsError",
    "LinkageError",
    "LinkageModel",
    "PreparedRegistry",
    "ScoredPair",
    "SparkBackend",
    "TraceCandidate",
    "TraceQuery",
    "TraceResult",
    "TrainingError",
    "deduplicate",
    "link_registries",
    "name_tokens",
    "phonetic_key",
    "phonetic_keys",
    "prepare_registry",
    "search_keys",
    "trace_relatives",
    "train_model",
    "transliterate",
]
