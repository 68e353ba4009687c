"""Clusters of records that are the same person: connected components of links."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from haven.engines.linkage.model import ScoredPair

__all__ = ["connected_clusters"]


def connected_clusters(
    record_ids: Sequence[str], pairs: Iterable[ScoredPair], *, threshold: float
) -> dict[str, str]:
    """
    Return each record's cluster id: the smallest record id in its component.

    Records are joined when a pair between them reaches ``threshold``; every
    record appears, unlinked records in clusters of their own.

    >>> pair = ScoredPair("b", "c", 0.97, 5.0, ())
    >>> connected_clusters(["a", "b", "c"], [pair], threshold=0.9)
    {'a': 'a', 'b': 'b', 'c': 'b'}
    """
    parent = {rid: rid for rid in record_ids}

    def find(rid: str) -> str:
        root = rid
        while parent[root] != root:
            root = parent[root]
        while parent[rid] != root:
            parent[rid], rid = root, parent[rid]
        return root

    for pair in pairs:
        if pair.probability < threshold:
            continue
        if pair.left_id not in parent or pair.right_id not in parent:
            continue
        a, b = find(pair.left_id), find(pair.right_id)
        if a != b:
            # Keep the smaller id as the root so cluster ids are stable.
            parent[max(a, b)] = min(a, b)
    return {rid: find(rid) for rid in record_ids}
