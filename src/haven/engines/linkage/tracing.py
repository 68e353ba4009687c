"""
Tracing queries: "my uncle Ahmed, about 40, in Birmingham".

A query becomes a partial record. Its given, father and grandfather names
come from the name as remembered, in that order; a name not remembered is
inferred from the seeker's own registered names and the relation, because
patronymic names make relatives' names structural (tracing.md §3.1): a
paternal uncle's father is the seeker's grandfather, a brother shares the
seeker's father and grandfather, a father's given name is the seeker's
father name.

Every candidate record gets a Bayes factor from the model (the product of
its fields' factors). Candidates are then weighed against each other and
against the possibility that the relative is not in the registry at all:

    P(record j is the relative) = π·BF_j / (N·(1 − π) + π·Σ_k BF_k)

where N is the size of the registry, π the prior probability that a sought
relative is registered, and the sum runs over the query's candidates
(records outside every block are taken as having a factor near zero). The
probabilities of one query's candidates and of "absent" sum to one, which
is what makes them comparable across queries. A query whose best candidate
stays under the threshold is answered "no match".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Final

from haven.engines.linkage.comparisons import trace_comparisons
from haven.engines.linkage.errors import InvalidRecordsError
from haven.engines.linkage.model import FieldContribution
from haven.engines.linkage.normalise import name_tokens
from haven.engines.linkage.records import (
    FeatureRow,
    birth_year_for_age,
    record_features,
    registry_features,
)
from haven.engines.linkage.trace_parameters import (
    PRESENCE_PRIOR,
    TRACE_M,
    TRACE_THRESHOLD,
)

__all__ = [
    "TraceCandidate",
    "TraceQuery",
    "TraceResult",
    "trace_relatives",
]

Record = Mapping[str, str | None]

_MALE: Final = frozenset(
    {"father", "brother", "uncle", "son", "grandfather", "nephew", "husband"}
)
_FEMALE: Final = frozenset(
    {"mother", "sister", "aunt", "daughter", "grandmother", "niece", "wife"}
)
# What the seeker's own names say about the sought relative's names, by
# relation: (field of the relative) -> (field of the seeker).
_STRUCTURE: Final[dict[str, dict[str, str]]] = {
    "father": {"given": "father", "father": "grandfather"},
    "parent": {"given": "father", "father": "grandfather"},
    "brother": {"father": "father", "grandfather": "grandfather"},
    "sister": {"father": "father", "grandfather": "grandfather"},
    "sibling": {"father": "father", "grandfather": "grandfather"},
    "uncle": {"father": "grandfather"},
    "aunt": {"father": "grandfather"},
    "uncle_aunt": {"father": "grandfather"},
    "cousin": {"grandfather": "grandfather"},
    "grandfather": {"given": "grandfather"},
    "grandparent": {"given": "grandfather"},
    "son": {"father": "given", "grandfather": "father"},
    "daughter": {"father": "given", "grandfather": "father"},
    "child": {"father": "given", "grandfather": "father"},
    "nephew": {"grandfather": "father"},
    "niece": {"grandfather": "father"},
    "nephew_niece": {"grandfather": "father"},
}


@dataclass(frozen=True, slots=True)
class TraceQuery:
    """A declared relative to look for, as the seeker remembers them."""

    query_id: str
    name_as_remembered: str
    relation: str = ""
    approx_age: float | None = None
    last_known_city: str = ""
    nationality: str = ""
    seeker: Record | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class TraceCandidate:
    """A registry record that may be the relative, with its reasons."""

    record_id: str
    rank: int
    probability: float
    bayes_factor: float
    contributions: tuple[FieldContribution, ...]


@dataclass(frozen=True, slots=True)
class TraceResult:
    """The answer to one query: ranked candidates, or none ("no match")."""

    query_id: str
    candidates: tuple[TraceCandidate, ...]
    probability_absent: float

    @property
    def no_match(self) -> bool:
        """Whether no candidate reached the threshold."""
        return not self.candidates


def _sex(relation: str) -> str:
    words = set(relation.lower().replace("-", "_").split("_"))
    if words & _MALE:
        return "M"
    if words & _FEMALE:
        return "F"
    return ""


def query_record(query: TraceQuery, *, as_of: date) -> dict[str, str | None]:
    """
    Return the partial registry record a query describes.

    >>> q = TraceQuery("q1", "Ahmed", relation="uncle", approx_age=40,
    ...                seeker={"given_name": "Sami", "father_name": "Yusuf",
    ...                        "grandfather_name": "Hassan"})
    >>> r = query_record(q, as_of=date(2016, 10, 1))
    >>> r["given_name"], r["father_name"], r["dob"], r["sex"]
    ('ahmed', 'Hassan', '1976', 'M')
    """
    tokens = list(name_tokens(query.name_as_remembered))
    names = dict(zip(("given", "father", "grandfather"), tokens, strict=False))
    relation = query.relation.strip().lower().replace(" ", "_")
    seeker = query.seeker or {}
    for target, source in _STRUCTURE.get(relation, {}).items():
        value = seeker.get(f"{source}_name")
        if target not in names and value:
            names[target] = str(value)
    year = (
        str(birth_year_for_age(query.approx_age, as_of))
        if query.approx_age is not None
        else ""
    )
    return {
        "record_id": query.query_id,
        "given_name": names.get("given", ""),
        "father_name": names.get("father", ""),
        "grandfather_name": names.get("grandfather", ""),
        "family_name": " ".join(tokens[3:]),
        "sex": _sex(relation),
        "dob": year,
        "dob_precision": "age",
        "nationality": query.nationality,
        "city": query.last_known_city,
    }


def _posterior(
    factors: Sequence[float], registry_size: int, presence: float
) -> tuple[list[float], float]:
    """Return each candidate's probability and the probability of absence."""
    absent_mass = registry_size * (1.0 - presence)
    total = absent_mass + presence * sum(factors)
    return [presence * f / total for f in factors], absent_mass / total


