"""Why a family went where it did: objective terms and binding constraints."""

from __future__ import annotations

import numpy as np

from haven.engines.allocation.placement.compiled import Compiled
from haven.engines.allocation.placement.model import SERVICES
from haven.engines.allocation.placement.packing import Residual


def value_terms(
    compiled: Compiled, kind: int, area: int
) -> tuple[tuple[str, float], ...]:
    """Return the objective's terms for a family of type ``kind`` placed in ``area``."""
    family = compiled.families[int(compiled.type_first[kind])]
    objective = compiled.objective
    name = compiled.areas[area]
    terms = [("coverage", objective.coverage * family.size)]
    if objective.relatives and name in family.relatives:
        terms.append(("relatives", objective.relatives))
    if objective.ranking and name in family.ranking:
        length = len(family.ranking)
        position = family.ranking.index(name)
        terms.append(("ranking", objective.ranking * (length - position) / length))
    if objective.integration and name in family.integration:
        terms.append(("integration", objective.integration * family.integration[name]))
    return tuple(terms)


def binding_at(
    compiled: Compiled, residual: Residual, kind: int, place: int
) -> tuple[str, ...]:
    """Return the services at ``place`` too short for one more family like this one."""
    demand = compiled.demand[kind]
    short = [
        SERVICES[service]
        for service in range(len(SERVICES))
        if demand[service] > 0 and residual.capacity[place, service] < demand[service]
    ]
    lang = int(compiled.type_language[kind])
    if not compiled.speaks[place, lang] and residual.interpreters[place, lang] < 1:
        short.append(f"interpreters:{compiled.languages[lang]}")
    return tuple(short)


def area_obstacle(compiled: Compiled, residual: Residual, kind: int, area: int) -> str:
    """Return why no place of ``area`` can take one more family of type ``kind``."""
    in_area = compiled.place_area == area
    if not compiled.allowed_area[kind, area]:
        return "no relative lives there and the family must stay near relatives"
    lang = int(compiled.type_language[kind])
    speaking = in_area & (
        compiled.speaks[:, lang] | (compiled.interpreters[:, lang] > 0)
    )
    if not speaking.any():
        return f"no place speaks or interprets {compiled.languages[lang]}"
    big_enough = speaking & np.all(compiled.capacity >= compiled.demand[kind], axis=1)
    if not big_enough.any():
        return "no place is large enough for the family"
    places = np.flatnonzero(big_enough)
    counts: dict[str, int] = {}
    for place in places:
        for name in binding_at(compiled, residual, kind, int(place)):
            counts[name] = counts.get(name, 0) + 1
    if not counts:
        return "a place had room only after this family was placed"
    parts = ", ".join(f"{name} at {count}" for name, count in sorted(counts.items()))
    return f"full at all {len(places)} suitable places ({parts})"


def passed_over(
    compiled: Compiled, residual: Residual, kind: int, chosen_value: float
) -> tuple[str, ...]:
    """Return the areas worth more to this family than its own, and the obstacle."""
    values = compiled.value[kind]
    better = np.flatnonzero(values > chosen_value + 1e-9)
    better = better[np.argsort(-values[better], kind="stable")]
    return tuple(
        f"{compiled.areas[area]}: {area_obstacle(compiled, residual, kind, int(area))}"
        for area in better[:5]
    )
