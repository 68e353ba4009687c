"""
Benchmark the allocation engine's placement.

Large batch: about 1,000,000 people in 400,000 families placed across 27 states x 1,000
places with five service dimensions (beds, large-family units, school places, places
for unaccompanied children, medical places), language and relatives rules; solved with
the type LP ("flow") and with the greedy baseline, both measured against the LP bound.
Small instance: 330 families, 21 places, 3 dimensions, solved to proven optimality by
the MIP. Instances are synthetic and seeded.
"""

from __future__ import annotations

import os
import random
import time
from types import MappingProxyType

from bench.machine import machine_info, peak_rss_mib, write_result
from haven.engines.allocation import (
    Family,
    Objective,
    Place,
    default_key_data,
    distribute,
    place_families,
)

EU27 = [
    "AT",
    "BE",
    "BG",
    "CY",
    "CZ",
    "DE",
    "DK",
    "EE",
    "ES",
    "FI",
    "FR",
    "GR",
    "HR",
    "HU",
    "IE",
    "IT",
    "LT",
    "LU",
    "LV",
    "MT",
    "NL",
    "PL",
    "PT",
    "RO",
    "SE",
    "SI",
    "SK",
]
LANGUAGES = ("ar", "prs", "ps", "ti", "ku", "fa", "so", "ur")
SIZES = (1, 2, 3, 4, 5, 6, 7, 8)
SIZE_WEIGHTS = (0.36, 0.20, 0.17, 0.12, 0.08, 0.04, 0.02, 0.01)


