"""
Benchmark the linkage engine on seeded synthetic camps (tracing.md §5).

T1 deduplicates the camp registry (state and NGO registrations); T2 links the
state registrations to the NGO census; T3 answers tracing queries for
relatives against the registry of relatives abroad, half of them for
relatives who are not registered there. Seed 1 is the development seed
(thresholds and tracing parameters were chosen on it); seed 2 is the test
seed. The matcher never sees the generator; only this script does.

Run: ``python -m bench linkage`` (size from ``HAVEN_BENCH_LINKAGE_SIZE``,
default 3000 residents), or ``python -m bench.linkage --estimate-trace`` to
print tracing m-probabilities counted on the development seed.
"""

from __future__ import annotations

import os
import random
import sys
import time
from collections import Counter
from collections.abc import Iterable
from datetime import date

from bench.machine import machine_info, peak_rss_mib, write_result
from haven.engines.linkage import (
    TRACE_THRESHOLD,
    TraceQuery,
    deduplicate,
    link_registries,
    trace_relatives,
)
from haven.engines.linkage.comparisons import trace_comparisons
from haven.engines.linkage.tracing import TraceResult
from haven.synthetic.camp import generate_camp

DEV_SEED = 1
TEST_SEED = 2
AS_OF = date(2016, 10, 1)


def registry_row(r) -> dict[str, str]:
    """Return one synthetic registration as a registry CSV row."""
    n = r.name
    city = (
        r.location_key.removeprefix("city-")
        if r.location_key.startswith("city-")
        else ""
    )
    return {
        "record_id": r.record_id,
        "given_name": n.given_name,
        "father_name": n.father_name,
        "grandfather_name": n.grandfather_name,
        "family_name": n.family_name,
        "sex": r.sex,
        "dob": r.date_of_birth.isoformat() if r.date_of_birth else "",
        "dob_precision": r.dob_precision,
        "nationality": r.nationality,
        "place_of_origin": r.place_of_origin,
        "phone": r.phone,
        "registered_at": r.registered_at.isoformat(),
        "registered_by": r.registered_by,
        "name_native": n.native_script,
        "city": city,
    }


