"""
The placement problem in arrays: families grouped by type, places indexed by area.

Families with the same demand, language, relatives, ranking and integration scores are
interchangeable, so solvers work on types and counts; the MIP keeps one type per family.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from haven.engines.allocation.errors import PlacementInputError
from haven.engines.allocation.placement.model import SERVICES, Family, Objective, Place

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True, eq=False)
class Compiled:
    """Arrays derived from families, places and objective; read-only by convention."""

    families: tuple[Family, ...]
    places: tuple[Place, ...]
    objective: Objective
    family_type: IntArray  # (F,) type of each family
    type_first: IntArray  # (T,) index of one family of the type
    type_count: IntArray  # (T,)
    demand: IntArray  # (T, S)
    type_language: IntArray  # (T,) index into languages
    areas: tuple[str, ...]
    place_area: IntArray  # (P,)
    area_places: tuple[IntArray, ...]  # places of each area, by index
    capacity: IntArray  # (P, S)
    languages: tuple[str, ...]
    speaks: BoolArray  # (P, L)
    interpreters: IntArray  # (P, L)
    allowed_area: BoolArray  # (T, A) relatives rule
    score: FloatArray  # (T, A) preference part of the objective
    value: FloatArray  # (T, A) coverage * size + score

    def compatible_in(self, kind: int, places: IntArray) -> IntArray:
        """Return the ``places`` that could take a family of type ``kind`` if empty."""
        lang = self.type_language[kind]
        ok = self.allowed_area[kind, self.place_area[places]]
        ok &= self.speaks[places, lang] | (self.interpreters[places, lang] > 0)
        ok &= np.all(self.capacity[places] >= self.demand[kind], axis=1)
        chosen: IntArray = places[ok]
        return chosen

    def compatible(self, kind: int) -> BoolArray:
        """Return which places could take one family of type ``kind`` when empty."""
        lang = self.type_language[kind]
        ok = self.allowed_area[kind, self.place_area]
        ok &= self.speaks[:, lang] | (self.interpreters[:, lang] > 0)
        ok &= np.all(self.capacity >= self.demand[kind], axis=1)
        result: BoolArray = ok
        return result


def _validate(families: Sequence[Family], places: Sequence[Place]) -> None:
    """Collect every invalid fact and raise once."""
    problems: list[str] = []
    seen: set[str] = set()
    # Families often share one score mapping; check each mapping once.
    checked: set[int] = set()
    for family in families:
        if family.id in seen:
            problems.append(f"family {family.id!r} appears twice")
        seen.add(family.id)
        if family.size < 1:
            problems.append(f"family {family.id!r} has size {family.size}")
        counts = (
            family.school_children,
            family.unaccompanied_minors,
            family.medical_needs,
        )
        if any(count < 0 or count > family.size for count in counts):
            problems.append(f"family {family.id!r} has a need count outside 0..size")
        if id(family.integration) not in checked:
            checked.add(id(family.integration))
            scores = family.integration.values()
            if not all(math.isfinite(v) and 0.0 <= v <= 1.0 for v in scores):
                problems.append(f"family {family.id!r} has a score outside [0, 1]")
        if len(set(family.ranking)) != len(family.ranking):
            problems.append(f"family {family.id!r} ranks an area twice")
    seen_places: set[str] = set()
    for place in places:
        if place.id in seen_places:
            problems.append(f"place {place.id!r} appears twice")
        seen_places.add(place.id)
        if any(value < 0 for value in place.capacity()) or any(
            value < 0 for value in place.interpreters.values()
        ):
            problems.append(f"place {place.id!r} has a negative capacity")
    areas = {place.area_id for place in places}
    for family in families:
        unknown = [area for area in family.ranking if area not in areas]
        if unknown:
            problems.append(
                f"family {family.id!r} ranks unknown area(s) {', '.join(unknown)}"
            )
    if not places:
        problems.append("there are no places")
    if problems:
        more = f" (and {len(problems) - 20} more)" if len(problems) > 20 else ""
        raise PlacementInputError(
            "; ".join(problems[:20]) + more, code="invalid_placement_input"
        )


def compile_problem(
    families: Sequence[Family],
    places: Sequence[Place],
    objective: Objective,
    *,
    one_type_per_family: bool = False,
) -> Compiled:
    """Validate the input and return its array form."""
    _validate(families, places)
    areas = tuple(sorted({place.area_id for place in places}))
    area_at = {area: index for index, area in enumerate(areas)}
    languages = tuple(
        sorted(
            {family.language for family in families}
            | {lang for place in places for lang in place.languages}
            | {lang for place in places for lang in place.interpreters}
        )
    )
    lang_at = {lang: index for index, lang in enumerate(languages)}
    integration_keys: dict[int, tuple[tuple[str, float], ...]] = {}
    type_at: dict[object, int] = {}
    family_type = np.empty(len(families), dtype=np.int64)
    firsts: list[int] = []
    for index, family in enumerate(families):
        # Families often share one score mapping; sort its items once per mapping.
        scores = integration_keys.get(id(family.integration))
        if scores is None:
            scores = integration_keys[id(family.integration)] = tuple(
                sorted(family.integration.items())
            )
        signature: object = (
            index
            if one_type_per_family
            else (
                family.demand(),
                family.language,
                family.relatives,
                family.near_relatives_required,
                family.ranking,
                scores,
            )
        )
        kind = type_at.get(signature)
        if kind is None:
            kind = type_at[signature] = len(firsts)
            firsts.append(index)
        family_type[index] = kind
    type_first = np.asarray(firsts, dtype=np.int64)
    kinds = [families[index] for index in firsts]
    count_t = len(kinds)
    allowed = np.ones((count_t, len(areas)), dtype=np.bool_)
    score = np.zeros((count_t, len(areas)), dtype=np.float64)
    for kind, family in enumerate(kinds):
        rel = [area_at[area] for area in family.relatives if area in area_at]
        if family.near_relatives_required:
            allowed[kind] = False
            allowed[kind, rel] = True
        score[kind, rel] += objective.relatives
        length = len(family.ranking)
        for position, area in enumerate(family.ranking):
            score[kind, area_at[area]] += (
                objective.ranking * (length - position) / length
            )
        for area, predicted in family.integration.items():
            if area in area_at:
                score[kind, area_at[area]] += objective.integration * predicted
    demand = np.asarray([family.demand() for family in kinds], dtype=np.int64).reshape(
        count_t, len(SERVICES)
    )
    speaks = np.zeros((len(places), len(languages)), dtype=np.bool_)
    interpreters = np.zeros((len(places), len(languages)), dtype=np.int64)
    for index, place in enumerate(places):
        for lang in place.languages:
            speaks[index, lang_at[lang]] = True
        for lang, count in place.interpreters.items():
            interpreters[index, lang_at[lang]] = count
    value = objective.coverage * demand[:, :1].astype(np.float64) + score
    place_area = np.asarray(
        [area_at[place.area_id] for place in places], dtype=np.int64
    )
    order = np.argsort(place_area, kind="stable")
    area_places = tuple(
        np.split(order, np.cumsum(np.bincount(place_area, minlength=len(areas)))[:-1])
    )
    return Compiled(
        families=tuple(families),
        places=tuple(places),
        objective=objective,
        family_type=family_type,
        type_first=type_first,
        type_count=np.bincount(family_type, minlength=count_t).astype(np.int64),
        demand=demand,
        type_language=np.asarray(
            [lang_at[family.language] for family in kinds], dtype=np.int64
        ),
        areas=areas,
        place_area=place_area,
        area_places=area_places,
        capacity=np.asarray(
            [place.capacity() for place in places], dtype=np.int64
        ).reshape(len(places), len(SERVICES)),
        languages=languages,
        speaks=speaks,
        interpreters=interpreters,
        allowed_area=allowed,
        score=score,
        value=value,
    )
