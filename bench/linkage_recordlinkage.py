"""
recordlinkage 0.16 on the benchmark's shared data (tracing.md §5.6, RL-ECM).

Run by ``bench/linkage.py`` with the interpreter of its own virtual environment
(recordlinkage pins pandas < 3), as ``python linkage_recordlinkage.py WORKDIR``.
It reads the shared preparation (``prep_a.csv``) and the shared candidate pairs
(``candidates_a.csv``, the naive Splink blocking), compares them with four
Jaro-Winkler and four exact comparisons, classifies them with the unsupervised
ECM classifier and writes the link probabilities. It imports nothing from haven
and reads no ground truth.

The candidates are compared a chunk at a time and kept only as their binary
comparison vectors, because a million-record registry has about a hundred
million candidates, which pandas cannot hold as pairs of string ids. ECM is
fitted on a seeded random sample of at most ``FIT_PAIRS`` vectors (all of them
at 100k records), the same budget as Splink's ``max_pairs`` in the naive set-up,
and then scores every candidate.
"""

import json
import resource
import sys
import time
from pathlib import Path

CHUNK_PAIRS = 2_000_000
FIT_PAIRS = 5_000_000
SEED = 1


def _compare():
    import recordlinkage

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
    return compare


def _chunks(work: Path):
    import pandas as pd

    yield from pd.read_csv(work / "candidates_a.csv", dtype=str, chunksize=CHUNK_PAIRS)


def main(work: Path) -> None:
    """Score the shared candidates of registry A and write pairs and timings."""
    import numpy as np
    import pandas as pd
    import recordlinkage

    phases = {}
    started = time.perf_counter()
    records = pd.read_csv(work / "prep_a.csv", dtype=str, keep_default_na=False)
    records = records.set_index("unique_id").replace("", None)
    phases["read"] = round(time.perf_counter() - started, 2)
    started = time.perf_counter()
    compare = _compare()
    vectors = []
    columns = None
    for chunk in _chunks(work):
        index = pd.MultiIndex.from_frame(
            chunk[["unique_id_l", "unique_id_r"]], names=["l", "r"]
        )
        features = compare.compute(index, records)
        columns = list(features.columns)
        # Every comparison is already 0 or 1 (thresholded Jaro-Winkler, exact).
        vectors.append((features.to_numpy() >= 0.5).astype(np.uint8))
    binary = np.concatenate(vectors)
    del vectors
    phases["compare"] = round(time.perf_counter() - started, 2)
    started = time.perf_counter()
    rng = np.random.default_rng(SEED)
    fit_rows = (
        np.sort(rng.choice(len(binary), size=FIT_PAIRS, replace=False))
        if len(binary) > FIT_PAIRS
        else np.arange(len(binary))
    )
    classifier = recordlinkage.ECMClassifier(binarize=0.5)
    classifier.fit(pd.DataFrame(binary[fit_rows], columns=columns))
    phases["train"] = round(time.perf_counter() - started, 2)
    started = time.perf_counter()
    out_file = work / "recordlinkage_t1_pairs.csv"
    offset = 0
    for number, chunk in enumerate(_chunks(work)):
        part = binary[offset : offset + len(chunk)]
        offset += len(chunk)
        probability = classifier.prob(pd.DataFrame(part, columns=columns))
        out = pd.DataFrame(
            {
                "unique_id_l": chunk["unique_id_l"].to_numpy(),
                "unique_id_r": chunk["unique_id_r"].to_numpy(),
                "match_probability": np.asarray(probability),
            }
        )
        out[out["match_probability"] >= 0.01].to_csv(
            out_file, mode="w" if number == 0 else "a", header=number == 0, index=False
        )
    phases["classify"] = round(time.perf_counter() - started, 2)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    summary = {
        "phases_seconds": phases,
        "seconds": round(sum(phases.values()), 2),
        "peak_rss_mib": round(peak, 1),
        "candidate_pairs": int(len(binary)),
        "ecm_fitted_on_pairs": int(len(fit_rows)),
        "versions": {
            "recordlinkage": recordlinkage.__version__,
            "pandas": pd.__version__,
        },
    }
    (work / "recordlinkage_run.json").write_text(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