def small_instance(seed: int = 2017) -> tuple[list[Family], list[Place]]:
    """Return 330 families and 21 places using 3 services (beds, school, medical)."""
    rng = random.Random(seed)
    langs = LANGUAGES[:4]
    places = []
    for index in range(21):
        spoken = frozenset(rng.sample(langs, 2))
        beds = rng.randint(35, 85)
        places.append(
            Place(
                id=f"P{index:02d}",
                beds=beds,
                school_places=rng.randint(beds // 6, beds // 3),
                medical_places=rng.randint(1, 6),
                languages=spoken,
            )
        )
    areas = [place.id for place in places]
    families = []
    for index in range(330):
        size = rng.choices(SIZES[:5], weights=(0.3, 0.2, 0.2, 0.18, 0.12))[0]
        children = rng.randint(0, max(0, size - 1))
        ranking = tuple(rng.sample(areas, 3))
        relatives = (
            frozenset(rng.sample(areas, 1)) if rng.random() < 0.2 else frozenset()
        )
        families.append(
            Family(
                id=f"F{index:03d}",
                size=size,
                language=rng.choice(langs),
                school_children=rng.randint(0, children),
                medical_needs=1 if rng.random() < 0.1 else 0,
                relatives=relatives,
                ranking=ranking,
                integration=MappingProxyType(
                    {area: round(rng.random(), 2) for area in rng.sample(areas, 6)}
                ),
            )
        )
    return families, places


def large_instance(
    seed: int = 2016, *, families: int = 400_000, places_per_state: int = 1_000
) -> tuple[list[Family], list[Place]]:
    """Return the large batch: families of few types, 27 states of alike places."""
    rng = random.Random(seed)
    states = EU27
    # Preference classes: a few rankings of states, as a family would give them.
    rankings = [tuple(rng.sample(states, 3)) for _ in range(6)] + [()]
    integration = {
        lang: MappingProxyType(
            {state: round(rng.uniform(0.2, 0.8), 2) for state in states}
        )
        for lang in LANGUAGES
    }
    relatives_states = rng.sample(states, 8)
    out: list[Family] = []
    people = 0
    for index in range(families):
        unaccompanied = rng.random() < 0.03
        size = 1 if unaccompanied else rng.choices(SIZES, weights=SIZE_WEIGHTS)[0]
        children = 0 if size < 3 else rng.randint(0, min(3, size - 2))
        lang = LANGUAGES[min(int(rng.expovariate(0.6)), len(LANGUAGES) - 1)]
        relatives = (
            frozenset({rng.choice(relatives_states)})
            if rng.random() < 0.2
            else frozenset()
        )
        out.append(
            Family(
                id=f"F{index:06d}",
                size=size,
                language=lang,
                school_children=children,
                unaccompanied_minors=1 if unaccompanied else 0,
                medical_needs=1 if rng.random() < 0.08 else 0,
                relatives=relatives,
                near_relatives_required=unaccompanied and bool(relatives),
                ranking=rng.choice(rankings),
                integration=integration[lang],
            )
        )
        people += size
    shares = distribute("ammr", default_key_data(), 10**6, include=states).shares()
    demand = {
        "beds": people,
        "large": sum(1 for f in out if f.size >= 6),
        "school": sum(f.school_children for f in out),
        "unaccompanied": sum(f.unaccompanied_minors for f in out),
        "medical": sum(f.medical_needs for f in out),
    }
    slack = 1.04
    places: list[Place] = []
    for state in states:
        per_place = {
            key: value * shares[state] * slack / places_per_state
            for key, value in demand.items()
        }
        spoken = frozenset(rng.sample(LANGUAGES[:4], 2))
        for index in range(places_per_state):
            profile = index % 4
            # Profiles: 0 general, 1 families, 2 medical, 3 unaccompanied children.
            beds = max(10, round(per_place["beds"] * rng.uniform(0.8, 1.2)))
            places.append(
                Place(
                    id=f"{state}-{index:04d}",
                    area=state,
                    beds=beds,
                    large_family_units=_units(per_place["large"] * 4, rng)
                    if profile == 1
                    else 0,
                    school_places=_units(per_place["school"] * 2, rng)
                    if profile in (0, 1)
                    else 0,
                    unaccompanied_places=_units(per_place["unaccompanied"] * 4, rng)
                    if profile == 3
                    else 0,
                    medical_places=_units(per_place["medical"] * 4, rng)
                    if profile == 2
                    else 0,
                    languages=spoken,
                    interpreters=MappingProxyType(
                        {
                            lang: max(1, beds // 4)
                            for lang in LANGUAGES
                            if lang not in spoken
                        }
                    ),
                )
            )
    return out, places


def _units(expected: float, rng: random.Random) -> int:
    """Return ``expected`` rounded up or down at random, keeping totals unbiased."""
    whole = int(expected)
    return whole + (1 if rng.random() < expected - whole else 0)


def _timed(**kwargs: object) -> tuple[object, float, float]:
    """Run ``place_families``; return the report, wall-clock and CPU seconds."""
    start, cpu = time.perf_counter(), time.process_time()
    report = place_families(**kwargs)  # type: ignore[arg-type]
    return report, time.perf_counter() - start, time.process_time() - cpu


def main() -> None:
    """Run both instances, print the figures and write bench/results/allocation.json."""
    objective = Objective(relatives=0.4, ranking=0.3, integration=0.3)
    small_families, small_places = small_instance()
    small, small_seconds, _cpu = _timed(
        families=small_families, places=small_places, objective=objective, solver="mip"
    )
    start = time.perf_counter()
    families, places = large_instance()
    build_seconds = time.perf_counter() - start
    people = sum(family.size for family in families)
    results = {}
    for solver in ("flow", "greedy"):
        report, seconds, cpu_seconds = _timed(
            families=families,
            places=places,
            objective=objective,
            solver=solver,
            explain=False,
        )
        results[solver] = {
            "seconds": round(seconds, 2),
            "cpu_seconds": round(cpu_seconds, 2),
            "objective": report.objective,
            "lp_bound": report.lp_bound,
            "gap": report.gap,
            "persons_placed": report.persons_placed,
            "persons_unplaced": report.persons_unplaced,
            "families_placed": report.families_placed,
        }
        print(f"{solver}: {results[solver]}")
    payload = {
        "machine": machine_info(("highspy", "ortools", "numpy")),
        "load_average": [round(value, 2) for value in os.getloadavg()],
        "large": {
            "families": len(families),
            "people": people,
            "places": len(places),
            "states": len(EU27),
            "services": 5,
            "instance_build_seconds": round(build_seconds, 2),
            "flow": results["flow"],
            "greedy": results["greedy"],
            "targets": {"seconds": 60, "memory_gib": 8, "gap": 0.005},
        },
        "small": {
            "families": len(small_families),
            "places": len(small_places),
            "services": 3,
            "seconds": round(small_seconds, 2),
            "objective": small.objective,  # type: ignore[attr-defined]
            "lp_bound": small.lp_bound,  # type: ignore[attr-defined]
            "best_bound": small.best_bound,  # type: ignore[attr-defined]
            "gap": small.gap,  # type: ignore[attr-defined]
            "proven_optimal": small.proven_optimal,  # type: ignore[attr-defined]
        },
        "peak_rss_mib": round(peak_rss_mib(), 1),
    }
    print(f"small: {payload['small']}")
    print(f"peak RSS {payload['peak_rss_mib']} MiB")
    path = write_result("allocation", payload)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
