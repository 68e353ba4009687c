"""
Synthetic, seeded populations for demos, tests and benchmarks.

Pure Python: never imports Django. Every person it makes is invented; no real person's
data is ever used (specs/security.md).
"""

from haven.synthetic.camp import GENERATOR_VERSION, generate_camp, iter_registrations
from haven.synthetic.errors import SyntheticError
from haven.synthetic.export import (
    write_queries_csv,
    write_query_truth_csv,
    write_record_truth_csv,
    write_registry_csv,
)
from haven.synthetic.model import (
    SyntheticCamp,
    SyntheticLocation,
    SyntheticName,
    SyntheticPerson,
    SyntheticRegistration,
    SyntheticRelationship,
    SyntheticVulnerability,
)
from haven.synthetic.profile import TEST_SEED_FLOOR, CampProfile, Split
from haven.synthetic.tracing import (
    QueryTruth,
    TracingQuery,
    TracingSet,
    tracing_queries,
)

__all__ = [
    "GENERATOR_VERSION",
    "TEST_SEED_FLOOR",
    "CampProfile",
    "QueryTruth",
    "Split",
    "SyntheticCamp",
    "SyntheticError",
    "SyntheticLocation",
    "SyntheticName",
    "SyntheticPerson",
    "SyntheticRegistration",
    "SyntheticRelationship",
    "SyntheticVulnerability",
    "TracingQuery",
    "TracingSet",
    "generate_camp",
    "iter_registrations",
    "tracing_queries",
    "write_queries_csv",
    "write_query_truth_csv",
    "write_record_truth_csv",
    "write_registry_csv",
]
