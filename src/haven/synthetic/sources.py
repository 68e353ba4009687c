"""
Who registers people: state authorities, volunteer censuses and relatives abroad,
each with clerks whose language decides how they spell names.
"""

from __future__ import annotations

from dataclasses import dataclass
from random import Random

from haven.synthetic.model import SourceKind
from haven.synthetic.spelling import Style


@dataclass(frozen=True, slots=True)
class Source:
    """A registry: its kind, name, clerks' languages and share of registrations."""

    kind: SourceKind
    name: str
    abbreviation: str
    styles: tuple[tuple[Style, float], ...]
    weight: float
    children_only: bool = False


@dataclass(frozen=True, slots=True)
class Clerk:
    """A registration clerk, known only by a pseudonym, with a spelling habit."""

    pseudonym: str
    style: Style
    source: Source


CAMP_SOURCES: tuple[Source, ...] = (
    Source(
        "state_authority", "Préfecture du Pas-de-Calais", "PDC", (("fr", 1.0),), 0.35
    ),
    Source(
        "state_authority",
        "Home Office screening, Calais",
        "HOS",
        (("en", 1.0),),
        0.12,
        children_only=True,
    ),
    Source(
        "ngo_census",
        "Help Refugees census",
        "HRC",
        (("en", 0.7), ("fr", 0.1), ("it", 0.2)),
        0.33,
    ),
    Source(
        "ngo_census",
        "L'Auberge des Migrants census",
        "ADM",
        (("fr", 0.6), ("en", 0.4)),
        0.2,
    ),
)

DECLARED_SOURCES: tuple[Source, ...] = (
    Source(
        "relative_declared",
        "British Red Cross family tracing",
        "BRC",
        (("en", 1.0),),
        0.5,
    ),
    Source(
        "relative_declared",
        "Safe Passage referral",
        "SPR",
        (("en", 0.9), ("it", 0.1)),
        0.3,
    ),
    Source(
        "relative_declared",
        "Croix-Rouge française, rétablissement des liens familiaux",
        "CRF",
        (("fr", 1.0),),
        0.2,
    ),
)


def _style(rng: Random, source: Source) -> Style:
    point = rng.random() * sum(weight for _, weight in source.styles)
    for style, weight in source.styles:
        point -= weight
        if point < 0:
            return style
    return source.styles[-1][0]


def make_clerks(
    rng: Random, sources: tuple[Source, ...], size: int
) -> dict[str, tuple[Clerk, ...]]:
    """Return the clerks of each source, more of them for bigger camps."""
    count = min(60, max(4, size // 400))
    return {
        source.abbreviation: tuple(
            Clerk(
                f"{source.abbreviation.lower()}-{i + 1:02d}",
                _style(rng, source),
                source,
            )
            for i in range(count)
        )
        for source in sources
    }


def pick_source(rng: Random, sources: tuple[Source, ...], *, child: bool) -> Source:
    """Return a source by weight; only children meet the children-only ones."""
    usable = [s for s in sources if child or not s.children_only]
    point = rng.random() * sum(s.weight for s in usable)
    for source in usable:
        point -= source.weight
        if point < 0:
            return source
    return usable[-1]
