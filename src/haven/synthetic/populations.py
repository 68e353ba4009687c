"""
The populations of the camp and how each builds its names (tracing.md §3.1).

``structure`` decides which name fields exist:

- ``patronymic3``: given, father's given, grandfather's given (Sudanese, Eritrean,
  Ethiopian, Somali); Sudanese may add a family name;
- ``arab``: as patronymic3, plus a family name (laqab) on some documents (Syrian);
- ``kurd``: given, father, grandfather, optional clan or place name;
- ``afghan``: one, often compound, given name; father's name in its own field; no
  grandfather; optional tribal surname.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from typing import Literal

from haven.synthetic.names import afghan, arabic, habesha, kurdish, somali
from haven.synthetic.names.lexicon import NameEntry, Pool, make_pool

Structure = Literal["patronymic3", "arab", "kurd", "afghan"]
Script = Literal["arabic", "geez", "latin"]


@dataclass(frozen=True, slots=True)
class Population:
    """One population group: nationality, languages, script and naming rules."""

    code: str  # "sudanese", "eritrean", ...
    nationality: str  # ISO 3166-1 alpha-2
    structure: Structure
    script: Script
    languages: tuple[tuple[tuple[str, ...], float], ...]  # language sets and weights
    family_name_share: float  # share of clans that carry a family name
    muslim_share: float  # share of clans drawing from the Muhammad-pinned pool


@dataclass(frozen=True, slots=True)
class NamePools:
    """The weighted pools one population draws its names from."""

    male: Pool
    female: Pool
    family: Pool | None
    compound: Pool | None  # Afghan compound given names
    compound_share: float


POPULATIONS: tuple[Population, ...] = (
    Population(
        "sudanese",
        "SD",
        "patronymic3",
        "arabic",
        ((("ar",), 0.75), (("ar", "en"), 0.2), (("ar", "fr"), 0.05)),
        0.12,
        1.0,
    ),
    Population(
        "afghan",
        "AF",
        "afghan",
        "arabic",
        ((("ps",), 0.35), (("fa",), 0.35), (("ps", "fa"), 0.2), (("fa", "en"), 0.1)),
        0.5,
        1.0,
    ),
    Population(
        "eritrean",
        "ER",
        "patronymic3",
        "geez",
        ((("ti",), 0.7), (("ti", "ar"), 0.15), (("ti", "en"), 0.15)),
        0.0,
        0.15,
    ),
    Population(
        "ethiopian",
        "ET",
        "patronymic3",
        "geez",
        (
            (("am",), 0.55),
            (("om", "am"), 0.25),
            (("ti", "am"), 0.1),
            (("am", "en"), 0.1),
        ),
        0.0,
        0.3,
    ),
    Population(
        "iraqi_kurdish",
        "IQ",
        "kurd",
        "arabic",
        ((("ckb",), 0.5), (("ckb", "ar"), 0.4), (("ckb", "en"), 0.1)),
        0.6,
        1.0,
    ),
    Population(
        "syrian",
        "SY",
        "arab",
        "arabic",
        ((("ar",), 0.7), (("ar", "en"), 0.2), (("ar", "fr"), 0.1)),
        0.6,
        1.0,
    ),
    Population(
        "somali",
        "SO",
        "patronymic3",
        "latin",
        ((("so",), 0.6), (("so", "ar"), 0.2), (("so", "en"), 0.2)),
        0.0,
        1.0,
    ),
)

BY_CODE: dict[str, Population] = {
    population.code: population for population in POPULATIONS
}

# Default shares for a Calais-like camp: assumptions, not census figures (§5.2).
DEFAULT_SHARES: tuple[tuple[str, float], ...] = (
    ("sudanese", 0.28),
    ("afghan", 0.28),
    ("eritrean", 0.16),
    ("ethiopian", 0.06),
    ("iraqi_kurdish", 0.10),
    ("syrian", 0.07),
    ("somali", 0.05),
)

MUHAMMAD_SHARE = 0.065  # of male given names in mainly Muslim populations (§5.2: 5-8 %)
ZIPF_EXPONENT = 0.95
FLATTEST_EXPONENT = 0.6


def zipf_exponent(size: int) -> float:
    """
    Return the Zipf exponent for a camp of ``size`` people.

    Bigger camps draw from a flatter distribution, so that the tail of the pools is
    reached and exact-name twins do not grow with N as they did in the prototype.

    >>> zipf_exponent(7_000), zipf_exponent(1_000_000)
    (0.95, 0.71)
    """
    if size <= 10_000:
        return ZIPF_EXPONENT
    decades = math.log10(size / 10_000)
    return round(max(FLATTEST_EXPONENT, ZIPF_EXPONENT - 0.12 * decades), 2)


def _male_entries(code: str) -> tuple[NameEntry, ...]:
    if code == "sudanese":
        return arabic.sudanese_male()
    if code == "syrian":
        return arabic.syrian_male()
    if code == "afghan":
        return afghan.male()
    if code == "eritrean":
        return habesha.eritrean_male()
    if code == "ethiopian":
        return habesha.ethiopian_male()
    if code == "iraqi_kurdish":
        return kurdish.male()
    return somali.male()


def _female_entries(code: str) -> tuple[NameEntry, ...]:
    if code in ("sudanese", "syrian"):
        return arabic.arabic_female()
    if code == "afghan":
        return afghan.female()
    if code == "eritrean":
        return habesha.eritrean_female()
    if code == "ethiopian":
        return habesha.ethiopian_female()
    if code == "iraqi_kurdish":
        return kurdish.female()
    return somali.female()


def _family_entries(code: str) -> tuple[NameEntry, ...]:
    if code == "sudanese":
        return arabic.sudanese_family()
    if code == "syrian":
        return arabic.syrian_family()
    if code == "afghan":
        return afghan.surnames()
    if code == "iraqi_kurdish":
        return kurdish.family()
    return ()


@cache
def pools(code: str, exponent: float = ZIPF_EXPONENT) -> NamePools:
    """Return the name pools of a population for a Zipf exponent, built once."""
    population = BY_CODE[code]
    male = _male_entries(code)
    pinned = male[0].latin if population.muslim_share == 1.0 else ""
    if code in ("eritrean", "ethiopian"):
        pinned = "Mohammed"
    share = MUHAMMAD_SHARE * population.muslim_share
    family = _family_entries(code)
    compound = afghan.compounds() if code == "afghan" else ()
    return NamePools(
        male=make_pool(male, exponent=exponent, pinned=pinned, pinned_share=share),
        female=make_pool(_female_entries(code), exponent=exponent),
        family=make_pool(family, exponent=exponent - 0.15) if family else None,
        compound=make_pool(compound, exponent=exponent - 0.25) if compound else None,
        compound_share=0.3 if compound else 0.0,
    )
