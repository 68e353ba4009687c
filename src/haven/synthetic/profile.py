"""
Generator profiles: population shares, camp proportions, and the split a seed
belongs to.

Dev and test seeds are disjoint: ``Split.DEV`` takes seeds below ``TEST_SEED_FLOOR``
and applies only train-visible spelling rules; ``Split.TEST`` takes seeds from
``TEST_SEED_FLOOR`` up and adds the test-only rule families (Somali x/c
orthography, French ou/dj). ``Split.DEMO`` takes any seed and every rule; it is for
demos and benchmarks, never for tuning a matcher.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from haven.synthetic.errors import SyntheticError
from haven.synthetic.populations import BY_CODE, DEFAULT_SHARES

TEST_SEED_FLOOR = 1_000


class Split(enum.Enum):
    """Which use a generated camp is for; decides seeds and rule families."""

    DEMO = "demo"
    DEV = "dev"
    TEST = "test"


@dataclass(frozen=True, slots=True)
class CampProfile:
    """The knobs of a generated camp; the defaults describe Calais in autumn 2016."""

    split: Split = Split.DEMO
    population_shares: tuple[tuple[str, float], ...] = DEFAULT_SHARES
    unaccompanied_share: float = 0.18  # of camp residents
    separated_share: float = 0.03
    accompanied_share: float = 0.05
    female_adult_share: float = 0.15  # of adults
    unhoused_share: float = 0.70
    relative_abroad_share: float = 0.40  # of unaccompanied and separated children
    diaspora_per_unit: float = 0.25  # unrelated people abroad, per arrival group
    native_script_declared: float = 0.30  # relative-declared records (§5.2: 0.2-0.4)
    native_script_camp: float = 0.06  # camp records written down by an interpreter
    records_per_person: tuple[tuple[int, float], ...] = (
        (1, 0.60),
        (2, 0.25),
        (3, 0.10),
        (4, 0.02),
        (5, 0.02),
        (6, 0.01),
    )

    @property
    def test_rules(self) -> bool:
        """Return whether the test-only spelling rule families apply."""
        return self.split is not Split.DEV


def check_profile(profile: CampProfile, seed: int) -> None:
    """Raise ``SyntheticError`` if the seed lies outside the profile's split."""
    problems: list[str] = []
    if seed < 0:
        problems.append(f"seed must be non-negative, got {seed}")
    if profile.split is Split.DEV and seed >= TEST_SEED_FLOOR:
        problems.append(f"dev seeds are below {TEST_SEED_FLOOR}, got {seed}")
    if profile.split is Split.TEST and seed < TEST_SEED_FLOOR:
        problems.append(f"test seeds are {TEST_SEED_FLOOR} or more, got {seed}")
    unknown = [code for code, _ in profile.population_shares if code not in BY_CODE]
    if unknown:
        problems.append(f"unknown populations: {', '.join(unknown)}")
    children = profile.unaccompanied_share + profile.separated_share
    if children + profile.accompanied_share >= 0.9:
        problems.append("children's shares leave too few adults")
    if problems:
        raise SyntheticError("; ".join(problems), code="invalid_profile")
