"""
Parameters of the tracing model, chosen on development data only.

m-probabilities are the share of true (query, relative) pairs that fall in
each comparison level, counted (with add-one smoothing) over the 1,171 true
pairs found for the queries of development seed 1 of a 20,000-resident
synthetic camp (``estimate_trace_m(size=20000)`` in ``bench/linkage.py``).
Pairs that no blocking rule finds are not counted, so the levels of a
forgotten given name are underestimated. They describe how people remember
relatives, which no registry can teach by itself. u-probabilities are not
here: they are estimated on each run from random pairs.
"""

from __future__ import annotations

from typing import Final

__all__ = ["CANDIDATE_FLOOR", "PRESENCE_PRIOR", "TRACE_M", "TRACE_THRESHOLD"]

# m-probabilities of the non-null levels of each trace comparison, in the
# order of haven.engines.linkage.comparisons.trace_comparisons().
TRACE_M: Final[dict[str, tuple[float, ...]]] = {
    "given_name": (0.463, 0.372, 0.071, 0.036, 0.025, 0.001, 0.031),
    "father_name": (0.406, 0.376, 0.085, 0.025, 0.019, 0.047, 0.042),
    "lineage": (0.701, 0.021, 0.112, 0.042, 0.125),
    "age": (0.455, 0.306, 0.202, 0.035, 0.003),
    "sex": (0.997, 0.003),
    "nationality": (0.975, 0.024, 0.001),
    "place_of_origin": (0.547, 0.381, 0.072),
    "city": (0.592, 0.408),
}
# Prior probability that a sought relative is in the registry at all.
PRESENCE_PRIOR: Final = 0.5
# A query is answered (its candidates listed) when the probability that the
# relative is registered at all reaches this value (docs/adr/0027). On the
# development queries of seed 1 (12,500 residents, 1,167 queries, 42% for
# relatives who are not registered), 0.9 found 87% of present relatives in
# the top five with 6% false alarms on absent ones; 0.8 gave 89% and 9%,
# 0.95 gave 83% and 4%, 0.5 gave 92% and 18%. The threshold minimises the
# sum of the shortfalls from the targets (90% and 5%).
TRACE_THRESHOLD: Final = 0.9
# Candidates of an answered query are listed down to this probability.
CANDIDATE_FLOOR: Final = 0.01
