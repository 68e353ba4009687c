"""
Parameters of the tracing model, chosen on development data only.

m-probabilities are the share of true (query, relative) pairs that fall in
each comparison level, counted (with add-one smoothing) over the 214 true
pairs found for 200 queries on development seed 1 of a 3,000-resident
synthetic camp (``bench/linkage.py --estimate-trace``). Pairs that no
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
    "given_name": (0.577, 0.318, 0.050, 0.032, 0.005, 0.018),
    "father_name": (0.411, 0.411, 0.049, 0.049, 0.031, 0.049),
    "lineage": (0.679, 0.019, 0.113, 0.038, 0.151),
    "age": (0.337, 0.384, 0.216, 0.063),
    "sex": (0.986, 0.014),
    "nationality": (0.986, 0.009, 0.005),
    "city": (0.799, 0.201),
}
# Prior probability that a sought relative is in the registry at all.
PRESENCE_PRIOR: Final = 0.5
# A candidate is shown when its probability reaches this value. On the
# development queries (half of them for relatives who are not registered),
# 0.3 gave 10.5% false alarms on absent relatives and missed 13% of present
# ones; 0.2 gave 13% and 12%, 0.5 gave 5.5% and 23.5%.
TRACE_THRESHOLD: Final = 0.3
