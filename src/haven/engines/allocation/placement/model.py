"""Values of the placement problem: families, places, objective weights and results."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from haven.engines.allocation.errors import PlacementInputError

# Services a place offers and a family uses, in this order everywhere.
SERVICES: tuple[str, ...] = (
    "beds",
    "large_family_units",
    "school_places",
    "unaccompanied_places",
    "medical_places",
)
# A family of at least this many people needs one large-family unit.
LARGE_FAMILY_SIZE = 6


def _no_scores() -> Mapping[str, float]:
    """Return an empty, read-only score mapping."""
    return MappingProxyType({})


def _no_interpreters() -> Mapping[str, int]:
    """Return an empty, read-only interpreter mapping."""
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Family:
    """
    A family to place; it is never split.

    ``relatives`` and ``ranking`` name *areas* (see :class:`Place`); ``ranking`` lists
    the family's own choices, most preferred first. ``integration`` maps an area to a
    predicted integration score in [0, 1]. With ``near_relatives_required`` the family
    may only go to an area where a relative lives.
    """

    id: str
    size: int
    language: str
    school_children: int = 0
    unaccompanied_minors: int = 0
    medical_needs: int = 0
    relatives: frozenset[str] = frozenset()
    near_relatives_required: bool = False
    ranking: tuple[str, ...] = ()
    integration: Mapping[str, float] = field(default_factory=_no_scores)

    def demand(self) -> tuple[int, ...]:
        """Return the units of each service in ``SERVICES`` the family uses."""
        return (
            self.size,
            1 if self.size >= LARGE_FAMILY_SIZE else 0,
            self.school_children,
            self.unaccompanied_minors,
            self.medical_needs,
        )


@dataclass(frozen=True, slots=True)
class Place:
    """
    A reception place with a capacity per service.

    ``area`` is the unit families rank and relatives live in (a municipality, a region
    or a state); empty means the place is its own area. A family whose language is not
    in ``languages`` needs one of the place's ``interpreters`` for that language.
    """

    id: str
    beds: int
    area: str = ""
    large_family_units: int = 0
    school_places: int = 0
    unaccompanied_places: int = 0
    medical_places: int = 0
    languages: frozenset[str] = frozenset()
    interpreters: Mapping[str, int] = field(default_factory=_no_interpreters)

    @property
    def area_id(self) -> str:
        """Return the place's area, or its own id when none is set."""
        return self.area or self.id

    def capacity(self) -> tuple[int, ...]:
        """Return the capacity of each service in ``SERVICES``."""
        return (
            self.beds,
            self.large_family_units,
            self.school_places,
            self.unaccompanied_places,
            self.medical_places,
        )


@dataclass(frozen=True, slots=True)
class Objective:
    """
    Weights of the objective, which is maximised.

    Placing a family is worth ``coverage`` per person; on top, a family placed in an
    area earns ``relatives`` if a relative lives there, ``ranking * (k - i) / k`` for
    its choice number ``i`` (from 0) of ``k``, and ``integration`` times the
    predicted score.
    """

    relatives: float = 0.0
    ranking: float = 0.0
    integration: float = 0.0
    coverage: float = 2.0

    def __post_init__(self) -> None:
        # A weight below zero would make a solver leave a family out to gain, and
        # placing a person must be worth something, or a family with nothing
        # else to earn stays unplaced beside free places.
        for name in ("relatives", "ranking", "integration", "coverage"):
            value = getattr(self, name)
            if not math.isfinite(value) or value < 0:
                raise PlacementInputError(
                    f"{name}: the weight must be a finite number >= 0, not {value!r}",
                    code="bad_weight",
                )
        if self.coverage == 0:
            raise PlacementInputError(
                "coverage: the weight must be above 0, or families with nothing "
                "else to gain would stay unplaced beside free places",
                code="bad_weight",
            )


OBJECTIVES: Mapping[str, Objective] = MappingProxyType(
    {
        "relatives": Objective(relatives=1.0),
        "ranking": Objective(ranking=1.0),
        "integration": Objective(integration=1.0),
        "mix": Objective(relatives=0.4, ranking=0.3, integration=0.3),
    }
)


@dataclass(frozen=True, slots=True)
class Assignment:
    """
    One family placed at one place, with the value it adds to the objective.

    ``terms`` are the objective's parts for this family here; ``binding`` the services
    at the place left too short for another family like this one; ``passed_over`` the
    areas worth more to the family, each with what stood in the way.
    """

    family_id: str
    place_id: str
    area: str
    value: float
    terms: tuple[tuple[str, float], ...] = ()
    binding: tuple[str, ...] = ()
    passed_over: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Unplaced:
    """A family left unplaced, with a reason code and a sentence."""

    family_id: str
    size: int
    reason: str
    detail: str


@dataclass(frozen=True, slots=True)
class PlacementReport:
    """
    The outcome of one run.

    ``lp_bound`` is the optimum of the LP relaxation; ``best_bound`` the tightest proven
    upper bound (the MIP's dual bound, else the LP bound); ``gap`` is
    ``(best_bound - objective) / best_bound``.
    """

    solver: str
    objective: float
    lp_bound: float
    best_bound: float
    gap: float
    proven_optimal: bool
    families_placed: int
    persons_placed: int
    persons_unplaced: int
    assignments: tuple[Assignment, ...]
    unplaced: tuple[Unplaced, ...]
    notes: tuple[str, ...] = ()
