"""
Blocking rules: which pairs of records are compared at all, and trained on.

Rules are SQL equi-join conditions on the feature columns; the candidate set
is their union. Each rule is an equality on phonetic keys rather than raw
names, so that spelling variants fall into the same block, and each pairs a
name with a second field so that a common name (Mohammed, Tesfay) never
makes a block of its own.
"""

from __future__ import annotations

from typing import Any, Final

__all__ = [
    "DETERMINISTIC_RULES",
    "DETERMINISTIC_RECALL",
    "PREDICTION_RULES",
    "TRACE_RULES",
    "TRAINING_RULES",
    "prediction_rules",
]

# Candidate pairs for scoring. Names block on their coarse keys, so that
# Parwiz meets Parviz and Filmon meets Filemon; each name is paired with a
# second field (another name, the birth year, the place of origin) so that a
# common name never makes a block of its own. Chosen greedily on development
# seed 1 (100k records) for recall per candidate pair: 0.926 of true pairs at
# 23.8 pairs per record, against 0.863 at 18.5 for the rules before.
PREDICTION_RULES: Final[tuple[str, ...]] = (
    "l.given_c = r.given_c AND l.father_c = r.father_c",
    "l.given_c = r.given_c AND l.grandfather_c = r.grandfather_c",
    "l.father_c = r.father_c AND l.grandfather_c = r.grandfather_c"
    " AND l.nationality = r.nationality",
    # A generation dropped or shifted on one side.
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


# Candidates for a tracing query (left) among registry records (right): the
# remembered given name in any reading, the father's name within the same
# nationality when the given name was a nickname or misremembered, or the
# given name's coarse key within the same nationality (Brahim for Ibraheem,
# Nabee for Nabi), which on development seed 1 (12,500 residents) raised the
# share of present relatives found at all from 0.965 to 0.973.
TRACE_RULES: Final[tuple[str | dict[str, Any], ...]] = (
    "l.given_k = r.given_k",
    {
        "blocking_rule": "l.given_keys = r.given_keys",
        "arrays_to_explode": ["given_keys"],
    },
    "l.father_k = r.father_k AND l.nationality = r.nationality",
    "l.given_c = r.given_c AND l.nationality = r.nationality",
)
