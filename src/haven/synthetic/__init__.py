"""
Synthetic, seeded populations for demos, tests and benchmarks.

Pure Python: never imports Django. Every person it makes is invented; no real person's
data is ever used (specs/security.md). Phone numbers come from ranges kept for
fiction (Ofcom's drama numbers, ARCEP's 06 39 98).

``generate_camp(size, seed)`` returns a Calais-like camp: people with their true
names and facts, their families, and each registration as a clerk spelled it.
``tracing_queries(camp, seed)`` returns children's requests to find a relative
abroad, the registry to search, and the ground truth. ``registry_b(camp, seed,
overlap=0.5)`` returns a destination-side registry holding a share of the camp
registry's people, spelled afresh, with more names in their own script. The CSV
writers keep ground truth in separate files.

Honesty rules (tracing.md §5.2): matchers must not import this package's variant
tables, rules or ground truth. Tune on ``Split.DEV`` camps (seeds below
``TEST_SEED_FLOOR``, train-visible spelling rules only) and report on
``Split.TEST`` camps (seeds from ``TEST_SEED_FLOOR`` up, every rule, including the
test-only Somali x/c and French ou/dj families). ``Split.DEMO``, the default,
takes any seed and every rule, for demos and benchmarks.

>>> camp = generate_camp(7_000, seed=2016)
>>> camp.generator_version
'haven.synthetic/1.0'
"""

from haven.synthetic.camp import GENERATOR_VERSION, generate_camp, iter_registrations
from haven.synthetic.destination import registry_b
from haven.synthetic.errors import SyntheticError
from haven.synthetic.export import (
    write_queries_csv,
    write_query_truth_csv,
    write_record_truth_csv,
    write_registry_csv,
)
from haven.synthetic.model import (
    PlantedTwin,
    SyntheticCamp,
    SyntheticLocation,
    SyntheticName,
    SyntheticPerson,
    SyntheticRegistration,
    SyntheticRelationship,
    SyntheticVulnerability,
)
from haven.synthetic.profile import TEST_SEED_FLOOR, CampProfile, Split
from haven.synthetic.shift import CAMP_REFERENCE_DATE, shift_camp
from haven.synthetic.tracing import (
    QueryTruth,
    TracingQuery,
    TracingSet,
    tracing_queries,
)

__all__ = [
    "CAMP_REFERENCE_DATE",
    "shift_camp",
    "GENERATOR_VERSION",
    "TEST_SEED_FLOOR",
    "CampProfile",
    "PlantedTwin",
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
    "registry_b",
    "tracing_queries",
    "write_queries_csv",
    "write_query_truth_csv",
    "write_record_truth_csv",
    "write_registry_csv",
]
