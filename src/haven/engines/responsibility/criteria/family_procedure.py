"""Dublin III Art 11 and AMMR Art 28: the family procedure, run as a post-pass."""

from __future__ import annotations

from datetime import date

from haven.engines.kernel import age_on
from haven.engines.responsibility.context import (
    APPLIED,
    NOT_APPLIED,
    Context,
    Fixed,
    Trail,
)
from haven.engines.responsibility.criteria.ties import member_path
from haven.engines.responsibility.facts import Applicant, FamilyMember
from haven.engines.responsibility.vocabulary import COUPLE, PARENTS

_NO_GROUP = Fixed(NOT_APPLIED, "no family members applying together")


def _left_out(ctx: Context, member: FamilyMember) -> str | None:
    """
    Return why a co-applicant is known not to belong to the group, or ``None``.

    Art 11 keeps together family members (Art 2(g)) and minor unmarried siblings: a
    child or sibling known to be an adult or married does not count, nor a parent of
    an applicant known to be an adult or married. Unknown facts leave them in.
    """
    relation = member.relation
    if relation in PARENTS:
        if ctx.minor is False or ctx.facts.applicant.married is True:
            return "the applicant is not an unmarried minor"
        return None
    if relation in ("child", "sibling"):
        if member.married is True:
            return "married"
        born = member.date_of_birth
        if born is not None and age_on(born, ctx.lodging) >= 18:
            return "an adult at the first lodging"
    return None


def _not_family_members(ctx: Context, trail: Trail, left_out: list[str]) -> None:
    """Cite Art 2(g) (AMMR Art 2) for a child or parent who is not a family member."""
    defined = [item for item in left_out if not item.startswith("sibling")]
    if defined:
        trail.add(ctx.rules.family_definition, NOT_APPLIED, tuple(defined))


def _named(person: Applicant | FamilyMember) -> str:
    """Return how a person's own result is named: relation and recorded criterion."""
    who = "applicant" if isinstance(person, Applicant) else person.relation
    if person.individual_criterion:
        return f"{who} (under {person.individual_criterion})"
    return who


def _recorded(ctx: Context, trail: Trail, individual: str) -> str | None:
    """
    Return the applicant's own result when the facts record it, flagging a conflict.

    In a family procedure the applicant's own result may come from elsewhere (the
    state that applied the criteria), just as the other members' results do; it is
    used as recorded, and a disagreement with haven's reading is flagged.
    """
    applicant = ctx.facts.applicant
    recorded = applicant.individual_responsible_state
    if recorded is None:
        return None
    if recorded != individual:
        trail.review(
            f"the applicant's own result is recorded as {recorded}"
            + (
                f" ({applicant.individual_criterion})"
                if applicant.individual_criterion
                else ""
            )
            + f"; haven's reading of the criteria gives {individual}",
            ctx.rules.family_procedure,
        )
    return recorded


def family_procedure(ctx: Context, trail: Trail, individual: str) -> str:
    """
    Keep a family applying together in one state: the most of them, then the oldest.

    ``individual`` is the state the criteria make responsible for the applicant; the
    facts give each co-applicant's own result.
    """
    citation = ctx.rules.family_procedure
    if not ctx.facts.family_members:
        trail.fixed(citation, _NO_GROUP)
        return individual
    group = [
        (index, member)
        for index, member in enumerate(ctx.facts.family_members)
        if member.co_applicant
        and (
            member.relation in COUPLE
            or member.relation in PARENTS
            or member.relation in ("child", "sibling")
        )
    ]
    left_out: list[str] = []
    for index, member in list(group):
        why = _left_out(ctx, member)
        if why is not None:
            group.remove((index, member))
            left_out.append(f"{member.relation} left out: {why}")
    _not_family_members(ctx, trail, left_out)
    if not group:
        if left_out:
            trail.add(citation, NOT_APPLIED, tuple(left_out))
        else:
            trail.fixed(citation, _NO_GROUP)
        return individual
    missing: list[str] = []
    recorded = _recorded(ctx, trail, individual)
    if recorded is not None:
        individual = recorded
    people: list[tuple[str, date | None, str]] = [
        (individual, ctx.facts.applicant.date_of_birth, _named(ctx.facts.applicant))
    ]
    for index, member in group:
        if member.individual_responsible_state is None:
            missing.append(member_path(index, "individual_responsible_state"))
            continue
        people.append(
            (
                member.individual_responsible_state,
                member.date_of_birth,
                _named(member),
            )
        )
    if missing:
        trail.need(citation, missing)
        return individual
    counts: dict[str, int] = {}
    for state, _born, _who in people:
        counts[state] = counts.get(state, 0) + 1
    facts = (*(f"{who}: {state}" for state, _born, who in people), *left_out)
    if len(counts) == 1:
        if recorded is not None:
            # The applicant's result comes from the record, not from a criterion
            # applied here; Art 11 is what keeps it, so it names the state.
            trail.add(
                citation,
                APPLIED,
                (*facts, "the criteria do not separate them"),
                individual,
            )
            return individual
        trail.add(citation, NOT_APPLIED, (*facts, "the criteria do not separate them"))
        return individual
    most = max(counts.values())
    leaders = [state for state, count in counts.items() if count == most]
    if len(leaders) == 1:
        trail.add(
            citation,
            APPLIED,
            (*facts, f"largest number in {leaders[0]}"),
            leaders[0],
        )
        return leaders[0]
    unknown = [who for _state, born, who in people if born is None]
    if unknown:
        trail.need(citation, [f"date of birth of {who}" for who in unknown])
        return individual
    oldest = min(people, key=lambda person: person[1] or date.max)
    trail.add(
        citation,
        APPLIED,
        (*facts, f"equal numbers; oldest is {oldest[2]} ({oldest[0]})"),
        oldest[0],
    )
    return oldest[0]
