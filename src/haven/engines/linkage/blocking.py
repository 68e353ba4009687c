"""
Blocking rules: which pairs of records are compared at all, and trained on.

Rules are SQL equi-join conditions on the feature columns; the candidate set
is their union. Each rule is an equality on phonetic keys rather than raw
names, so that spelling variants fall into the same block, and each pairs a
name with a second field so that a common name (Mohammed, Tesfay) never
makes a block of its own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Final, TypeAlias

Rule: TypeAlias = str | dict[str, Any]

__all__ = [
    "DETERMINISTIC_RECALL",
    "DETERMINISTIC_RULES",
    "PAIRS_PER_RECORD_BUDGET",
    "PREDICTION_RULES",
    "TRACE_PAIRS_PER_QUERY_BUDGET",
    "TRACE_RULES",
    "TRAINING_RULES",
    "Rule",
    "prediction_rules",
    "rule_columns",
    "within_budget",
]

# Candidate pairs for scoring, in the order they are taken (see
# :func:`within_budget`). A block on one or two names grows with the square of
# the registry, so the list starts with rules that fix enough fields to stay
# small at any size and ends with the broad rules that a small registry can
# afford. Names block on their coarse (``_c``) or phonetic (``_k``) keys, so
# that Parwiz meets Parviz and Filmon meets Filemon.
#
# The first rules were chosen greedily on development seed 1 at 1M records
# for true pairs found per candidate pair: together they find 0.863 of true
# pairs at 35.2 pairs per record. The broad rules after them were chosen the
# same way at 100k records, where every rule fits the budget and the union
# finds 0.928 of true pairs at 23.9 pairs per record; at 1M records they
# alone would make 171 pairs per record.
PREDICTION_RULES: Final[tuple[str, ...]] = (
    "l.given_k = r.given_k AND l.father_k = r.father_k AND l.phone_n = r.phone_n",
    "l.given_k = r.given_k AND l.father_k = r.father_k"
    " AND l.grandfather_c = r.grandfather_c",
    "l.given_c = r.given_c AND l.origin_c = r.origin_c AND l.phone_n = r.phone_n",
    "l.given_k = r.given_k AND l.father_k = r.father_k AND l.dob = r.dob",
    "l.given_k = r.given_k AND l.father_k = r.father_k AND l.origin_n = r.origin_n",
    "l.father_c = r.father_c AND l.origin_c = r.origin_c AND l.phone_n = r.phone_n",
    "l.given_c = r.given_c AND l.nationality = r.nationality AND l.phone_n = r.phone_n",
    "l.given_k = r.given_k AND l.father_c = r.father_c AND l.origin_c = r.origin_c",
    "l.given_k = r.given_k AND l.origin_n = r.origin_n AND l.dob = r.dob",
    # A generation dropped or shifted on one side, within one town.
    "l.given_c = r.given_c AND l.grandfather_c = r.father_c"
    " AND l.origin_c = r.origin_c",
    "l.given_c = r.given_c AND l.father_c = r.father_c"
    " AND l.grandfather_c = r.grandfather_c",
    "l.given_c = r.given_c AND l.father_c = r.grandfather_c"
    " AND l.origin_c = r.origin_c",
    "l.father_k = r.father_k AND l.grandfather_c = r.grandfather_c"
    " AND l.origin_c = r.origin_c",
    "l.given_c = r.given_c AND l.father_k = r.father_k AND l.dob_year = r.dob_year",
    "l.given_k = r.given_k AND l.dob_year = r.dob_year AND l.origin_c = r.origin_c",
    "l.given_k = r.given_k AND l.father_k = r.father_k"
    " AND l.nationality = r.nationality",
    "l.given_k = r.given_k AND l.grandfather_c = r.grandfather_c"
    " AND l.nationality = r.nationality",
    "l.given_k = r.given_k AND l.nationality = r.nationality AND l.dob = r.dob",
    # Broad rules, for registries small enough to afford them.
    "l.given_c = r.given_c AND l.father_c = r.father_c",
    "l.given_c = r.given_c AND l.grandfather_c = r.grandfather_c",
    "l.father_c = r.father_c AND l.grandfather_c = r.grandfather_c"
    " AND l.nationality = r.nationality",
    "l.given_c = r.given_c AND l.father_c = r.grandfather_c"
    " AND l.nationality = r.nationality",
    "l.given_c = r.given_c AND l.grandfather_c = r.father_c"
    " AND l.nationality = r.nationality",
    "l.given_c = r.given_c AND l.dob_year = r.dob_year"
    " AND l.nationality = r.nationality",
    "l.given_k = r.given_k AND l.origin_n = r.origin_n",
    "l.father_c = r.father_c AND l.origin_n = r.origin_n AND l.dob_year = r.dob_year",
    "l.phone_n = r.phone_n",
)

# Candidate pairs per record that scoring may spend: rules are taken in order
# while the sum of their pair counts stays within it (an upper bound on the
# union, since rules overlap). The limit is 50 at 1M records.
PAIRS_PER_RECORD_BUDGET: Final = 45.0

_EQUALITY: Final = re.compile(r"^l\.(\w+) = r\.(\w+)$")


def rule_columns(rule: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """
    Return the left and right columns a conjunction of equalities joins on.

    >>> rule_columns("l.given_c = r.given_c AND l.father_c = r.grandfather_c")
    (('given_c', 'father_c'), ('given_c', 'grandfather_c'))
    """
    left: list[str] = []
    right: list[str] = []
    for term in rule.split(" AND "):
        match = _EQUALITY.match(term.strip())
        if match is None:
            raise ValueError(f"not an equality of two columns: {term!r}")
        left.append(match.group(1))
        right.append(match.group(2))
    return tuple(left), tuple(right)


def within_budget(
    rules: Sequence[Rule], pairs: Sequence[float], records: int, budget: float
) -> list[Rule]:
    """
    Return the rules, in order, whose pairs fit ``budget`` per record.

    ``pairs`` holds each rule's candidate pair count. A rule that would pass
    the budget is left out and the next ones are still tried, so a small
    rule after a large one is kept.

    >>> within_budget(["a", "b", "c"], [30, 40, 10], records=1, budget=45)
    ['a', 'c']
    """
    kept: list[Rule] = []
    spent = 0.0
    for rule, count in zip(rules, pairs, strict=True):
        if spent + count <= budget * max(records, 1):
            kept.append(rule)
            spent += count
    return kept


# Every reading of given and father names, which is how a name in Arabic script
# (with several readings) meets its Latin spelling.
_EXPLODED_RULE: Final[dict[str, Any]] = {
    "blocking_rule": "l.given_keys = r.given_keys AND l.father_keys = r.father_keys",
    "arrays_to_explode": ["given_keys", "father_keys"],
}

# Blocks for expectation maximisation. Each must hold between 1% and 99% true
# matches among its pairs (Splink's own guidance; tracing.md §0.3), and
# together they leave every comparison free in at least one block. Under
# patronymic naming, siblings and cousins share father's and grandfather's
# names, nationality and place of origin, so a block that leaves the given
# name free while fixing only family names teaches EM what a *family* looks
# like, and it learns that true duplicates often disagree on the given name
# (m of "else" 0.55 on development seed 1, against 0.04 from labels). Each
# block therefore fixes enough to identify a person, not a family: all three
# names (which frees the date of birth and the other fields), or a declared
# date of birth with the father's or the given name (which frees the other
# names). On development seed 1 (20k) this brought EM's pairwise F1 at 0.9
# from 0.775 to 0.834, against 0.839 with m-probabilities from the labels.
TRAINING_RULES: Final[tuple[str, ...]] = (
    "l.given_c = r.given_c AND l.father_c = r.father_c"
    " AND l.grandfather_c = r.grandfather_c",
    "l.dob = r.dob AND l.dob_exact AND r.dob_exact AND l.father_c = r.father_c",
    "l.dob = r.dob AND l.dob_exact AND r.dob_exact AND l.given_c = r.given_c",
)

# Pairs that are almost surely the same person, used to estimate the prior
# probability that two random records match. Splink counts every pair the
# rule finds as a match, so the rule must be precise at any registry size:
# a shared 1 January date is not (precision 0.78 at 100k records on
# development seed 1, which overstated the prior by a third), a shared
# declared date is (precision 0.999).
DETERMINISTIC_RULES: Final[tuple[str, ...]] = (
    "l.given_k = r.given_k AND l.father_k = r.father_k AND l.dob = r.dob"
    " AND l.dob_exact AND r.dob_exact",
)
# Share of all true pairs that DETERMINISTIC_RULES find: a dev-seed figure,
# not a property of a real registry (measured 0.078 at 20k and 0.082 at 100k
# records on development seed 1).
DETERMINISTIC_RECALL: Final = 0.08


def prediction_rules(*, explode_readings: bool) -> list[str | dict[str, Any]]:
    """Return the prediction rules, with the reading-set rule if asked."""
    rules: list[str | dict[str, Any]] = list(PREDICTION_RULES)
    if explode_readings:
        rules.append(dict(_EXPLODED_RULE))
    return rules


# Candidates for a tracing query (left) among registry records (right), in
# the order they are taken within TRACE_PAIRS_PER_QUERY_BUDGET. First, rules
# that fix a name with a second and a third field (the town of origin, the
# city the relative was last heard of, the nationality): chosen greedily on
# development seed 1 (5,629 queries, 20,784 residents) for queries whose
# relative is found per candidate, they find 0.935 of registered relatives
# at 37 candidates per query. Then the broad rules, which a registry of that
# size affords: the remembered given name in any reading, the father's name
# within the same nationality when the given name was a nickname or
# misremembered, or the given name's coarse key within the same nationality
# (Brahim for Ibraheem, Nabee for Nabi); with them 0.983 are found, at 546
# candidates per query, a number that grows with the registry.
TRACE_RULES: Final[tuple[str | dict[str, Any], ...]] = (
    "l.given_c = r.given_c AND l.father_c = r.father_c AND l.origin_c = r.origin_c",
    "l.given_c = r.given_c AND l.father_k = r.father_k AND l.city_n = r.city_n",
    "l.given_k = r.given_k AND l.origin_c = r.origin_c AND l.city_n = r.city_n",
    "l.father_k = r.father_k AND l.grandfather_c = r.grandfather_c"
    " AND l.nationality = r.nationality",
    "l.father_k = r.father_k AND l.origin_c = r.origin_c AND l.city_n = r.city_n",
    "l.given_k = r.given_k AND l.father_k = r.father_k"
    " AND l.nationality = r.nationality",
    "l.given_k = r.given_k AND l.grandfather_c = r.grandfather_c"
    " AND l.nationality = r.nationality",
    "l.given_k = r.given_k AND l.father_c = r.father_c AND l.city_n = r.city_n",
    "l.given_k = r.given_k AND l.nationality = r.nationality"
    " AND l.origin_c = r.origin_c",
    "l.grandfather_c = r.grandfather_c AND l.origin_c = r.origin_c"
    " AND l.city_n = r.city_n",
    "l.given_k = r.given_k AND l.nationality = r.nationality AND l.city_n = r.city_n",
    "l.father_k = r.father_k AND l.nationality = r.nationality"
    " AND l.origin_c = r.origin_c",
    "l.given_c = r.given_c AND l.father_c = r.father_c AND l.sex = r.sex",
    "l.father_k = r.father_k AND l.nationality = r.nationality AND l.city_n = r.city_n",
    "l.given_c = r.given_c AND l.origin_c = r.origin_c AND l.sex = r.sex",
    "l.father_c = r.father_c AND l.nationality = r.nationality"
    " AND l.origin_c = r.origin_c",
    # Broad rules.
    "l.given_k = r.given_k",
    {
        "blocking_rule": "l.given_keys = r.given_keys",
        "arrays_to_explode": ["given_keys"],
    },
    "l.father_k = r.father_k AND l.nationality = r.nationality",
    "l.given_c = r.given_c AND l.nationality = r.nationality",
)

# Candidates per query that tracing may spend (the sum of its rules' counts,
# as for PREDICTION_RULES). Every rule fits at 20,000 residents.
TRACE_PAIRS_PER_QUERY_BUDGET: Final = 600.0
