"""Clusters are connected components of links at a threshold."""

from hypothesis import given
from hypothesis import strategies as st

from haven.engines.linkage import ScoredPair
from haven.engines.linkage.cluster import connected_clusters


def _pair(a, b, p):
    return ScoredPair(a, b, p, 0.0, ())


def test_links_chain_into_one_cluster_named_by_its_smallest_id():
    """a-b and b-c at the threshold make one cluster; weaker links do not."""
    ids = ["c", "b", "a", "d", "e"]
    pairs = [_pair("c", "b", 0.95), _pair("b", "a", 0.9), _pair("d", "e", 0.89)]
    assert connected_clusters(ids, pairs, threshold=0.9) == {
        "c": "a",
        "b": "a",
        "a": "a",
        "d": "d",
        "e": "e",
    }


def test_links_to_unknown_records_are_ignored():
    """A pair naming a record outside the registry changes nothing."""
    assert connected_clusters(["a"], [_pair("a", "z", 1.0)], threshold=0.5) == {
        "a": "a"
    }


@given(
    st.lists(
        st.tuples(
            st.integers(0, 9), st.integers(0, 9), st.floats(0, 1, allow_nan=False)
        ),
        max_size=30,
    )
)
def test_clusters_do_not_depend_on_pair_order(edges):
    """Every record gets a cluster, and reversing the pairs changes nothing."""
    ids = [f"r{i}" for i in range(10)]
    pairs = [_pair(f"r{a}", f"r{b}", p) for a, b, p in edges]
    forward = connected_clusters(ids, pairs, threshold=0.5)
    backward = connected_clusters(ids, list(reversed(pairs)), threshold=0.5)
    assert forward == backward
    assert set(forward) == set(ids)
    assert all(forward[c] == c for c in forward.values())
