"""
UK Immigration Act 2016 s.67 ("Dubs"): eligibility under versioned criteria.

Each version is a table of cumulative conditions and "at least one of" conditions, so a
later version is added beside the earlier ones rather than edited into them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from haven.engines.kernel import Citation, age_on
from haven.engines.responsibility.context import APPLIED, NOT_APPLIED, Trail
from haven.engines.responsibility.facts import Facts, S67Facts
from haven.engines.responsibility.result import CriterionResult, Flag

S67 = Citation("2016 c. 19", 67, unit="s")
CAPACITY = 480
CALAIS_CAMP_DATE = date(2016, 10, 24)
CALAIS_ARRIVAL_DATE = date(2016, 3, 20)
POLICY_2018_DATE = date(2018, 1, 18)

Check = Callable[[Facts, S67Facts, date], tuple[bool | None, tuple[str, ...]]]


@dataclass(frozen=True, slots=True)
class Criterion:
    """One s.67 criterion: a key, its wording and a check returning met or unknown."""

    key: str
    text: str
    check: Check


@dataclass(frozen=True, slots=True)
class CriteriaVersion:
    """A published set of s.67 criteria."""

    key: str
    title: str
    required: tuple[Criterion, ...]
    any_of: tuple[Criterion, ...]


def _age(facts: Facts, today: date) -> int | None:
    born = facts.applicant.date_of_birth
    return None if born is None else age_on(born, today)


def _best_interests(
    facts: Facts, s67: S67Facts, today: date
) -> tuple[bool | None, tuple[str, ...]]:
    return s67.best_interests, ()


def _in_camp(
    facts: Facts, s67: S67Facts, today: date
) -> tuple[bool | None, tuple[str, ...]]:
    seen = s67.present_in_calais_camp_on
    if seen is None:
        return None, ()
    return seen <= CALAIS_CAMP_DATE, (f"recorded in the camp on {seen}",)


def _arrived(
    facts: Facts, s67: S67Facts, today: date
) -> tuple[bool | None, tuple[str, ...]]:
    arrived = s67.arrived_in_europe
    if arrived is None:
        return None, ()
    # "Before 20 March 2016" is read as strictly before (UNVERIFIED boundary).
    return arrived < CALAIS_ARRIVAL_DATE, (f"arrived in Europe on {arrived}",)


def _in_europe_2018(
    facts: Facts, s67: S67Facts, today: date
) -> tuple[bool | None, tuple[str, ...]]:
    seen = s67.present_in_europe_on or s67.arrived_in_europe
    if seen is None:
        return None, ()
    return seen < POLICY_2018_DATE, (f"in Europe on {seen}",)


def _aged(limit: int) -> Check:
    def check(
        facts: Facts, s67: S67Facts, today: date
    ) -> tuple[bool | None, tuple[str, ...]]:
        age = _age(facts, today)
        if age is None:
            return None, ()
        return age <= limit, (f"aged {age} on {today}",)

    return check


def _exploitation(
    facts: Facts, s67: S67Facts, today: date
) -> tuple[bool | None, tuple[str, ...]]:
    return s67.referred_high_risk_sexual_exploitation, ()


def _nationality(
    facts: Facts, s67: S67Facts, today: date
) -> tuple[bool | None, tuple[str, ...]]:
    age = _age(facts, today)
    nationality = facts.applicant.nationality
    if age is None or nationality is None:
        return None, ()
    return age <= 15 and nationality in ("SD", "SY"), (
        f"aged {age}, nationality {nationality}",
    )


def _sibling(
    facts: Facts, s67: S67Facts, today: date
) -> tuple[bool | None, tuple[str, ...]]:
    age = _age(facts, today)
    if age is None or s67.accompanying_sibling_eligible is None:
        return None, ()
    return age < 18 and s67.accompanying_sibling_eligible, (f"aged {age}",)


BEST_INTERESTS = Criterion(
    "C1", "transfer to the UK is in the child's best interests", _best_interests
)

VERSIONS: dict[str, CriteriaVersion] = {
    "calais-2016-11": CriteriaVersion(
        "calais-2016-11",
        "Calais camp clearance guidance, November 2016",
        (
            BEST_INTERESTS,
            Criterion(
                "C2",
                "present in the Calais camp on or before 24 October 2016",
                _in_camp,
            ),
            Criterion("C3", "arrived in Europe before 20 March 2016", _arrived),
        ),
        (
            Criterion("E1", "aged 12 or under", _aged(12)),
            Criterion(
                "E2", "referred as at high risk of sexual exploitation", _exploitation
            ),
            Criterion("E3", "aged 15 or under and Sudanese or Syrian", _nationality),
            Criterion(
                "E4",
                "under 18 and the accompanying sibling of an eligible child",
                _sibling,
            ),
        ),
    ),
    "policy-2018-01": CriteriaVersion(
        "policy-2018-01",
        "Policy statement of 19 January 2018",
        (
            BEST_INTERESTS,
            Criterion(
                "P1", "present in Europe before 18 January 2018", _in_europe_2018
            ),
        ),
        (),
    ),
}


_UNVERIFIED_BOUNDARY = Flag(
    "unverified_rule",
    '"before 20 March 2016" is read as strictly before, and age is taken at the '
    "assessment date; both readings are UNVERIFIED",
    S67,
)


def assess_s67(
    facts: Facts, today: date, trail: Trail
) -> tuple[bool | None, tuple[CriterionResult, ...], str]:
    """Return eligibility (``None`` if a fact is missing), the criteria, the version."""
    s67 = facts.s67 or S67Facts()
    version = VERSIONS[s67.criteria_version]
    results: list[CriterionResult] = []
    age = _age(facts, today)
    if facts.applicant.unaccompanied is None:
        trail.needs.append(
            "$.applicant.unaccompanied (s.67 is for unaccompanied children)"
        )
    if age is None:
        trail.needs.append("$.applicant.date_of_birth")
    base: bool | None = (
        facts.applicant.unaccompanied is True and age is not None and age < 18
    )
    if facts.applicant.unaccompanied is None or age is None:
        base = None
    results.append(CriterionResult("S67", "an unaccompanied child in Europe", base))
    for criterion in version.required:
        met, detail = criterion.check(facts, s67, today)
        results.append(CriterionResult(criterion.key, criterion.text, met, detail))
    required = [item.met for item in results]
    alternatives: list[bool | None] = []
    for criterion in version.any_of:
        met, detail = criterion.check(facts, s67, today)
        alternatives.append(met)
        results.append(CriterionResult(criterion.key, criterion.text, met, detail))
    if False in required:
        eligible: bool | None = False
    elif version.any_of and True not in alternatives:
        eligible = False if None not in alternatives else None
    else:
        eligible = None if None in required else True
    if eligible is None:
        trail.needs.extend(
            f"{item.key}: {item.text}"
            for item in results
            if item.met is None and item.key != "S67"
        )
    if s67.family_in_uk:
        trail.review("family in the UK: consider Dublin III Art 8 instead of s.67", S67)
    if (
        eligible
        and s67.transfers_counted is not None
        and s67.transfers_counted >= CAPACITY
    ):
        trail.review(
            f"the specified number of {CAPACITY} s.67 transfers is reached", S67
        )
        trail.add(
            S67,
            NOT_APPLIED,
            (f"{s67.transfers_counted} transfers counted; capacity {CAPACITY}",),
        )
        eligible = False
    else:
        trail.add(S67, APPLIED if eligible else NOT_APPLIED, (version.title,))
    if s67.criteria_version == "calais-2016-11":
        trail.flags.append(_UNVERIFIED_BOUNDARY)
    return eligible, tuple(results), version.key
