"""
Determinations per second of the responsibility engine on synthetic fact sets.

``python -m bench responsibility`` runs the full 1,000,000 cases and writes
bench/results/responsibility.json; ``python -m bench.responsibility --cases 200000``
does the same on fewer cases, and ``python -m bench.responsibility 100000`` stores a
smaller sample beside the full run as ``quiet_sample``.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import time
from datetime import date, timedelta
from typing import Any

from bench.machine import machine_info, peak_rss_mib, read_result, write_result
from haven.engines.responsibility import determine_responsibility, parse_facts

TOTAL = 1_000_000
CHUNK = 10_000
RENDER_EVERY = 10
SEED = 20161024
STATES = ("IT", "GR", "HU", "DE", "FR", "BE", "NL", "SE", "AT", "ES", "BG", "HR")


def _day(rng: random.Random, start: date, span: int) -> date:
    return start + timedelta(days=rng.randrange(span))


def synthetic_case(rng: random.Random) -> dict[str, Any]:
    """Return one plausible fact set: adults and minors, both regimes, a procedure."""
    ammr = rng.random() < 0.3
    lodged = (
        _day(rng, date(2026, 6, 12), 300) if ammr else _day(rng, date(2015, 6, 1), 700)
    )
    here = rng.choice(("FR", "DE", "BE", "NL"))
    minor = rng.random() < 0.2
    born = lodged - timedelta(
        days=rng.randrange(14 * 365, 17 * 365)
        if minor
        else rng.randrange(19 * 365, 50 * 365)
    )
    facts: dict[str, Any] = {
        "determination_date": (
            lodged + timedelta(days=rng.randrange(10, 300))
        ).isoformat(),
        "applicant": {
            "date_of_birth": born.isoformat(),
            "unaccompanied": minor,
            "nationality": rng.choice(("SY", "AF", "ER", "SD")),
        },
        "applications": [{"state": here, "date": lodged.isoformat()}],
    }
    roll = rng.random()
    if roll < 0.45:
        facts["irregular_entries"] = [
            {
                "state": rng.choice(STATES[:3]),
                "date": (lodged - timedelta(days=rng.randrange(20, 500))).isoformat(),
            }
        ]
    elif roll < 0.55:
        facts["documents"] = [
            {
                "type": "visa",
                "visa_type": "C",
                "issuing_state": rng.choice(STATES),
                "valid_from": (lodged - timedelta(days=300)).isoformat(),
                "valid_until": (
                    lodged + timedelta(days=rng.randrange(-200, 60))
                ).isoformat(),
                "enabled_entry": True,
            }
        ]
    elif roll < 0.65:
        facts["family_members"] = [
            {
                "relation": rng.choice(("spouse", "sibling", "mother")),
                "state": rng.choice(STATES),
                "status": rng.choice(
                    ("applicant", "beneficiary_of_international_protection")
                ),
                "legally_present": True,
                "family_existed_in_country_of_origin": True,
                "first_instance_decision": False,
                "written_consent": True,
            }
        ]
        facts["best_interests"] = {"assessed_on": lodged.isoformat()}
    elif roll < 0.75:
        facts["stays"] = [
            {
                "state": rng.choice(STATES),
                "start": (lodged - timedelta(days=400)).isoformat(),
                "end": (lodged - timedelta(days=rng.randrange(1, 300))).isoformat(),
            }
        ]
    elif roll < 0.85:
        earlier = lodged - timedelta(days=rng.randrange(30, 200))
        facts["applications"].insert(
            0, {"state": rng.choice(STATES[:4]), "date": earlier.isoformat()}
        )
    if minor and "best_interests" not in facts:
        facts["best_interests"] = {"assessed_on": lodged.isoformat()}
    if "irregular_entries" in facts and rng.random() < 0.5:
        target = facts["irregular_entries"][0]["state"]
        sent = lodged + timedelta(days=rng.randrange(5, 100))
        request: dict[str, Any] = {
            "type": "take_charge",
            "requesting_state": here,
            "requested_state": target,
            "sent": sent.isoformat(),
            "received": sent.isoformat(),
        }
        if rng.random() < 0.5:
            request["reply"] = {
                "date": (sent + timedelta(days=rng.randrange(5, 50))).isoformat(),
                "decision": rng.choice(("accepted", "accepted", "refused")),
            }
        facts["requests"] = [request]
    return facts


class GcClock:
    """
    CPU time spent in the garbage collector while running.

    Full collections walk every live object, the benchmark's own cases too, so the
    figure shows how much of a rate is the collector rather than the engine.
    """

    def __init__(self) -> None:
        self.seconds = 0.0
        self.started = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self.started = time.process_time()
        else:
            self.seconds += time.process_time() - self.started


def run(total: int, rng: random.Random) -> dict[str, Any]:
    """Determine ``total`` fact sets in chunks; return the timings and load averages."""
    load_before = os.getloadavg()
    collector = GcClock()
    gc.callbacks.append(collector)
    try:
        return _run(total, rng, collector, load_before)
    finally:
        gc.callbacks.remove(collector)


def _run(
    total: int,
    rng: random.Random,
    collector: GcClock,
    load_before: tuple[float, float, float],
) -> dict[str, Any]:
    parse_seconds = 0.0
    parse_cpu_seconds = 0.0
    determine_seconds = 0.0
    determine_cpu_seconds = 0.0
    render_cpu_seconds = 0.0
    parse_gc_seconds = 0.0
    determine_gc_seconds = 0.0
    rendered = 0
    reasons = 0
    states: dict[str | None, int] = {}
    for chunk in range(max(1, total // CHUNK)):
        cases = [synthetic_case(rng) for _ in range(min(CHUNK, total))]
        collected = collector.seconds
        started = time.perf_counter()
        started_cpu = time.process_time()
        parsed = [parse_facts(case) for case in cases]
        parse_cpu_seconds += time.process_time() - started_cpu
        parse_seconds += time.perf_counter() - started
        parse_gc_seconds += collector.seconds - collected
        collected = collector.seconds
        started = time.perf_counter()
        started_cpu = time.process_time()
        results = [determine_responsibility(facts) for facts in parsed]
        determine_cpu_seconds += time.process_time() - started_cpu
        determine_seconds += time.perf_counter() - started
        determine_gc_seconds += collector.seconds - collected
        if chunk % RENDER_EVERY == 0:
            # Reasons keep their text as templates until read; rendering a sample
            # to JSON shows what reading every reason costs on top.
            started_cpu = time.process_time()
            for result in results:
                result.to_json()
            render_cpu_seconds += time.process_time() - started_cpu
            rendered += len(results)
        for result in results:
            reasons += len(result.reasons)
            states[result.responsible_state] = (
                states.get(result.responsible_state, 0) + 1
            )
        # Drop this chunk before the next is built: held over, it doubles the live
        # objects every full garbage collection has to walk.
        del cases, parsed, results
    cases_run = max(1, total // CHUNK) * min(CHUNK, total)
    return {
        "cases": cases_run,
        "determinations_per_second": round(cases_run / determine_seconds),
        "determinations_per_cpu_second": round(cases_run / determine_cpu_seconds),
        "parse_per_cpu_second": round(cases_run / parse_cpu_seconds),
        "parse_and_determine_per_second": round(
            cases_run / (parse_seconds + determine_seconds)
        ),
        "parse_and_determine_per_cpu_second": round(
            cases_run / (parse_cpu_seconds + determine_cpu_seconds)
        ),
        # On the rendered sample: determination plus to_json, every reason as text.
        "determine_and_render_per_cpu_second": round(
            1
            / (
                determine_cpu_seconds / cases_run
                + render_cpu_seconds / max(1, rendered)
            )
        ),
        "rendered_sample": rendered,
        "determine_seconds": round(determine_seconds, 2),
        "determine_cpu_seconds": round(determine_cpu_seconds, 2),
        "parse_seconds": round(parse_seconds, 2),
        "parse_cpu_seconds": round(parse_cpu_seconds, 2),
        # CPU time of the garbage collector within the two CPU times above.
        "determine_gc_cpu_seconds": round(determine_gc_seconds, 2),
        "parse_gc_cpu_seconds": round(parse_gc_seconds, 2),
        "mean_reasons": round(reasons / cases_run, 2),
        "undetermined": states.get(None, 0),
        # 1-, 5- and 15-minute load averages at the start and end of the run; the
        # machine is shared, so a figure means little without them.
        "load_average": {
            "start": [round(value, 2) for value in load_before],
            "end": [round(value, 2) for value in os.getloadavg()],
        },
    }


def main(total: int = TOTAL) -> None:
    """Determine 1,000,000 fact sets in chunks; time parsing and determination."""
    payload = {
        **run(total, random.Random(SEED)),
        "seed": SEED,
        "peak_rss_mib": round(peak_rss_mib(), 1),
        "target_per_second": 20_000,
        "machine": machine_info(),
    }
    previous = read_result("responsibility")
    if previous and "quiet_sample" in previous:
        payload["quiet_sample"] = previous["quiet_sample"]
    path = write_result("responsibility", payload)
    print(
        f"{payload['determinations_per_second']:,} determinations/s, "
        f"{payload['determinations_per_cpu_second']:,} per CPU-second "
        f"({payload['parse_and_determine_per_second']:,}/s and "
        f"{payload['parse_and_determine_per_cpu_second']:,} per CPU-second with "
        f"parsing); {payload['mean_reasons']} reasons each; load "
        f"{payload['load_average']}; written to {path}"
    )


def quiet_sample(total: int = 100_000) -> None:
    """
    Run a smaller sample and store it beside the full run as ``quiet_sample``.

    On a shared machine, run it when ``uptime`` shows a low load; the load averages
    are stored with the figure.
    """
    sample = {**run(total, random.Random(SEED)), "when": machine_info()["when"]}
    payload = read_result("responsibility") or {}
    payload["quiet_sample"] = sample
    path = write_result("responsibility", payload)
    print(
        f"{sample['determinations_per_second']:,} determinations/s on "
        f"{sample['cases']:,} cases, load {sample['load_average']}; written to {path}"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0].strip())
    parser.add_argument(
        "sample",
        nargs="?",
        type=int,
        default=100_000,
        help="cases of the quiet sample (default 100000)",
    )
    parser.add_argument(
        "--cases", type=int, help="run the full benchmark on this many cases instead"
    )
    arguments = parser.parse_args()
    if arguments.cases is not None:
        main(arguments.cases)
    else:
        quiet_sample(arguments.sample)
