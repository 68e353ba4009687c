"""Fixtures for the generator tier, which runs with ``-p no:django``."""

from __future__ import annotations

import pytest

from haven.synthetic import SyntheticCamp, generate_camp


@pytest.fixture(scope="session")
def calais() -> SyntheticCamp:
    """A Calais-sized camp, generated once for the whole session."""
    return generate_camp(7_000, seed=20161024)


@pytest.fixture(scope="session")
def residents(calais):
    """The camp's residents, without the relatives abroad."""
    return [p for p in calais.people if not p.lives_abroad]
