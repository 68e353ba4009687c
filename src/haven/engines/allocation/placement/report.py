"""Turn a placement into a :class:`PlacementReport`, with reasons for the unplaced."""

from __future__ import annotations

import numpy as np

from haven.engines.allocation.placement.compiled import Compiled
from haven.engines.allocation.placement.explain import (
    binding_at,
    passed_over,
    value_terms,
)
from haven.engines.allocation.placement.model import (
    SERVICES,
    Assignment,
    PlacementReport,
    Unplaced,
)
from haven.engines.allocation.placement.packing import Residual


def unplaced_reason(
    compiled: Compiled, residual: Residual, kind: int
) -> tuple[str, str]:
    """Return a reason code and a sentence for an unplaced family of type ``kind``."""
    allowed = compiled.allowed_area[kind, compiled.place_area]
    if not allowed.any():
        return (
            "no_area_near_relatives",
            "the family must stay near relatives, and no place is",
        )
    lang = int(compiled.type_language[kind])
    speaking = allowed & (
        compiled.speaks[:, lang] | (compiled.interpreters[:, lang] > 0)
    )
    if not speaking.any():
        return (
            "no_language_support",
            f"no place speaks or interprets {compiled.languages[lang]}",
        )
    demand = compiled.demand[kind]
    largest = compiled.capacity[speaking].max(axis=0)
    too_small = [
        f"needs {demand[s]} {SERVICES[s]}, "
        f"the most any suitable place has is {largest[s]}"
        for s in range(len(SERVICES))
        if demand[s] > largest[s]
    ]
    if too_small:
        return "larger_than_any_place", "; ".join(too_small)
    fits = speaking & np.all(compiled.capacity >= demand, axis=1)
    if not fits.any():
        return (
            "larger_than_any_place",
            "no single suitable place offers every service needed",
        )
    places = np.flatnonzero(fits)
    short = residual.capacity[places] < demand
    names = [
        f"{SERVICES[s]} short at {int(short[:, s].sum())}"
        for s in range(len(SERVICES))
        if demand[s] > 0 and short[:, s].any()
    ]
    lacking = ~compiled.speaks[places, lang] & (residual.interpreters[places, lang] < 1)
    if lacking.any():
        names.append(
            f"interpreters:{compiled.languages[lang]} short at {int(lacking.sum())}"
        )
    parts = ", ".join(names)
    return (
        "capacity_exhausted",
        f"all {int(fits.sum())} suitable places are full ({parts})",
    )


def build_report(
    compiled: Compiled,
    residual: Residual,
    *,
    solver: str,
    lp_bound: float,
    best_bound: float,
    optimal: bool,
    explain: bool,
    notes: tuple[str, ...] = (),
) -> PlacementReport:
    """Return the report of the placement held in ``residual``."""
    place_of = residual.place_of
    placed = place_of >= 0
    kinds = compiled.family_type
    area_of = np.where(placed, compiled.place_area[np.maximum(place_of, 0)], 0)
    values = np.where(placed, compiled.value[kinds, area_of], 0.0)
    objective = float(values.sum())
    sizes = compiled.demand[kinds, 0]
    gap = (best_bound - objective) / best_bound if best_bound > 0 else 0.0
    gap = max(gap, 0.0)
    assignments = []
    passed: dict[tuple[int, float], tuple[str, ...]] = {}
    for index in np.flatnonzero(placed):
        family = compiled.families[index]
        place = int(place_of[index])
        kind = int(kinds[index])
        terms: tuple[tuple[str, float], ...] = ()
        binding: tuple[str, ...] = ()
        others: tuple[str, ...] = ()
        if explain:
            terms = value_terms(compiled, kind, int(area_of[index]))
            binding = binding_at(compiled, residual, kind, place)
            key = (kind, float(values[index]))
            if key not in passed:
                passed[key] = passed_over(compiled, residual, kind, key[1])
            others = passed[key]
        assignments.append(
            Assignment(
                family_id=family.id,
                place_id=compiled.places[place].id,
                area=compiled.areas[int(area_of[index])],
                value=float(values[index]),
                terms=terms,
                binding=binding,
                passed_over=others,
            )
        )
    reasons: dict[int, tuple[str, str]] = {}
    unplaced = []
    for index in np.flatnonzero(~placed):
        kind = int(kinds[index])
        if kind not in reasons:
            reasons[kind] = unplaced_reason(compiled, residual, kind)
        code, detail = reasons[kind]
        family = compiled.families[index]
        unplaced.append(Unplaced(family.id, family.size, code, detail))
    people = int(sizes.sum())
    beds = int(compiled.capacity[:, 0].sum())
    if people > beds:
        notes = (*notes, f"{people} people to place but only {beds} beds in all")
    return PlacementReport(
        solver=solver,
        objective=objective,
        lp_bound=lp_bound,
        best_bound=best_bound,
        gap=gap,
        proven_optimal=optimal and gap <= 1e-6,
        families_placed=int(placed.sum()),
        persons_placed=int(sizes[placed].sum()),
        persons_unplaced=int(sizes[~placed].sum()),
        assignments=tuple(assignments),
        unplaced=tuple(unplaced),
        notes=notes,
    )