def trace_relatives(
    queries: Iterable[TraceQuery],
    registry: Iterable[Record],
    *,
    as_of: date,
    threshold: float = TRACE_THRESHOLD,
    presence: float = PRESENCE_PRIOR,
    max_candidates: int = 20,
    seed: int = 1,
) -> tuple[TraceResult, ...]:
    """
    Answer each query with ranked candidates from ``registry``, or "no match".

    ``as_of`` turns remembered ages into birth years. Candidates below
    ``threshold`` are dropped; a query left with none is a "no match", with
    the probability that the relative is absent from the registry.
    """
    from haven.engines.linkage import _splink
    from haven.engines.linkage.score import level_labels, scored_pairs

    query_list = list(queries)
    if not query_list:
        return ()
    if len({q.query_id for q in query_list}) != len(query_list):
        raise InvalidRecordsError(
            "Query ids must be unique.", code="duplicate_query_id"
        )
    registry_rows = registry_features(registry)
    if not registry_rows:
        return tuple(TraceResult(q.query_id, (), 1.0) for q in query_list)
    query_rows: list[FeatureRow] = [
        record_features(query_record(q, as_of=as_of), close_gaps=False)
        for q in query_list
    ]
    names, rows = _splink.score_trace(query_rows, registry_rows, m=TRACE_M, seed=seed)
    labels = level_labels({"comparisons": trace_comparisons()})
    by_query: dict[str, list[tuple[float, str, tuple[FieldContribution, ...]]]] = {}
    for pair in scored_pairs(names, rows, labels):
        factor = 2.0 ** sum(c.match_weight for c in pair.contributions)
        by_query.setdefault(pair.left_id, []).append(
            (factor, pair.right_id, pair.contributions)
        )
    results: list[TraceResult] = []
    for query in query_list:
        found = sorted(by_query.get(query.query_id, []), key=lambda c: (-c[0], c[1]))
        probabilities, absent = _posterior(
            [f for f, _, _ in found], len(registry_rows), presence
        )
        kept = [
            (p, f, rid, contributions)
            for p, (f, rid, contributions) in zip(probabilities, found, strict=True)
            if p >= threshold
        ][:max_candidates]
        candidates = tuple(
            TraceCandidate(
                record_id=rid,
                rank=rank,
                probability=p,
                bayes_factor=f,
                contributions=contributions,
            )
            for rank, (p, f, rid, contributions) in enumerate(kept, start=1)
        )
        results.append(TraceResult(query.query_id, candidates, absent))
    return tuple(results)
