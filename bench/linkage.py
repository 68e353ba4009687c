"""
Benchmark linkage side by side on the same generated data (tracing.md §5).

For each tier (records in the camp registry A; ``HAVEN_BENCH_LINKAGE_TIERS``,
default ``100000,1000000``) one test-split camp is generated (seed 1001; thresholds and
tracing parameters were chosen on development seed 1), with a destination
registry B overlapping A by half and the generator's tracing queries. The files
go to a work folder; each system then runs in its own process on them:

- haven's linkage engine (T1 deduplication, T2 A↔B linkage, T3 tracing);
- Splink 5 with the naive set-up of tracing.md §1.8 mode A (T1, T2);
- recordlinkage 0.16 with ECM on the same candidates as mode A (T1), in its own
  virtual environment under ``.bench-venvs/recordlinkage`` because it pins
  pandas < 3; skipped, with the reason recorded, when it cannot be installed.

This script alone holds the ground truth and scores every system the same way
(pairwise over all true pairs, blocking recall, candidates per record, clusters
beside the singleton baseline, tracing recall and false alarms, per nationality).

Run: ``python -m bench linkage``; ``python -m bench.linkage --estimate-trace``
prints tracing m-probabilities counted on the development seed.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from bench.linkage_systems import NAIVE_BLOCKING, read_csv
from bench.machine import machine_info, write_result
from haven.engines.linkage import (
    DEDUPE_THRESHOLD,
    LINK_THRESHOLD,
    TRACE_THRESHOLD,
    TraceQuery,
    phonetic_key,
    trace_relatives,
)
from haven.engines.linkage.blocking import PREDICTION_RULES
from haven.engines.linkage.comparisons import trace_comparisons
from haven.engines.linkage.normalise import name_tokens
from haven.engines.linkage.records import record_features
from haven.synthetic import (
    CampProfile,
    Split,
    generate_camp,
    registry_b,
    tracing_queries,
    write_queries_csv,
    write_registry_csv,
)

ROOT = Path(__file__).resolve().parent.parent
RL_VENV = ROOT / ".bench-venvs" / "recordlinkage"
RL_PINS = ("recordlinkage==0.16", "pandas<3")
TEST_SEED = 1001
DEV_SEED = 1
# The day the benchmark's camp is counted on, pinned so figures do not move with
# the calendar (the demo on ``make run`` is dated today instead).
AS_OF = date(2016, 10, 1)
RECORDS_PER_RESIDENT = 1.63  # camp registry records per resident, measured
NAIVE_THRESHOLD = 0.9  # the operating threshold of the spec's runs (§1.8)
RL_THRESHOLD = 0.5  # ECM's own decision rule
TARGETS = {
    100_000: {"seconds": 10, "rss_mib": 1024, "f1": 0.80},
    1_000_000: {"seconds": 120, "rss_mib": 6144, "f1": 0.70, "pairs_per_record": 50},
}
TRACE_TARGETS = {"recall_at_5": 0.90, "false_alarm_rate": 0.05}
TIERS = "100000,1000000"
SYSTEM_TIMEOUT = 3 * 3600  # seconds one system may run on one tier
SCORING_MEMORY = "3GB"  # DuckDB's share of this orchestrator's memory


# -- data ---------------------------------------------------------------------


def _prep_row(record: dict[str, str]) -> dict[str, str]:
    """Return the shared preparation of one record (§5.6 step 1)."""
    row = {"unique_id": record["record_id"]}
    for field in ("given_name", "father_name", "grandfather_name", "family_name"):
        tokens = name_tokens(record[field])
        row[f"{field}_n"] = " ".join(tokens)
        row[f"{field}_dm"] = phonetic_key("".join(tokens)) if tokens else ""
    dob = record["dob"]
    row["dob"] = dob if len(dob) == 10 else ""
    row["dob_year"] = dob[:4]
    row["sex"] = record["sex"]
    row["nationality"] = record["nationality"]
    return row


def _write_rows(path: Path, rows: Iterable[dict[str, Any]]) -> None:
    rows = list(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def prepare(records: int, work: Path) -> dict[str, Any]:
    """Generate one tier's data into ``work``; return its truth and sizes."""
    started = time.perf_counter()
    profile = CampProfile(split=Split.TEST)
    camp = generate_camp(
        round(records / RECORDS_PER_RESIDENT),
        TEST_SEED,
        profile=profile,
        reference_date=AS_OF,
    )
    registry_a = [r for r in camp.registrations if r.source != "relative_declared"]
    b = registry_b(camp, TEST_SEED, overlap=0.5)
    tracing = tracing_queries(camp, TEST_SEED)
    generated = time.perf_counter() - started
    write_registry_csv(registry_a, work / "registry_a.csv")
    write_registry_csv(b, work / "registry_b.csv")
    write_registry_csv(tracing.registry, work / "trace_registry.csv")
    write_queries_csv(tracing.queries, work / "queries.csv")
    for name in ("a", "b"):
        rows = read_csv(work / f"registry_{name}.csv")
        _write_rows(work / f"prep_{name}.csv", (_prep_row(r) for r in rows))
    people = {p.person_key: p for p in camp.people}
    entity = {r.record_id: r.person_key for r in (*camp.registrations, *b)}
    return {
        "camp_residents": sum(not p.lives_abroad for p in camp.people),
        "records_a": len(registry_a),
        "records_b": len(b),
        "tracing_queries": len(tracing.queries),
        "generate_seconds": round(generated, 1),
        "entity": entity,
        "nationality": {k: p.nationality for k, p in people.items()},
        "ids_a": [r.record_id for r in registry_a],
        "ids_b": [r.record_id for r in b],
        "tracing": tracing,
    }


