"""Dublin III Arts 9–10, AMMR Arts 26–27: family members protected or applying."""

from __future__ import annotations

from haven.engines.kernel import Citation
from haven.engines.responsibility.context import (
    APPLIED,
    NEEDS_INFORMATION,
    NOT_APPLIED,
    Context,
    Fixed,
    Trail,
)
from haven.engines.responsibility.criteria.ties import (
    consented,
    family_existed,
    is_family_member,
    member_path,
)

NO_BENEFICIARY = Fixed(
    NOT_APPLIED, "no family member is a beneficiary of international protection"
)
NO_APPLICANT = Fixed(
    NOT_APPLIED, "no family member is an applicant awaiting a first decision"
)


def _decide(
    ctx: Context,
    trail: Trail,
    citation: Citation,
    found: dict[str, list[str]],
    rejected: list[str],
    missing: list[str],
    absent: Fixed,
) -> str | None:
    if missing:
        trail.need(citation, missing)
        return None
    if not found:
        if rejected:
            trail.add(citation, NOT_APPLIED, tuple(rejected))
        else:
            trail.fixed(citation, absent)
        return None
    facts = tuple(
        f"{state}: {', '.join(kinds)}" for state, kinds in sorted(found.items())
    )
    if len(found) > 1:
        trail.add(citation, NEEDS_INFORMATION, facts)
        trail.needs.append(
            f"choice between family members in {', '.join(sorted(found))} ({citation})"
        )
        trail.review("family members qualify in several states", citation)
        return None
    (state,) = found
    trail.add(citation, APPLIED, (*facts, "written consent given"), state)
    return state


def beneficiary_family_member(ctx: Context, trail: Trail) -> str | None:
    """
    Apply Art 9 (AMMR Art 26): a family member who is a beneficiary of protection.

    The family need not have been formed in the country of origin.
    """
    if not ctx.members:
        trail.fixed(ctx.rules.beneficiary, NO_BENEFICIARY)
        return None
    found: dict[str, list[str]] = {}
    rejected: list[str] = []
    missing: list[str] = []
    for index, member in ctx.members:
        if member.status != "beneficiary_of_international_protection":
            continue
        label = f"{member.relation} in {member.state}"
        if not ctx.usable(member.state):
            rejected.append(f"{label}: transfer there is barred")
            continue
        if not is_family_member(ctx, trail, index, member, missing):
            rejected.append(f"{label}: not a family member under Art 2(g)")
            continue
        if consented(index, member, missing):
            found.setdefault(member.state, []).append(
                f"{member.relation}, beneficiary of international protection"
            )
        elif member.written_consent is False:
            rejected.append(f"{label}: no written consent")
    return _decide(
        ctx,
        trail,
        ctx.rules.beneficiary,
        found,
        rejected,
        missing,
        NO_BENEFICIARY,
    )


def applicant_family_member(ctx: Context, trail: Trail) -> str | None:
    """
    Apply Art 10 (AMMR Art 27): a family member whose application awaits a decision.

    The family member's application must have had no first decision on the substance.
    """
    if not ctx.members:
        trail.fixed(ctx.rules.applicant_family, NO_APPLICANT)
        return None
    found: dict[str, list[str]] = {}
    rejected: list[str] = []
    missing: list[str] = []
    for index, member in ctx.members:
        if member.status != "applicant" or member.co_applicant:
            continue
        label = f"{member.relation} in {member.state}"
        if not ctx.usable(member.state):
            rejected.append(f"{label}: transfer there is barred")
            continue
        if not is_family_member(ctx, trail, index, member, missing):
            rejected.append(f"{label}: not a family member under Art 2(g)")
            continue
        if member.first_instance_decision is None:
            missing.append(member_path(index, "first_instance_decision"))
            continue
        if member.first_instance_decision:
            rejected.append(f"{label}: first-instance decision already taken")
            continue
        if not family_existed(ctx, index, member, missing):
            if not missing:
                rejected.append(f"{label}: family not formed in time")
            continue
        if consented(index, member, missing):
            found.setdefault(member.state, []).append(
                f"{member.relation}, applicant awaiting a first decision"
            )
        elif member.written_consent is False:
            rejected.append(f"{label}: no written consent")
    return _decide(
        ctx,
        trail,
        ctx.rules.applicant_family,
        found,
        rejected,
        missing,
        NO_APPLICANT,
    )
