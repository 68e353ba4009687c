"""
Parameters of the tracing model, chosen on development data only.

m-probabilities are the share of true (query, relative) pairs that fall in
each comparison level, counted (with add-one smoothing) over the 1,132 true
pairs found for the queries of development seed 1 of a 20,000-resident
synthetic camp (``estimate_trace_m(size=20000)`` in ``bench/linkage.py``). Pairs that no
blocking rule finds are not counted, so the levels of a forgotten given name
are underestimated. They describe how people remember
relatives, which no registry can teach by itself. u-probabilities are not
here: they are estimated on each run from random pairs.
"""

from __future__ import annotations

from typing import Final

__all__ = ["PRESENCE_PRIOR", "TRACE_M", "TRACE_THRESHOLD"]

# m-probabilities of the non-null levels of each trace comparison, in the
# order of haven.engines.linkage.comparisons.trace_comparisons().
TRACE_M: Final[dict[str, tuple[float, ...]]] = {
    "given_name": (0.478, 0.385, 0.036, 0.033, 0.031, 0.001, 0.036),
    "father_name": (0.420, 0.387, 0.037, 0.035, 0.029, 0.038, 0.055),
    "lineage": (0.717, 0.021, 0.096, 0.047, 0.118),
    "age": (0.456, 0.307, 0.200, 0.037),
    "sex": (0.997, 0.003),
    "nationality": (0.974, 0.025, 0.001),
    "city": (0.592, 0.408),
}
# Prior probability that a sought relative is in the registry at all.
PRESENCE_PRIOR: Final = 0.5
# A candidate is shown when its probability reaches this value. On the
# development queries of seed 1 (12,500 residents, 1,117 queries, 44% for
# relatives who are not registered), 0.3 found 84% of present relatives in
# the top five with 21% false alarms on absent ones; 0.2 gave 86% and 28%,
# 0.5 gave 79% and 12%, 0.7 gave 72% and 7%.
TRACE_THRESHOLD: Final = 0.3