# -- candidates ---------------------------------------------------------------


def _candidates(con: Any, table: str, rules: Iterable[str], out: Path | None) -> int:
    """Return the union of per-rule equi-joins (§5.6 step 2) and write it."""
    select = (
        "SELECT l.unique_id AS unique_id_l, r.unique_id AS unique_id_r "
        "FROM {table} l JOIN {table} r ON {rule} AND l.unique_id < r.unique_id"
    )
    union = " UNION ".join(select.format(table=table, rule=rule) for rule in rules)
    con.execute("CREATE OR REPLACE TABLE cand AS " + union)
    if out is not None:
        con.execute("COPY cand TO '" + str(out) + "' (HEADER)")
    return int(con.execute("SELECT count(*) FROM cand").fetchall()[0][0])


def _rule_union(con: Any, table: str, rules: list[str]) -> tuple[int, int]:
    """
    Return the pairs the union of rules makes, and the true pairs among them.

    Counted without making the union: each rule's pairs that no earlier rule
    made (as Splink does), and the true pairs that any rule makes.
    """
    count = 0
    for i, rule in enumerate(rules):
        earlier = " AND ".join(f"NOT coalesce(({r}), false)" for r in rules[:i])
        count += con.execute(
            f"SELECT count(*) FROM {table} l JOIN {table} r"  # noqa: S608
            f" ON {rule} AND l.unique_id < r.unique_id WHERE {earlier or 'true'}"
        ).fetchall()[0][0]
    any_rule = " OR ".join(f"({r})" for r in rules)
    found = con.execute(
        f"SELECT count(*) FROM {table} l"  # noqa: S608
        " JOIN truth tl ON l.unique_id = tl.unique_id"
        " JOIN truth tr ON tl.entity_id = tr.entity_id"
        f" JOIN {table} r ON r.unique_id = tr.unique_id"
        f" WHERE l.unique_id < r.unique_id AND ({any_rule})"
    ).fetchall()[0][0]
    return int(count), int(found)


def _candidate_recall(con: Any, n_true: int) -> float:
    found = con.execute(
        "SELECT count(*) FROM cand c JOIN truth a ON c.unique_id_l = a.unique_id "
        "JOIN truth b ON c.unique_id_r = b.unique_id WHERE a.entity_id = b.entity_id"
    ).fetchall()[0][0]
    return round(found / n_true, 4) if n_true else 0.0


