"""The closed vocabularies of the facts format: relations, statuses, types, grounds."""

from __future__ import annotations

from haven.engines.kernel import Regime

RELATIONS: tuple[str, ...] = (
    "spouse",
    "partner",
    "child",
    "father",
    "mother",
    "responsible_adult",
    "sibling",
    "aunt",
    "uncle",
    "grandparent",
    "other",
)
# Art 2(g): family members; Art 2(h): relatives; siblings stand apart in Art 8.
PARENTS: frozenset[str] = frozenset({"father", "mother", "responsible_adult"})
COUPLE: frozenset[str] = frozenset({"spouse", "partner"})
RELATIVES: frozenset[str] = frozenset({"aunt", "uncle", "grandparent"})
DEPENDENCY_RELATIONS: frozenset[str] = frozenset(
    {"child", "sibling", "father", "mother"}
)

STATUSES: tuple[str, ...] = (
    "beneficiary_of_international_protection",
    "applicant",
    "resident",
    "national",
    "irregular",
)
DOCUMENT_TYPES: tuple[str, ...] = ("residence_document", "visa", "diploma")
VISA_TYPES: tuple[str, ...] = ("A", "C", "D")
EVIDENCE: tuple[str, ...] = ("eurodac", "proof", "circumstantial")
EURODAC_CATEGORIES: tuple[int, ...] = (1, 2, 3)
DEPENDENCY_DIRECTIONS: tuple[str, ...] = (
    "applicant_depends_on_member",
    "member_depends_on_applicant",
)
DUBLIN_III_GROUNDS: frozenset[str] = frozenset(
    {"pregnancy", "new_born_child", "serious_illness", "severe_disability", "old_age"}
)
AMMR_GROUNDS: frozenset[str] = DUBLIN_III_GROUNDS | {
    "serious_mental_illness",
    "severe_psychological_trauma",
}
DEPENDENCY_GROUNDS: tuple[str, ...] = tuple(sorted(AMMR_GROUNDS))
BARRIER_GROUNDS: tuple[str, ...] = ("systemic_flaws", "real_risk")
REQUEST_TYPES: tuple[str, ...] = (
    "take_charge",
    "take_back",
    "re_examination",
    "humanitarian",
)
DECISIONS: tuple[str, ...] = ("accepted", "refused")
EXTENSIONS: tuple[str, ...] = ("imprisonment", "absconding")
REGIMES: tuple[str, ...] = tuple(item.value for item in Regime)
S67_VERSIONS: tuple[str, ...] = ("calais-2016-11", "policy-2018-01")
