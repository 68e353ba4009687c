"""
The linkage systems of the side-by-side benchmark, one process each.

``python -m bench.linkage_systems SYSTEM WORKDIR`` reads the registry CSVs the
orchestrator (``bench/linkage.py``) wrote to WORKDIR, runs one system and
writes its scored pairs and timings back, so that each system's peak memory is
its own. Neither system reads the ground-truth files.

- ``haven``: the linkage engine as the application calls it (T1, T2, T3).
- ``splink_naive``: Splink 5 with the naive set-up of tracing.md §1.8 mode A
  (Appendix A comparisons and blocking; λ from ``given+father+dob`` with a
  recall guess of 0.5; EM on ``given+father`` and on ``dob+sex``), on the
  shared preparation of §5.6 (ASCII names and a phonetic code per field).
"""

from __future__ import annotations

import csv
import gc
import json
import os
import resource
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.machine import peak_rss_mib

if TYPE_CHECKING:
    from haven.engines.linkage import PreparedRegistry

AS_OF = date(2016, 10, 1)
NAIVE_MEMORY = "4GB"  # DuckDB's memory for the naive Splink set-up
csv.field_size_limit(1 << 24)


def read_csv(path: Path) -> list[dict[str, str]]:
    """Return the rows of a CSV file as dictionaries."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_pairs(path: Path, rows: Iterator[tuple[str, str, float]]) -> int:
    """Write scored pairs (left id, right id, probability); return the count."""
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("unique_id_l", "unique_id_r", "match_probability"))
        for left, right, probability in rows:
            writer.writerow((left, right, f"{probability:.6g}"))
            count += 1
    return count


def _registry(path: Path) -> Iterator[dict[str, str]]:
    """Yield a registry CSV's rows one at a time, never all at once."""
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