def _prf(tp: int, predicted: int, true: int) -> dict[str, float]:
    p = tp / predicted if predicted else 0.0
    r = tp / true if true else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def _pairs(groups: Iterable[int]) -> int:
    return sum(n * (n - 1) // 2 for n in groups)


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


def bench_dedupe(
    records: list[dict[str, str]], truth: dict[str, str]
) -> dict[str, object]:
    """T1: pairwise and cluster metrics of deduplication."""
    started = time.perf_counter()
    result = deduplicate(records)
    seconds = time.perf_counter() - started
    true_pairs = _pairs(Counter(truth[r["record_id"]] for r in records).values())
    pairwise = {}
    for threshold in (0.5, 0.7, 0.9, 0.99):
        chosen = [p for p in result.pairs if p.probability >= threshold]
        tp = sum(truth[p.left_id] == truth[p.right_id] for p in chosen)
        pairwise[str(threshold)] = _prf(tp, len(chosen), true_pairs)
    found = sum(truth[p.left_id] == truth[p.right_id] for p in result.pairs)
    clusters = dict(result.clusters)
    cells = Counter((clusters[i], truth[i]) for i in clusters)
    singletons = {i: i for i in clusters}
    return {
        "records": len(records),
        "entities": len({truth[r["record_id"]] for r in records}),
        "true_pairs": true_pairs,
        "candidate_recall_at_p_0.01": round(found / true_pairs, 4),
        "pairwise": pairwise,
        "cluster_pairwise_at_0.9": _prf(
            _pairs(cells.values()),
            _pairs(Counter(clusters.values()).values()),
            true_pairs,
        ),
        "b_cubed_at_0.9": _b_cubed(clusters, truth),
        "b_cubed_singleton_baseline": _b_cubed(singletons, truth),
        "largest_cluster": max(Counter(clusters.values()).values()),
        "seconds": round(seconds, 1),
    }


def bench_link(
    a: list[dict[str, str]], b: list[dict[str, str]], truth: dict[str, str]
) -> dict[str, object]:
    """T2: linkage of two registries of the same camp."""
    started = time.perf_counter()
    links = link_registries(a, b, threshold=0.5)
    seconds = time.perf_counter() - started
    count_b = Counter(truth[r["record_id"]] for r in b)
    true_pairs = sum(count_b[truth[r["record_id"]]] for r in a)
    out = {"records_a": len(a), "records_b": len(b), "true_pairs": true_pairs}
    for threshold in (0.5, 0.9, 0.99):
        chosen = [lk for lk in links if lk.probability >= threshold]
        tp = sum(truth[lk.left_id] == truth[lk.right_id] for lk in chosen)
        out[f"pairwise_at_{threshold}"] = _prf(tp, len(chosen), true_pairs)
    out["seconds"] = round(seconds, 1)
    return out


def tracing_queries(camp, seed: int, limit: int = 400):
    """Return queries by camp residents for relatives, and the true answers."""
    rng = random.Random(seed)
    people = {p.person_key: p for p in camp.people}
    places = {loc.key: loc.name for loc in camp.locations}
    cities = sorted({loc.name for loc in camp.locations if loc.kind == "city"})
    registry_b = {
        r.person_key for r in camp.registrations if r.source == "relative_declared"
    }
    seekers = {}
    for r in camp.registrations:
        if r.source != "relative_declared":
            seekers.setdefault(r.person_key, r)
    abroad = [
        x
        for x in camp.relationships
        if people[x.from_key].lives_abroad and x.to_key in seekers
    ]
    at_camp = [
        x
        for x in camp.relationships
        if not people[x.from_key].lives_abroad
        and x.to_key in seekers
        and x.from_key not in registry_b
    ]
    rng.shuffle(abroad)
    rng.shuffle(at_camp)
    queries, answers = [], {}
    for i, x in enumerate(abroad[: limit // 2] + at_camp[: limit // 2]):
        relative, seeker = people[x.from_key], seekers[x.to_key].name
        n = relative.name
        remembered = (
            n.given_name if rng.random() < 0.5 else f"{n.given_name} {n.father_name}"
        )
        age = None
        if relative.date_of_birth:
            true_age = (AS_OF - relative.date_of_birth).days / 365.25
            age = max(0, 5 * round((true_age + rng.gauss(0, 5)) / 5))
        city = places.get(relative.abroad_city, "") if relative.lives_abroad else ""
        roll = rng.random()
        if roll > 0.8 or not city:
            city = rng.choice(cities)
        elif roll > 0.6:
            city = ""
        query_id = f"Q{i:04d}"
        queries.append(
            TraceQuery(
                query_id,
                remembered.strip(),
                relation=x.relation,
                approx_age=age,
                last_known_city=city,
                nationality=relative.nationality,
                seeker={
                    "given_name": seeker.given_name,
                    "father_name": seeker.father_name,
                    "grandfather_name": seeker.grandfather_name,
                },
            )
        )
        answers[query_id] = (
            relative.person_key if relative.person_key in registry_b else None
        )
    return queries, answers


def _trace_metrics(
    results: tuple[TraceResult, ...],
    answers: dict[str, str | None],
    person: dict[str, str],
) -> dict[str, object]:
    present = [r for r in results if answers[r.query_id] is not None]
    absent = [r for r in results if answers[r.query_id] is None]
    ranks = []
    for r in present:
        hits = [
            c.rank for c in r.candidates if person[c.record_id] == answers[r.query_id]
        ]
        ranks.append(min(hits) if hits else None)
    n = len(present) or 1
    out: dict[str, object] = {
        "queries_present": len(present),
        "queries_absent": len(absent),
        "recall_at_1": round(sum(k == 1 for k in ranks) / n, 4),
        "recall_at_5": round(sum(k is not None and k <= 5 for k in ranks) / n, 4),
        "recall_at_20": round(sum(k is not None for k in ranks) / n, 4),
        "mrr": round(sum(1 / k for k in ranks if k) / n, 4),
    }
    for threshold in sorted({0.1, 0.2, TRACE_THRESHOLD, 0.5}):
        alarms = sum(
            any(c.probability >= threshold for c in r.candidates) for r in absent
        )
        missed = sum(
            not any(
                c.probability >= threshold
                and person[c.record_id] == answers[r.query_id]
                for c in r.candidates
            )
            for r in present
        )
        out[f"at_{threshold}"] = {
            "false_alarm_rate_absent": round(alarms / (len(absent) or 1), 4),
            "miss_rate_present": round(missed / n, 4),
        }
    bins: Counter[int] = Counter()
    hits: Counter[int] = Counter()
    brier = 0.0
    scored = 0
    for r in results:
        for c in r.candidates:
            right = person[c.record_id] == answers[r.query_id]
            b = min(int(c.probability * 10), 9)
            bins[b] += 1
            hits[b] += right
            brier += (c.probability - right) ** 2
            scored += 1
    out["reliability"] = {
        f"{b / 10:.1f}-{(b + 1) / 10:.1f}": {
            "n": bins[b],
            "observed": round(hits[b] / bins[b], 3),
        }
        for b in sorted(bins)
    }
    out["brier_candidates"] = round(brier / (scored or 1), 4)
    return out


def bench_trace(camp, seed: int) -> dict[str, object]:
    """T3: tracing queries against the registry of relatives abroad."""
    registry = [r for r in camp.registrations if r.source == "relative_declared"]
    person = {r.record_id: r.person_key for r in registry}
    queries, answers = tracing_queries(camp, seed)
    started = time.perf_counter()
    results = trace_relatives(
        queries, [registry_row(r) for r in registry], as_of=AS_OF, threshold=0.0
    )
    seconds = time.perf_counter() - started
    out = _trace_metrics(results, answers, person)
    out["registry_records"] = len(registry)
    out["seconds"] = round(seconds, 1)
    return out


def run_seed(size: int, seed: int) -> dict[str, object]:
    """Return T1-T3 figures for one seeded camp."""
    started = time.perf_counter()
    camp = generate_camp(size, seed)
    generated = time.perf_counter() - started
    truth = {r.record_id: r.person_key for r in camp.registrations}
    registry = [
        registry_row(r) for r in camp.registrations if r.source != "relative_declared"
    ]
    state = [
        registry_row(r) for r in camp.registrations if r.source == "state_authority"
    ]
    census = [registry_row(r) for r in camp.registrations if r.source == "ngo_census"]
    return {
        "seed": seed,
        "residents": size,
        "generator_version": camp.generator_version,
        "generate_seconds": round(generated, 1),
        "t1_dedupe": bench_dedupe(registry, truth),
        "t2_link_state_to_census": bench_link(state, census, truth),
        "t3_trace": bench_trace(camp, seed),
    }


def estimate_trace_m(size: int = 3000, seed: int = DEV_SEED) -> None:
    """Print tracing m-probabilities counted on the development seed."""
    camp = generate_camp(size, seed)
    registry = [r for r in camp.registrations if r.source == "relative_declared"]
    person = {r.record_id: r.person_key for r in registry}
    queries, answers = tracing_queries(camp, seed)
    results = trace_relatives(
        queries, [registry_row(r) for r in registry], as_of=AS_OF, threshold=0.0
    )
    counts: dict[str, Counter[str]] = {}
    for r in results:
        for c in r.candidates:
            if person[c.record_id] == answers[r.query_id]:
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
    """Run T1-T3 on the development and test seeds and write the results."""
    size = int(os.environ.get("HAVEN_BENCH_LINKAGE_SIZE", "3000"))
    payload: dict[str, object] = {"machine": machine_info(("splink", "duckdb"))}
    for label, seed in (("dev", DEV_SEED), ("test", TEST_SEED)):
        payload[label] = run_seed(size, seed)
        print(label, payload[label], flush=True)
    payload["peak_rss_mib"] = round(peak_rss_mib(), 1)
    print(f"wrote {write_result('linkage', payload)}")


if __name__ == "__main__":
    if "--estimate-trace" in sys.argv:
        estimate_trace_m()
    else:
        main()
