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
is what makes them comparable across queries. Whether to answer at all is
decided on the probability that the relative is registered, 1 − P(absent):
under the threshold the answer is "no match"; otherwise the candidates are
listed, best first, each with its own probability.
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
from haven.engines.linkage.phonetic import italian_keys, phonetic_keys
from haven.engines.linkage.records import (
    NAME_FIELDS,
    FeatureRow,
    birth_year_for_age,
    record_features,
    unique_features,
)
from haven.engines.linkage.trace_parameters import (
    CANDIDATE_FLOOR,
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


# Pairs whose evidence is this much against a match are not fetched: even a
# thousand of them move a query's probability of absence by less than 10 / N.
_BAYES_FACTOR_FLOOR: Final = 0.01


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
        """Whether no candidate is listed: the relative is taken to be absent."""
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
        "place_of_origin": str(seeker.get("place_of_origin") or ""),
        "city": query.last_known_city,
    }


def _readings(*texts: str) -> set[str]:
    """Return the phonetic readings of names, each written as one word."""
    keys: set[str] = set()
    for text in texts:
        tokens = name_tokens(text)
        if tokens:
            word = "".join(tokens)
            keys.update(phonetic_keys(word) + italian_keys(word))
    return keys


def query_features(query: TraceQuery, *, as_of: date) -> FeatureRow:
    """
    Return the comparison features of a query, with every reading it allows.

    The fields come from :func:`query_record`. A remembered name is a run of
    words whose split into fields is a guess, so each field also gets the
    readings of its word joined to the next (a compound such as "Hamid Gul"
    that a registry wrote "Hamidgul"). The seeker's own names that the
    relation makes structural (a father's given name is the seeker's father
    name, his father the seeker's grandfather) are readings of their field
    too, even when the seeker remembered something else. Only the ``*_keys``
    readings widen, so such a reading weighs as "a reading in common", never
    as an exact name.

    >>> q = TraceQuery("q1", "Hamid Gul", relation="father",
    ...                seeker={"given_name": "Sami", "father_name": "Hamidgul",
    ...                        "grandfather_name": "Wahid"})
    >>> row = query_features(q, as_of=date(2016, 10, 1))
    >>> row["given_n"], row["given_keys"], row["father_keys"]
    ('hamid', ['hmd', 'hmdjwl'], ['jl', 'whd'])
    """
    record = query_record(query, as_of=as_of)
    row = record_features(record, close_gaps=False)
    words = list(name_tokens(query.name_as_remembered))
    relation = query.relation.strip().lower().replace(" ", "_")
    structure = _STRUCTURE.get(relation, {})
    seeker = query.seeker or {}
    lineage: set[str] = set(_list(row, "lineage_keys"))
    every: set[str] = set(_list(row, "name_keys"))
    for position, name_field in enumerate(NAME_FIELDS[:3]):
        texts = [" ".join(words[position : position + 2])]
        source = structure.get(name_field)
        if source:
            texts.append(str(seeker.get(f"{source}_name") or ""))
        extra = _readings(*texts)
        if not extra:
            continue
        keys = sorted(set(_list(row, f"{name_field}_keys")) | extra)
        row[f"{name_field}_keys"] = keys
        every.update(extra)
        if name_field == "grandfather":
            lineage.update(extra)
    row["lineage_keys"] = sorted(lineage) or None
    row["name_keys"] = sorted(every) or None
    return row


def _list(row: FeatureRow, column: str) -> list[str]:
    value = row.get(column)
    return list(value) if isinstance(value, list) else []


def _posterior(
    factors: Sequence[float],
    registry_size: int,
    presence: float,
    factor_sum: float | None = None,
) -> tuple[list[float], float]:
    """Return each candidate's probability and the probability of absence.

    ``factor_sum`` is the sum over every candidate of the query, when
    ``factors`` holds only the best of them.
    """
    absent_mass = registry_size * (1.0 - presence)
    every = sum(factors) if factor_sum is None else factor_sum
    total = absent_mass + presence * every
    return [presence * f / total for f in factors], absent_mass / total


Found = tuple[float, str, tuple[FieldContribution, ...]]


@dataclass(slots=True)
class _Candidates:
    """A query's best candidates so far and the sum of every factor seen.

    Only the best ``keep`` can be listed, and the others matter only through
    the sum, so a query with thousands of namesakes holds a few of them.
    """

    keep: int
    factor_sum: float = 0.0
    best: list[Found] = field(default_factory=list)

    def add(self, found: Found) -> None:
        self.factor_sum += found[0]
        self.best.append(found)
        if len(self.best) >= 2 * self.keep + 64:
            self.best = self.ranked()

    def ranked(self) -> list[Found]:
        """Return the best candidates, highest factor first, ties by id."""
        return sorted(self.best, key=lambda c: (-c[0], c[1]))[: self.keep]


def trace_relatives(
    queries: Iterable[TraceQuery],
    registry: Iterable[Record],
    *,
    as_of: date,
    threshold: float = TRACE_THRESHOLD,
    presence: float = PRESENCE_PRIOR,
    max_candidates: int = 20,
    min_probability: float = CANDIDATE_FLOOR,
    seed: int = 1,
) -> tuple[TraceResult, ...]:
    """
    Answer each query with ranked candidates from ``registry``, or "no match".

    ``as_of`` turns remembered ages into birth years. The decision is made
    per query: when the probability that the relative is registered at all
    (one minus ``probability_absent``) reaches ``threshold``, the best
    candidates are listed, up to ``max_candidates`` and down to those whose
    own probability reaches ``min_probability``; otherwise the answer is
    "no match". A relative who is registered but whose evidence is split
    between two namesakes is thus still listed, second if need be.
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
    registry_table = _splink.feature_table(unique_features(registry))
    registry_size = registry_table.num_rows
    if not registry_size:
        return tuple(TraceResult(q.query_id, (), 1.0) for q in query_list)
    query_rows = [query_features(q, as_of=as_of) for q in query_list]
    names, rows = _splink.score_trace(
        query_rows,
        registry_table,
        m=TRACE_M,
        seed=seed,
        min_bayes_factor=_BAYES_FACTOR_FLOOR,
    )
    labels = level_labels({"comparisons": trace_comparisons()})
    by_query: dict[str, _Candidates] = {}
    for pair in scored_pairs(names, rows, labels):
        factor = 2.0 ** sum(c.match_weight for c in pair.contributions)
        if pair.left_id not in by_query:
            by_query[pair.left_id] = _Candidates(keep=max_candidates)
        by_query[pair.left_id].add((factor, pair.right_id, pair.contributions))
    results: list[TraceResult] = []
    for query in query_list:
        seen = by_query.get(query.query_id, _Candidates(keep=max_candidates))
        found = seen.ranked()
        probabilities, absent = _posterior(
            [f for f, _, _ in found], registry_size, presence, seen.factor_sum
        )
        kept = (
            [
                (p, f, rid, contributions)
                for p, (f, rid, contributions) in zip(probabilities, found, strict=True)
                if p >= min_probability
            ][:max_candidates]
            if 1.0 - absent >= threshold
            else []
        )
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