class Phases:
    """Wall time per named phase."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        """Time the block under ``name``."""
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = round(time.perf_counter() - started, 2)


def _haven_t1(work: Path, a: PreparedRegistry, timer: Phases) -> dict[str, Any]:
    from haven.engines.linkage import deduplicate, train_model

    with timer.phase("t1_train"):
        model = train_model(a, seed=1)
    with timer.phase("t1_predict_and_cluster"):
        result = deduplicate(a, model=model)
    write_pairs(
        work / "haven_t1_pairs.csv",
        ((p.left_id, p.right_id, p.probability) for p in result.pairs),
    )
    with (work / "haven_t1_clusters.csv").open("w", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("record_id", "cluster_id"))
        writer.writerows(result.clusters.items())
    return {"t1_model_prior": model.prior}


def _haven_t2(work: Path, a: PreparedRegistry, timer: Phases) -> dict[str, Any]:
    from haven.engines.linkage import link_registries, prepare_registry, train_model

    with timer.phase("t2_read_b"):
        b = prepare_registry(_registry(work / "registry_b.csv"), side="b")
    with timer.phase("t2_train"):
        link_model = train_model(a, b, seed=1)
    with timer.phase("t2_predict"):
        # Pairs from even odds up: the lowest threshold the figures report.
        links = link_registries(a, b, model=link_model, threshold=0.5)
    write_pairs(
        work / "haven_t2_pairs.csv",
        ((p.left_id, p.right_id, p.probability) for p in links),
    )
    return {}


def _haven_t3(work: Path, a: PreparedRegistry, timer: Phases) -> dict[str, Any]:
    from haven.engines.linkage import TraceQuery, trace_relatives

    rows = read_csv(work / "queries.csv")
    wanted = {q["seeker_record_id"] for q in rows}
    seekers = {
        r["record_id"]: r
        for r in _registry(work / "registry_a.csv")
        if r["record_id"] in wanted
    }
    queries = [
        TraceQuery(
            q["query_id"],
            q["name_as_remembered"],
            relation=q["relation"],
            approx_age=float(q["approx_age"]) if q["approx_age"] else None,
            last_known_city=q["last_known_city"],
            nationality=q["nationality"],
            seeker=seekers.get(q["seeker_record_id"]),
        )
        for q in rows
    ]
    registry = read_csv(work / "trace_registry.csv")
    with timer.phase("t3_trace"):
        answers = trace_relatives(queries, registry, as_of=AS_OF)
    with (work / "haven_t3_candidates.csv").open("w", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("query_id", "record_id", "rank", "probability"))
        for answer in answers:
            for c in answer.candidates:
                writer.writerow((answer.query_id, c.record_id, c.rank, c.probability))
    return {}


def run_haven(work: Path) -> dict[str, Any]:
    """
    Deduplicate A, link A to B and answer the tracing queries with haven.

    A task that raises (DuckDB out of memory, say) is recorded under
    ``failed`` with its error, and the next task still runs, so the figures
    of the tasks that finished are kept.
    """
    from haven.engines.linkage import prepare_registry

    timer = Phases()
    # Registry A is read and its features derived once, for T1 and T2.
    with timer.phase("t1_read"):
        a = prepare_registry(_registry(work / "registry_a.csv"))
    out: dict[str, Any] = {"failed": {}}
    tasks = {"t1": _haven_t1, "t2": _haven_t2, "t3": _haven_t3}
    for name, task in tasks.items():
        try:
            out.update(task(work, a, timer))
        except Exception as error:  # noqa: BLE001  (one failing task must not hide the rest)
            out["failed"][name] = f"{type(error).__name__}: {str(error)[:600]}"
        gc.collect()
    out["phases_seconds"] = timer.seconds
    return out


def _name_comparison(column: str) -> Any:
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    return cl.CustomComparison(
        output_column_name=column,
        comparison_levels=[
            cll.NullLevel(column + "_n"),
            cll.ExactMatchLevel(column + "_n").configure(
                tf_adjustment_column=column + "_n", tf_adjustment_weight=1.0
            ),
            cll.ExactMatchLevel(column + "_dm"),
            cll.JaroWinklerLevel(column + "_n", 0.92),
            cll.JaroWinklerLevel(column + "_n", 0.80),
            cll.ElseLevel(),
        ],
    )


def _dob_comparison() -> Any:
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    year = "cast(substr(dob_{s},1,4) as int)"
    yl, yr = year.format(s="l"), year.format(s="r")
    return cl.CustomComparison(
        output_column_name="dob",
        comparison_levels=[
            cll.NullLevel("dob"),
            cll.CustomLevel(
                "dob_l = dob_r AND substr(dob_l,6) <> '01-01'",
                label_for_charts="exact, not 1 Jan",
            ),
            cll.CustomLevel("dob_l = dob_r", label_for_charts="exact 1 Jan"),
            cll.CustomLevel(
                "(substr(dob_l,6)='01-01' OR substr(dob_r,6)='01-01')"
                f" AND abs({yl}-{yr}) <= 1",
                label_for_charts="1 Jan, year ±1",
            ),
            cll.CustomLevel(
                "substr(dob_l,1,4)=substr(dob_r,1,4) OR (substr(dob_l,6,2)="
                "substr(dob_r,9,2) AND substr(dob_l,9,2)=substr(dob_r,6,2))",
                label_for_charts="same year or d/m swap",
            ),
            cll.CustomLevel(f"abs({yl}-{yr}) <= 2", label_for_charts="year ±2"),
            cll.ElseLevel(),
        ],
    )


# Appendix A's prediction blocking, shared with recordlinkage as candidates.
NAIVE_BLOCKING: tuple[tuple[str, ...], ...] = (
    ("given_name_dm", "father_name_dm", "sex"),
    ("given_name_dm", "dob_year"),
    ("father_name_dm", "grandfather_name_dm", "dob_year"),
    ("given_name_dm", "grandfather_name_dm"),
)


def _naive_settings(link_type: str) -> Any:
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    return SettingsCreator(
        link_type=link_type,
        comparisons=[
            _name_comparison("given_name"),
            _name_comparison("father_name"),
            _name_comparison("grandfather_name"),
            _name_comparison("family_name"),
            _dob_comparison(),
            cl.ExactMatch("sex"),
            cl.ExactMatch("nationality").configure(term_frequency_adjustments=True),
        ],
        blocking_rules_to_generate_predictions=[
            block_on(*rule) for rule in NAIVE_BLOCKING
        ],
    )


def _naive_link(
    work: Path, timer: Phases, prefix: str, names: list[str], link_type: str
) -> None:
    import duckdb
    from splink import DuckDBAPI, Linker, block_on

    con = duckdb.connect()
    con.execute("SET threads TO 2")
    # Splink's default DuckDB takes 80% of the machine; a limit with a spill
    # folder lets it run on a million records beside the other processes.
    con.execute(f"SET memory_limit = '{NAIVE_MEMORY}'")
    con.execute("SET temp_directory = ?", [str(work / f"splink_naive_{prefix}_spill")])
    db_api = DuckDBAPI(connection=con)
    with timer.phase(f"{prefix}_read"):
        tables = [
            db_api.register(
                con.read_csv(str(work / name), all_varchar=True).to_arrow_table(),
                dataset_display_name=name.removesuffix(".csv"),
            )
            for name in names
        ]
    linker = Linker(
        tables if len(tables) > 1 else tables[0], _naive_settings(link_type)
    )
    with timer.phase(f"{prefix}_train"):
        linker.training.estimate_probability_two_random_records_match(
            [block_on("given_name_n", "father_name_n", "dob")], recall=0.5
        )
        linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=1)
        for rule in (
            block_on("given_name_dm", "father_name_dm"),
            block_on("dob", "sex"),
        ):
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule, max_pairs=5e6
            )
    with timer.phase(f"{prefix}_predict"):
        predictions = linker.inference.predict(threshold_match_probability=0.01)
        table = predictions.physical_name
        # Registry A's record on the left of every pair, as the others write.
        left_name = names[0].removesuffix(".csv")
        swap = (
            f"source_dataset_l <> '{left_name}'"
            if link_type == "link_only"
            else "false"
        )
        con.execute(
            "CREATE TABLE naive_pairs AS SELECT "  # noqa: S608  (a Splink table name)
            f"CASE WHEN {swap} THEN unique_id_r ELSE unique_id_l END AS unique_id_l, "
            f"CASE WHEN {swap} THEN unique_id_l ELSE unique_id_r END AS unique_id_r, "
            f"match_probability FROM {table}"
        )
    out = work / f"splink_naive_{prefix}_pairs.csv"
    con.execute(f"COPY naive_pairs TO '{out}' (HEADER)")


def run_splink_naive(work: Path) -> dict[str, Any]:
    """Deduplicate A and link A to B with Splink's naive set-up (mode A)."""
    timer = Phases()
    _naive_link(work, timer, "t1", ["prep_a.csv"], "dedupe_only")
    _naive_link(work, timer, "t2", ["prep_a.csv", "prep_b.csv"], "link_only")
    return {"phases_seconds": timer.seconds}


def main(argv: list[str]) -> int:
    """Run one system on a work directory and write its timings as JSON."""
    system, work = argv[0], Path(argv[1])
    runners = {"haven": run_haven, "splink_naive": run_splink_naive}
    started = time.perf_counter()
    out = runners[system](work)
    out["seconds"] = round(time.perf_counter() - started, 2)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    # Wall time depends on what else the two cores run; CPU time less so.
    out["cpu_seconds"] = round(usage.ru_utime + usage.ru_stime, 2)
    out["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    out["peak_rss_mib"] = round(peak_rss_mib(), 1)
    (work / f"{system}_run.json").write_text(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
