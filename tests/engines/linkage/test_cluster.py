"""Clusters: connected components of links, and groups joined on mutual support."""

from hypothesis import given
from hypothesis import strategies as st

from haven.engines.linkage import ScoredPair
from haven.engines.linkage.cluster import connected_clusters, supported_clusters


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


_EDGES = st.lists(
    st.tuples(st.integers(0, 9), st.integers(0, 9), st.floats(0, 1, allow_nan=False)),
    max_size=30,
)


def test_a_namesake_linked_to_one_record_does_not_join_the_group():
    """c links to b strongly, but not to a: the chain a-b-c is refused."""
    ids = ["a", "b", "c"]
    pairs = [_pair("a", "b", 0.99), _pair("b", "c", 0.95), _pair("a", "c", 0.02)]
    assert supported_clusters(ids, pairs, threshold=0.9) == {
        "a": "a",
        "b": "a",
        "c": "c",
    }
    assert set(connected_clusters(ids, pairs, threshold=0.9).values()) == {"a"}


def test_a_group_that_agrees_throughout_is_joined():
    """Three records of one person, every pair linked, make one cluster."""
    ids = ["a", "b", "c"]
    pairs = [_pair("a", "b", 0.99), _pair("b", "c", 0.95), _pair("a", "c", 0.6)]
    assert set(supported_clusters(ids, pairs, threshold=0.9).values()) == {"a"}


@given(_EDGES)
def test_supported_clusters_split_connected_components(edges):
    """Every supported cluster lies inside one connected component."""
    ids = [f"r{i}" for i in range(10)]
    pairs = [_pair(f"r{a}", f"r{b}", p) for a, b, p in edges]
    supported = supported_clusters(ids, pairs, threshold=0.5)
    connected = connected_clusters(ids, pairs, threshold=0.5)
    assert set(supported) == set(ids)
    for rid, cluster in supported.items():
        assert connected[rid] == connected[cluster]
        assert cluster <= rid
    assert supported == supported_clusters(ids, list(reversed(pairs)), threshold=0.5)


@given(_EDGES)
def test_without_support_the_clusters_are_the_connected_components(edges):
    """A support of zero trusts every link, as connected components do."""
    ids = [f"r{i}" for i in range(10)]
    pairs = [_pair(f"r{a}", f"r{b}", p) for a, b, p in edges if a != b]
    assert supported_clusters(
        ids, pairs, threshold=0.5, support=0.0
    ) == connected_clusters(ids, pairs, threshold=0.5)