def blocking(con: Any, work: Path, n_true: int, records: int) -> dict[str, Any]:
    """Return blocking recall and candidates per record of each system's rules."""
    from haven.engines.linkage._splink import budgeted_rules, feature_table

    features = feature_table(
        record_features(r) for r in read_csv(work / "registry_a.csv")
    )
    # haven scores with the rules that fit its pair budget on this registry.
    rules = budgeted_rules(PREDICTION_RULES, features)
    con.register(
        "features_a",
        features.select([c for c in features.column_names if not c.endswith("_keys")]),
    )
    out: dict[str, Any] = {}
    count, found = _rule_union(con, "features_a", [str(r) for r in rules])
    out["haven"] = {
        "candidate_pairs": count,
        "pairs_per_record": round(count / records, 2),
        "blocking_recall": round(found / n_true, 4) if n_true else 0.0,
        "rules_used": f"{len(rules)} of {len(PREDICTION_RULES)}",
    }
    con.execute(
        "CREATE OR REPLACE TABLE prep_a AS SELECT * FROM read_csv(?, all_varchar=true)",
        [str(work / "prep_a.csv")],
    )
    naive_rules = [
        " AND ".join(f"l.{c} = r.{c} AND l.{c} <> ''" for c in rule)
        for rule in NAIVE_BLOCKING
    ]
    count = _candidates(con, "prep_a", naive_rules, work / "candidates_a.csv")
    naive = {
        "candidate_pairs": count,
        "pairs_per_record": round(count / records, 2),
        "blocking_recall": _candidate_recall(con, n_true),
    }
    out["splink_naive"] = naive
    out["recordlinkage"] = dict(naive, note="the naive Splink candidates (§5.6)")
    # The systems run next, each in its own process: hold nothing for them.
    con.execute("DROP TABLE cand")
    con.execute("DROP TABLE prep_a")
    con.unregister("features_a")
    return out


# -- running the systems ------------------------------------------------------


def _prefer_for_oom_killer() -> None:
    """Make a system under test, not this orchestrator, the OOM killer's choice."""
    with open("/proc/self/oom_score_adj", "w", encoding="ascii") as handle:
        handle.write("1000")


def _run(command: list[str], work: Path, name: str) -> dict[str, Any]:
    """
    Run one system in its own process; return its figures or why it failed.

    A system that fails (out of memory, a crash, longer than
    ``HAVEN_BENCH_SYSTEM_TIMEOUT`` seconds) is recorded as skipped with the
    measured reason, so the other systems' figures stand.
    """
    timeout = float(os.environ.get("HAVEN_BENCH_SYSTEM_TIMEOUT", SYSTEM_TIMEOUT))
    started = time.perf_counter()
    errors = work / f"{name}_stderr.txt"
    with errors.open("w", encoding="utf-8") as stderr:
        process = subprocess.Popen(  # noqa: S603  (fixed commands of this benchmark)
            command,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            preexec_fn=_prefer_for_oom_killer,
        )
        timed_out = False
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - started > timeout:
                timed_out = True
                process.kill()
            time.sleep(0.5)
        process.returncode = os.waitstatus_to_exitcode(status)
    seconds = round(time.perf_counter() - started, 1)
    peak = round(usage.ru_maxrss / 1024, 1)
    result_file = work / f"{name}_run.json"
    if process.returncode == 0 and result_file.exists():
        out: dict[str, Any] = json.loads(result_file.read_text())
        out["process_seconds"] = seconds
        return out
    tail = errors.read_text(encoding="utf-8", errors="replace").strip()[-800:]
    if timed_out:
        reason = f"stopped after the {timeout:.0f} s limit"
    elif process.returncode == -signal.SIGKILL:
        reason = (
            "killed by SIGKILL, not sent by the benchmark: the kernel's"
            " out-of-memory killer"
        )
    elif process.returncode < 0:
        reason = f"killed by {signal.Signals(-process.returncode).name}"
    else:
        reason = f"exited with status {process.returncode}"
    return {
        "skipped": f"{name} failed: {reason}",
        "seconds_until_failure": seconds,
        "peak_rss_mib_until_failure": peak,
        "stderr_tail": tail,
    }


def recordlinkage_python() -> tuple[Path | None, str]:
    """Return the recordlinkage environment's interpreter, creating it if needed."""
    python = RL_VENV / "bin" / "python"
    check = [str(python), "-c", "import recordlinkage, pandas"]
    if python.exists() and subprocess.run(check, check=False).returncode == 0:  # noqa: S603  (fixed command)
        return python, ""
    steps = [
        ["python3", "-m", "venv", str(RL_VENV)],
        [str(python), "-m", "pip", "install", "--quiet", *RL_PINS],
    ]
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True, check=False)  # noqa: S603  (fixed command)
        if done.returncode != 0:
            return None, f"install failed: {' '.join(step[:4])}: {done.stderr[-400:]}"
    return python, ""


