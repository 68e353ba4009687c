"""Residual capacities and the batch step every solver shares: fill places in order."""

from __future__ import annotations

import numpy as np

from haven.engines.allocation.placement.compiled import Compiled, IntArray


class Residual:
    """What is left of each place's capacity, and where each family went (-1: none)."""

    def __init__(self, compiled: Compiled) -> None:
        self.compiled = compiled
        self.capacity = compiled.capacity.copy()
        self.interpreters = compiled.interpreters.copy()
        self.place_of = np.full(len(compiled.families), -1, dtype=np.int64)

    def fit(self, kind: int, places: IntArray) -> IntArray:
        """Return how many families of type ``kind`` each of ``places`` can take."""
        demand = self.compiled.demand[kind]
        used = demand > 0
        counts = np.min(self.capacity[np.ix_(places, used)] // demand[used], axis=1)
        lang = self.compiled.type_language[kind]
        needs = ~self.compiled.speaks[places, lang]
        counts = np.where(
            needs, np.minimum(counts, self.interpreters[places, lang]), counts
        )
        result: IntArray = np.maximum(counts, 0).astype(np.int64)
        return result

    def fill(self, kind: int, families: IntArray, places: IntArray) -> int:
        """Place ``families`` of type ``kind`` into ``places`` in order; count them."""
        if len(families) == 0 or len(places) == 0:
            return 0
        counts = self.fit(kind, places)
        before = np.cumsum(counts) - counts
        take = np.clip(len(families) - before, 0, counts)
        placed = int(take.sum())
        if placed == 0:
            return 0
        self.place_of[families[:placed]] = np.repeat(places, take)
        self._consume(kind, places, take)
        return placed

    def spread(self, kind: int, families: IntArray, places: IntArray) -> int:
        """
        Place ``families`` of type ``kind`` across ``places`` in proportion to room.

        Each place takes its share of the families by how many it could take, so that
        every place keeps room of every kind for the families that follow; what
        rounding leaves over fills places in order. Return how many were placed.
        """
        if len(families) == 0 or len(places) == 0:
            return 0
        counts = self.fit(kind, places)
        room = int(counts.sum())
        wanted = min(len(families), room)
        if wanted == 0:
            return 0
        take = np.minimum(counts, (wanted * counts) // room)
        rest = counts - take
        before = np.cumsum(rest) - rest
        take += np.clip(wanted - int(take.sum()) - before, 0, rest)
        self.place_of[families[:wanted]] = np.repeat(places, take)
        self._consume(kind, places, take)
        return wanted

    def release(self, kind: int, families: IntArray) -> None:
        """Take ``families`` (all of type ``kind``) out of their places."""
        places = self.place_of[families]
        self.place_of[families] = -1
        self._consume(kind, places, -np.ones(len(places), dtype=np.int64))

    def release_families(self, families: IntArray) -> None:
        """Take placed ``families``, of any types, out of their places."""
        places = self.place_of[families]
        kinds = self.compiled.family_type[families]
        self.place_of[families] = -1
        np.add.at(self.capacity, places, self.compiled.demand[kinds])
        lang = self.compiled.type_language[kinds]
        needs = ~self.compiled.speaks[places, lang]
        np.add.at(self.interpreters, (places[needs], lang[needs]), 1)

    def snapshot(self) -> tuple[IntArray, IntArray, IntArray]:
        """Return copies of the capacities, interpreters and places, to restore."""
        return self.capacity.copy(), self.interpreters.copy(), self.place_of.copy()

    def restore(self, saved: tuple[IntArray, IntArray, IntArray]) -> None:
        """Return to the state of a :meth:`snapshot`."""
        self.capacity, self.interpreters, self.place_of = (
            saved[0].copy(),
            saved[1].copy(),
            saved[2].copy(),
        )

    def _consume(self, kind: int, places: IntArray, take: IntArray) -> None:
        """Use (or, with negative ``take``, give back) capacity at ``places``."""
        np.add.at(self.capacity, places, -np.outer(take, self.compiled.demand[kind]))
        lang = self.compiled.type_language[kind]
        needs = ~self.compiled.speaks[places, lang]
        np.add.at(self.interpreters[:, lang], places[needs], -take[needs])

    def unplaced(self, kind: int) -> IntArray:
        """Return the unplaced families of type ``kind``."""
        members = np.flatnonzero(self.compiled.family_type == kind)
        return members[self.place_of[members] < 0]


def members_by_type(compiled: Compiled) -> list[IntArray]:
    """Return, per type, the indexes of its families in input order."""
    order = np.argsort(compiled.family_type, kind="stable")
    bounds = np.cumsum(compiled.type_count)[:-1]
    return list(np.split(order, bounds))
