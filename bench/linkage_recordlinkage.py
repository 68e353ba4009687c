"""
recordlinkage 0.16 on the benchmark's shared data (tracing.md §5.6, RL-ECM).

Run by ``bench/linkage.py`` with the interpreter of its own virtual environment
(recordlinkage pins pandas < 3), as ``python linkage_recordlinkage.py WORKDIR``.
It reads the shared preparation (``prep_a.csv``) and the shared candidate pairs
(``candidates_a.csv``, the naive Splink blocking), compares them with four
Jaro-Winkler and four exact comparisons, classifies them with the unsupervised
ECM classifier and writes the link probabilities. It imports nothing from haven
and reads no ground truth.
"""

import json
import resource
import sys
import time
from pathlib import Path


def main(work: Path) -> None:
    """Score the shared candidates of registry A and write pairs and timings."""
    import pandas as pd
    import recordlinkage

    phases = {}
    started = time.perf_counter()
    records = pd.read_csv(work / "prep_a.csv", dtype=str, keep_default_na=False)
    records = records.set_index("unique_id")
    candidates = pd.read_csv(work / "candidates_a.csv", dtype=str)
    index = pd.MultiIndex.from_frame(
        candidates[["unique_id_l", "unique_id_r"]], names=["l", "r"]
    )
    phases["read"] = round(time.perf_counter() - started, 2)
    started = time.perf_counter()
    compare = recordlinkage.Compare(n_jobs=2)
    for column in ("given_name", "father_name", "grandfather_name", "family_name"):
        compare.string(
            f"{column}_n",
            f"{column}_n",
            method="jarowinkler",
            threshold=0.85,
            label=f"{column}_jw",
        )
    compare.exact("dob", "dob", label="dob")
    compare.exact("dob_year", "dob_year", label="dob_year")
    compare.exact("sex", "sex", label="sex")
    compare.exact("nationality", "nationality", label="nationality")
    features = compare.compute(index, records.replace("", None))
    phases["compare"] = round(time.perf_counter() - started, 2)
    started = time.perf_counter()
    classifier = recordlinkage.ECMClassifier(binarize=0.5)
    classifier.fit(features)
    probability = classifier.prob(features)
    phases["train_and_classify"] = round(time.perf_counter() - started, 2)
    out = pd.DataFrame(
        {
            "unique_id_l": features.index.get_level_values(0),
            "unique_id_r": features.index.get_level_values(1),
            "match_probability": probability.to_numpy(),
        }
    )
    out[out["match_probability"] >= 0.01].to_csv(
        work / "recordlinkage_t1_pairs.csv", index=False
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    summary = {
        "phases_seconds": phases,
        "seconds": round(sum(phases.values()), 2),
        "peak_rss_mib": round(peak, 1),
        "versions": {
            "recordlinkage": recordlinkage.__version__,
            "pandas": pd.__version__,
        },
    }
    (work / "recordlinkage_run.json").write_text(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