# -- scoring ------------------------------------------------------------------


def _prf(tp: int, predicted: int, true: int) -> dict[str, float]:
    p = tp / predicted if predicted else 0.0
    r = tp / true if true else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def _pairs(groups: Iterable[int]) -> int:
    return sum(n * (n - 1) // 2 for n in groups)


def _clusters(ids: list[str], links: Iterable[tuple[str, str]]) -> dict[str, str]:
    parent = {i: i for i in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for left, right in links:
        a, b = find(left), find(right)
        if a != b:
            parent[max(a, b)] = min(a, b)
    return {i: find(i) for i in ids}


def _b_cubed(clusters: dict[str, str], truth: dict[str, str]) -> dict[str, float]:
    cells = Counter((clusters[i], truth[i]) for i in clusters)
    sizes = Counter(clusters.values())
    entities = Counter(truth[i] for i in clusters)
    n = len(clusters)
    p = sum(c * c / sizes[k] for (k, _), c in cells.items()) / n
    r = sum(c * c / entities[e] for (_, e), c in cells.items()) / n
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(2 * p * r / (p + r), 4),
    }


PAIRS_SQL = (
    "CREATE OR REPLACE TABLE pred AS SELECT * FROM read_csv(?, header=true, columns="
    "{'unique_id_l': 'VARCHAR', 'unique_id_r': 'VARCHAR',"
    " 'match_probability': 'DOUBLE'})"
)
PAIRWISE_SQL = (
    "SELECT coalesce(sum((a.entity_id = b.entity_id)::int), 0), count(*) "
    "FROM pred p JOIN truth a ON p.unique_id_l = a.unique_id "
    "JOIN truth b ON p.unique_id_r = b.unique_id WHERE p.match_probability >= ?"
)


def _load_pairs(con: Any, pairs_file: Path) -> None:
    con.execute(PAIRS_SQL, [str(pairs_file)])


def score_dedupe(
    con: Any,
    pairs_file: Path,
    threshold: float,
    data: dict[str, Any],
    clusters_file: Path | None = None,
) -> dict[str, Any]:
    """
    Return T1 pairwise, per-nationality and cluster metrics of one system.

    Clusters are the system's own when it writes them (``clusters_file``),
    otherwise connected components of its pairs at the threshold.
    """
    _load_pairs(con, pairs_file)
    n_true = data["t1_true_pairs"]
    out: dict[str, Any] = {"operating_threshold": threshold, "pairwise": {}}
    for t in sorted({0.5, 0.7, threshold, 0.99}):
        tp, predicted = con.execute(PAIRWISE_SQL, [t]).fetchall()[0]
        out["pairwise"][str(t)] = _prf(int(tp), int(predicted), n_true)
    out["at_operating_threshold"] = out["pairwise"][str(threshold)]
    by_nat = con.execute(
        "SELECT a.nationality, sum((a.entity_id = b.entity_id)::int), count(*) "
        "FROM pred p JOIN truth a ON p.unique_id_l = a.unique_id "
        "JOIN truth b ON p.unique_id_r = b.unique_id WHERE p.match_probability >= ? "
        "GROUP BY 1",
        [threshold],
    ).fetchall()
    out["per_nationality"] = {
        nat: _prf(int(tp), int(predicted), data["t1_true_by_nationality"].get(nat, 0))
        for nat, tp, predicted in sorted(by_nat)
    }
    truth = {i: data["entity"][i] for i in data["ids_a"]}
    if clusters_file is None:
        # Read in batches: at 1M records a system may link tens of millions
        # of pairs at its threshold, too many to hold as Python tuples.
        links = con.sql(
            "SELECT unique_id_l, unique_id_r FROM pred "  # noqa: S608  (a float)
            f"WHERE match_probability >= {float(threshold)!r}"
        ).iter_rows(batch_size=100_000)
        clusters = _clusters(data["ids_a"], links)
    else:
        own = {r["record_id"]: r["cluster_id"] for r in read_csv(clusters_file)}
        clusters = {i: own.get(i, i) for i in data["ids_a"]}
    cells = Counter((clusters[i], truth[i]) for i in clusters)
    sizes = Counter(clusters.values())
    out["clusters"] = {
        "method": (
            "connected components at the threshold"
            if clusters_file is None
            else "the system's own clusters"
        ),
        "cluster_pairwise": _prf(
            _pairs(cells.values()), _pairs(sizes.values()), n_true
        ),
        "b_cubed": _b_cubed(clusters, truth),
        "b_cubed_singleton_baseline": _b_cubed({i: i for i in truth}, truth),
        "clusters": len(sizes),
        "entities": len(set(truth.values())),
        "largest_cluster": max(sizes.values()),
        "clusters_over_6": sum(n > 6 for n in sizes.values()),
        "false_merges": sum(n > 1 for n in Counter(k for k, _ in cells).values()),
    }
    return out


def score_link(
    con: Any, pairs_file: Path, threshold: float, n_true: int
) -> dict[str, Any]:
    """Return T2 pairwise metrics (A on the left) of one system."""
    _load_pairs(con, pairs_file)
    out: dict[str, Any] = {"operating_threshold": threshold, "true_pairs": n_true}
    for t in sorted({0.5, threshold, 0.99}):
        tp, predicted = con.execute(PAIRWISE_SQL, [t]).fetchall()[0]
        out[f"pairwise_at_{t}"] = _prf(int(tp), int(predicted), n_true)
    return out


def score_trace(candidates_file: Path, data: dict[str, Any]) -> dict[str, Any]:
    """Return T3 recall at 1 and 5 and false alarms, overall and per nationality."""
    tracing = data["tracing"]
    nationality = {q.query_id: q.nationality for q in tracing.queries}
    found: dict[str, list[tuple[int, str, float]]] = {}
    for row in read_csv(candidates_file):
        found.setdefault(row["query_id"], []).append(
            (int(row["rank"]), row["record_id"], float(row["probability"]))
        )
    groups: dict[str, dict[str, list[float]]] = {}
    for truth in tracing.truth:
        # The engine lists candidates only for queries it answers (docs/adr/0027).
        shown = sorted(found.get(truth.query_id, []))
        for key in ("all", nationality[truth.query_id]):
            g = groups.setdefault(key, {"r1": [], "r5": [], "alarm": [], "miss": []})
            if truth.absent:
                g["alarm"].append(float(bool(shown)))
                continue
            expected = set(truth.expected_record_ids)
            ranks = [rank for rank, rid, _ in shown if rid in expected]
            g["r1"].append(float(bool(ranks) and min(ranks) == 1))
            g["r5"].append(float(bool(ranks) and min(ranks) <= 5))
            g["miss"].append(float(not ranks))

    def summary(g: dict[str, list[float]]) -> dict[str, Any]:
        def mean(xs: list[float]) -> float | None:
            return round(sum(xs) / len(xs), 4) if xs else None

        return {
            "queries_present": len(g["r1"]),
            "queries_absent": len(g["alarm"]),
            "recall_at_1": mean(g["r1"]),
            "recall_at_5": mean(g["r5"]),
            "false_alarm_rate_absent": mean(g["alarm"]),
        }

    out = summary(groups.pop("all"))
    out["threshold"] = TRACE_THRESHOLD
    out["decision"] = "per query: answered when 1 - P(absent) >= threshold"
    out["per_nationality"] = {k: summary(v) for k, v in sorted(groups.items())}
    return out


# -- one tier -----------------------------------------------------------------


def _truth_table(con: Any, data: dict[str, Any]) -> None:
    import pyarrow as pa

    ids = list(data["entity"])
    entity = [data["entity"][i] for i in ids]
    con.register(
        "truth_arrow",
        pa.table(
            {
                "unique_id": ids,
                "entity_id": entity,
                "nationality": [data["nationality"][e] for e in entity],
            }
        ),
    )
    con.execute("CREATE OR REPLACE TABLE truth AS SELECT * FROM truth_arrow")


def run_tier(records: int, work: Path) -> dict[str, Any]:
    """Return every system's figures on one generated tier."""
    import duckdb

    load_before = os.getloadavg()
    data = prepare(records, work)
    con = duckdb.connect()
    con.execute("SET threads TO 2")
    # Past this the candidate joins spill to the work folder, leaving the
    # machine's memory to the systems under test.
    con.execute(f"SET memory_limit = '{SCORING_MEMORY}'")
    con.execute("SET temp_directory = ?", [str(work / "duckdb_spill")])
    _truth_table(con, data)
    per_entity = Counter(data["entity"][i] for i in data["ids_a"])
    data["t1_true_pairs"] = _pairs(per_entity.values())
    by_nat: Counter[str] = Counter()
    for key, n in per_entity.items():
        by_nat[data["nationality"][key]] += n * (n - 1) // 2
    data["t1_true_by_nationality"] = dict(by_nat)
    in_b = Counter(data["entity"][i] for i in data["ids_b"])
    t2_true = sum(in_b[data["entity"][i]] for i in data["ids_a"])
    n_a = data["records_a"]
    tier: dict[str, Any] = {
        key: data[key]
        for key in ("camp_residents", "records_a", "records_b", "tracing_queries")
    }
    tier.update(
        {
            "seed": TEST_SEED,
            "split": "test",
            "registry_b_overlap": 0.5,
            "generate_seconds": data["generate_seconds"],
            "t1_true_pairs": data["t1_true_pairs"],
            "t2_true_pairs": t2_true,
        }
    )
    candidates = blocking(con, work, data["t1_true_pairs"], n_a)
    systems: dict[str, Any] = {}
    python = sys.executable
    haven = _run(
        [python, "-m", "bench.linkage_systems", "haven", str(work)], work, "haven"
    )
    if "skipped" not in haven:
        failed = haven.pop("failed", {})
        haven["t1"] = (
            {"skipped": failed["t1"]}
            if "t1" in failed
            else score_dedupe(
                con,
                work / "haven_t1_pairs.csv",
                DEDUPE_THRESHOLD,
                data,
                work / "haven_t1_clusters.csv",
            )
        )
        haven["t2"] = (
            {"skipped": failed["t2"]}
            if "t2" in failed
            else score_link(con, work / "haven_t2_pairs.csv", LINK_THRESHOLD, t2_true)
        )
        haven["t3"] = (
            {"skipped": failed["t3"]}
            if "t3" in failed
            else score_trace(work / "haven_t3_candidates.csv", data)
        )
    systems["haven"] = haven
    naive = _run(
        [python, "-m", "bench.linkage_systems", "splink_naive", str(work)],
        work,
        "splink_naive",
    )
    if "skipped" not in naive:
        naive["t1"] = score_dedupe(
            con, work / "splink_naive_t1_pairs.csv", NAIVE_THRESHOLD, data
        )
        naive["t2"] = score_link(
            con, work / "splink_naive_t2_pairs.csv", NAIVE_THRESHOLD, t2_true
        )
        naive["t3"] = "not run: Splink has no tracing-query task"
    systems["splink_naive"] = naive
    rl_python, reason = recordlinkage_python()
    if rl_python is None:
        systems["recordlinkage"] = {"skipped": reason}
    else:
        script = str(ROOT / "bench" / "linkage_recordlinkage.py")
        rl = _run([str(rl_python), script, str(work)], work, "recordlinkage")
        if "skipped" not in rl:
            rl["t1"] = score_dedupe(
                con, work / "recordlinkage_t1_pairs.csv", RL_THRESHOLD, data
            )
            rl["t2"] = "not run: the protocol runs recordlinkage on T1 only"
            rl["t3"] = "not run: recordlinkage has no tracing-query task"
        systems["recordlinkage"] = rl
    for name, system in systems.items():
        system["blocking"] = candidates[name]
    tier["systems"] = systems
    tier["targets"] = _targets(records, haven, candidates["haven"])
    tier["load_average"] = {"before": load_before, "after": os.getloadavg()}
    return tier


def _targets(
    records: int, haven: dict[str, Any], blocked: dict[str, Any]
) -> dict[str, Any]:
    """Return the issue's targets for haven's deduplication, met or not."""
    target = TARGETS.get(records)
    if target is None:
        return {}
    # A task that did not finish has no figures; its targets count as missed.
    ran = "skipped" not in haven
    t1 = haven.get("t1", {}) if ran else {}
    t3 = haven.get("t3", {}) if ran else {}
    seconds = (
        round(
            sum(v for k, v in haven["phases_seconds"].items() if k.startswith("t1_")),
            1,
        )
        if "at_operating_threshold" in t1
        else None
    )
    out: dict[str, Any] = {
        "t1_seconds": {"value": seconds, "target": target["seconds"]},
        "peak_rss_mib_all_tasks": {
            "value": haven["peak_rss_mib"] if ran else None,
            "target": target["rss_mib"],
        },
        "t1_pairwise_f1": {
            "value": t1.get("at_operating_threshold", {}).get("f1"),
            "target": target["f1"],
        },
    }
    if "pairs_per_record" in target:
        out["pairs_per_record"] = {
            "value": blocked["pairs_per_record"],
            "target": target["pairs_per_record"],
        }
    out["t3_recall_at_5"] = {
        "value": t3.get("recall_at_5"),
        "target": TRACE_TARGETS["recall_at_5"],
    }
    out["t3_false_alarm_rate"] = {
        "value": t3.get("false_alarm_rate_absent"),
        "target": TRACE_TARGETS["false_alarm_rate"],
    }
    for key, item in out.items():
        lower_is_better = key not in ("t1_pairwise_f1", "t3_recall_at_5")
        value = item["value"]
        item["met"] = value is not None and (
            value <= item["target"] if lower_is_better else value >= item["target"]
        )
    return out


def estimate_trace_m(size: int = 3000, seed: int = DEV_SEED) -> None:
    """Print tracing m-probabilities counted on the development seed's queries."""
    camp = generate_camp(
        size, seed, profile=CampProfile(split=Split.DEV), reference_date=AS_OF
    )
    tracing = tracing_queries(camp, seed)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        write_registry_csv(camp.registrations, work / "all.csv")
        write_registry_csv(tracing.registry, work / "registry.csv")
        seekers = {r["record_id"]: r for r in read_csv(work / "all.csv")}
        registry = read_csv(work / "registry.csv")
    queries = [
        TraceQuery(
            q.query_id,
            q.name_as_remembered,
            relation=q.relation,
            approx_age=q.approx_age,
            last_known_city=q.last_known_city,
            nationality=q.nationality,
            seeker=seekers[q.seeker_record_id],
        )
        for q in tracing.queries
    ]
    expected = {t.query_id: set(t.expected_record_ids) for t in tracing.truth}
    results = trace_relatives(
        queries, registry, as_of=AS_OF, threshold=0.0, min_probability=0.0
    )
    counts: dict[str, Counter[str]] = {}
    for r in results:
        for c in r.candidates:
            if c.record_id in expected[r.query_id]:
                for f in c.contributions:
                    counts.setdefault(f.field, Counter())[f.level] += 1
    for comparison in trace_comparisons():
        name = comparison["output_column_name"]
        labels = [
            lv["label_for_charts"]
            for lv in comparison["comparison_levels"]
            if not lv.get("is_null_level")
        ]
        seen = counts.get(name, Counter())
        total = sum(seen[label] for label in labels)
        values = ", ".join(
            f"{(seen[label] + 1) / (total + len(labels)):.3f}" for label in labels
        )
        print(f'    "{name}": ({values}),  # n={total}')


def main() -> None:
    """Run every tier and write bench/results/linkage.json."""
    tiers = [
        int(t) for t in os.environ.get("HAVEN_BENCH_LINKAGE_TIERS", TIERS).split(",")
    ]
    payload: dict[str, Any] = {
        "machine": machine_info(("splink", "duckdb")),
        "protocol": (
            "tracing.md §5.6; thresholds from development seed 1; test seed 1001"
        ),
        "tiers": {},
    }
    for records in tiers:
        with tempfile.TemporaryDirectory(prefix="haven-bench-linkage-") as folder:
            payload["tiers"][str(records)] = run_tier(records, Path(folder))
        print(json.dumps(payload["tiers"][str(records)], indent=1), flush=True)
        # Written after every tier, so a larger tier that fails keeps the others.
        print(f"wrote {write_result('linkage', payload)}", flush=True)


if __name__ == "__main__":
    if "--estimate-trace" in sys.argv:
        estimate_trace_m()
    else:
        main()
