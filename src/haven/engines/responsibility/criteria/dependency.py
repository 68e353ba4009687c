"""Dublin III Art 16 and AMMR Art 34: dependent persons."""

from __future__ import annotations

from haven.engines.responsibility.context import (
    APPLIED,
    NOT_APPLIED,
    Context,
    Fixed,
    Trail,
)
from haven.engines.responsibility.criteria.ties import family_existed, member_path
from haven.engines.responsibility.vocabulary import (
    AMMR_GROUNDS,
    DEPENDENCY_RELATIONS,
    DUBLIN_III_GROUNDS,
)

NO_DEPENDENCY = Fixed(NOT_APPLIED, "no dependency")


def dependent_persons(ctx: Context, trail: Trail) -> str | None:
    """
    Apply Art 16 (AMMR Art 34): keep or bring together a dependant and their carer.

    Needs a child, sibling or parent legally resident, a dependency ground of the
    regime, ties formed in time, a carer able to take care and written consent. The
    carer's state is responsible unless the applicant's health prevents travel.
    """
    rules = ctx.rules
    if not ctx.members:
        trail.fixed(rules.dependency, NO_DEPENDENCY)
        return None
    grounds = DUBLIN_III_GROUNDS if rules.regime == "dublin3" else AMMR_GROUNDS
    missing: list[str] = []
    rejected: list[str] = []
    found: list[tuple[str, str]] = []
    for index, member in ctx.members:
        dependency = member.dependency
        if dependency is None:
            continue
        label = f"{member.relation} in {member.state}"
        if member.relation not in DEPENDENCY_RELATIONS:
            rejected.append(f"{label}: not a child, sibling or parent")
            continue
        if dependency.ground not in grounds:
            rejected.append(
                f"{label}: {dependency.ground.replace('_', ' ')} is not a ground here"
            )
            continue
        if member.legally_present is None:
            missing.append(member_path(index, "legally_present"))
        if dependency.carer_can_take_care is None:
            missing.append(member_path(index, "dependency.carer_can_take_care"))
        if dependency.written_consent is None:
            missing.append(member_path(index, "dependency.written_consent"))
        tie = family_existed(ctx, index, member, missing)
        if missing:
            continue
        if not member.legally_present:
            rejected.append(f"{label}: not legally resident")
        elif not tie:
            rejected.append(f"{label}: ties not formed in time")
        elif not dependency.carer_can_take_care:
            rejected.append(f"{label}: the carer cannot take care")
        elif not dependency.written_consent:
            rejected.append(f"{label}: no written consent")
        elif ctx.usable(member.state):
            found.append(
                (
                    member.state,
                    f"{label}: {dependency.direction.replace('_', ' ')} "
                    f"({dependency.ground.replace('_', ' ')})",
                )
            )
    if missing:
        trail.need(rules.dependency, missing)
        return None
    if not found:
        if rejected:
            trail.add(rules.dependency, NOT_APPLIED, tuple(rejected))
        else:
            trail.fixed(rules.dependency, NO_DEPENDENCY)
        return None
    state, fact = found[0]
    present = ctx.determining_state
    if state == present:
        trail.add(
            rules.dependency,
            APPLIED,
            (fact, f"kept together in {present}"),
            present,
        )
        return present
    trail.add(rules.dependency, APPLIED, (fact,))
    if ctx.facts.applicant.health_prevents_travel:
        trail.add(
            rules.dependency_other_state,
            APPLIED,
            (
                f"the applicant's health prevents travel to {state}",
                f"present in {present}",
            ),
            present,
        )
        return present
    trail.add(
        rules.dependency_other_state,
        APPLIED,
        (f"the carer resides in {state}, not in {present}",),
        state,
    )
    return state
