"""
Name entries and the weighted pools they are drawn from.

Lexicon modules hold their tables as plain text, one entry a line,
``Latin|native|variant,variant``; they are parsed on first use, not at import.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from random import Random
from typing import Literal

NameSex = Literal["M", "F", "U"]


@dataclass(frozen=True, slots=True)
class NameEntry:
    """One canonical name with its own script and its common Latin spellings."""

    latin: str  # canonical romanisation
    native: str  # the name in its own script; "" for Latin-script names
    sex: NameSex = "U"
    variants: tuple[str, ...] = ()  # other established Latin spellings
    somali: str = ""  # Somali orthography (x, c, doubled vowels), Somali names only
    short: str = ""  # the usual short form of a compound name, e.g. "Nabi"

    def spellings(self) -> tuple[str, ...]:
        """Return the canonical spelling followed by its variants."""
        return (self.latin, *self.variants)


def parse_table(
    text: str, sex: NameSex, *, somali: bool = False
) -> tuple[NameEntry, ...]:
    """
    Parse ``Latin|native|variants`` lines into entries.

    With ``somali`` the second column is the Somali-orthography form and the
    native script stays empty, since Somali is written in Latin letters.
    """
    entries: list[NameEntry] = []
    seen: dict[str, None] = {}
    for raw in text.strip().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = [part.strip() for part in line.split("|")]
        parts += [""] * (3 - len(parts))
        latin, second, variant_text = parts[0], parts[1], parts[2]
        if latin in seen:
            continue
        seen[latin] = None
        variants = tuple(v.strip() for v in variant_text.split(",") if v.strip())
        if somali:
            entries.append(NameEntry(latin, "", sex, variants, somali=second))
        else:
            entries.append(NameEntry(latin, second, sex, variants))
    return tuple(entries)


def dedupe(entries: Iterable[NameEntry]) -> tuple[NameEntry, ...]:
    """Keep the first entry for each canonical spelling, in order."""
    seen: dict[str, NameEntry] = {}
    for entry in entries:
        seen.setdefault(entry.latin, entry)
    return tuple(seen.values())


def interleave(*groups: Sequence[NameEntry]) -> tuple[NameEntry, ...]:
    """Merge ranked lists so that each keeps its share of the top ranks."""
    merged: list[NameEntry] = []
    for row in itertools.zip_longest(*groups):
        merged.extend(entry for entry in row if entry is not None)
    return dedupe(merged)


@dataclass(frozen=True, slots=True)
class Pool:
    """Ranked entries with Zipf weights and an optional pinned share for one entry."""

    entries: tuple[NameEntry, ...]
    cumulative: tuple[float, ...]

    def draw(self, rng: Random) -> NameEntry:
        """Return one entry, drawn by weight."""
        point = rng.random() * self.cumulative[-1]
        return self.entries[bisect.bisect_right(self.cumulative, point)]

    def draw_other(
        self, rng: Random, avoid: Sequence[str], tries: int = 12
    ) -> NameEntry:
        """Return an entry whose canonical spelling is not in ``avoid``."""
        entry = self.draw(rng)
        for _ in range(tries):
            if entry.latin not in avoid:
                return entry
            entry = self.draw(rng)
        for candidate in self.entries[len(self.entries) // 2 :]:
            if candidate.latin not in avoid:
                return candidate
        return entry


def make_pool(
    entries: Sequence[NameEntry],
    *,
    exponent: float,
    pinned: str = "",
    pinned_share: float = 0.0,
) -> Pool:
    """
    Build a pool with weight ``1 / (rank + 1) ** exponent`` per entry.

    ``pinned`` gets exactly ``pinned_share`` of the mass (Muhammad's 5-8 %),
    whatever its rank, so that the most common name does not swamp the pool.
    """
    weights = [1.0 / (rank + 1) ** exponent for rank in range(len(entries))]
    index = next((i for i, e in enumerate(entries) if e.latin == pinned), -1)
    if index >= 0 and 0.0 < pinned_share < 1.0:
        rest = sum(weights) - weights[index]
        weights[index] = rest * pinned_share / (1.0 - pinned_share)
    return Pool(tuple(entries), tuple(itertools.accumulate(weights)))
