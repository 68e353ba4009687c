"""Values of the linkage engine: trained models, scored pairs and their reasons."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

__all__ = ["FieldContribution", "LinkageModel", "ScoredPair", "SparkBackend"]

LinkType = Literal["dedupe_only", "link_only"]


@dataclass(frozen=True, slots=True)
class LinkageModel:
    """
    A trained model: the comparisons, blocking rules and their parameters.

    ``settings_json`` is Splink's own model format, so a model saved by one
    run can be stored by a service and passed back in later without
    retraining.
    """

    link_type: LinkType
    settings_json: str

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> LinkageModel:
        """Return the model described by a Splink settings dictionary."""
        link_type: LinkType = (
            "link_only" if settings.get("link_type") == "link_only" else "dedupe_only"
        )
        return cls(
            link_type=link_type, settings_json=json.dumps(settings, sort_keys=True)
        )

    @property
    def settings(self) -> dict[str, Any]:
        """Return a fresh copy of the settings dictionary."""
        settings: dict[str, Any] = json.loads(self.settings_json)
        return settings

    @property
    def prior(self) -> float:
        """Return the probability that two random records are the same person."""
        return float(self.settings["probability_two_random_records_match"])


@dataclass(frozen=True, slots=True)
class FieldContribution:
    """How much one compared field moved the evidence for a match.

    ``match_weight`` is log2 of the Bayes factor of the level the pair fell
    into, including any term-frequency adjustment (``tf_adjustment``, also in
    bits): positive is evidence for, negative against, zero neutral.
    """

    field: str
    level: str
    match_weight: float
    tf_adjustment: float = 0.0

    @property
    def bayes_factor(self) -> float:
        """Return the factor by which this field multiplies the odds of a match."""
        return float(2.0**self.match_weight)


@dataclass(frozen=True, slots=True)
class ScoredPair:
    """Two records compared, with the match probability and its reasons."""

    left_id: str
    right_id: str
    probability: float
    match_weight: float
    contributions: tuple[FieldContribution, ...]


@dataclass(frozen=True, slots=True)
class SparkBackend:
    """
    Where to run the model on Apache Spark instead of the embedded DuckDB.

    For registries larger than one machine holds. ``master`` is a Spark master
    URL (``local[2]`` runs on this machine with two threads); Spark keeps its
    checkpoints in ``checkpoint_dir``, a folder the caller provides.
    """

    checkpoint_dir: str
    master: str = "local[2]"
    partitions: int = 4
