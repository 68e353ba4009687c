"""Dublin III Art 8 and AMMR Art 25: unaccompanied minors."""

from __future__ import annotations

from haven.engines.responsibility.context import (
    APPLIED,
    NOT_APPLIED,
    Context,
    Fixed,
    Trail,
)
from haven.engines.responsibility.criteria.ties import (
    family_existed,
    is_family_member,
    member_path,
)
from haven.engines.responsibility.vocabulary import PARENTS, RELATIVES

_NO_RELATIVE = Fixed(
    NOT_APPLIED, "no relative who can take care in another Member State"
)
_SEVERAL_APPLICATIONS = Fixed(NOT_APPLIED, "applications in more than one state")


def _best_interests_allow(ctx: Context, state: str, missing: list[str]) -> bool:
    """
    Return whether uniting the minor in ``state`` is in the best interests.

    Dublin III Art 8 applies only "provided that" it is, so an assessment is needed;
    AMMR Art 25 applies "unless it is demonstrated" that it is not.
    """
    assessment = ctx.facts.best_interests
    if assessment is None:
        if ctx.rules.regime == "dublin3":
            missing.append("$.best_interests")
            return False
        return True
    return state not in assessment.not_in_best_interests


def _choose(ctx: Context, trail: Trail, candidates: dict[str, list[str]]) -> str | None:
    """Apply Art 8(3) / 25(4) when the candidates are in several states."""
    rules = ctx.rules
    states = sorted(candidates)
    preferred = (
        None
        if ctx.facts.best_interests is None
        else ctx.facts.best_interests.preferred_state
    )
    facts = tuple(f"{state}: {', '.join(candidates[state])}" for state in states)
    if preferred in candidates:
        trail.add(
            rules.uam_several,
            APPLIED,
            (*facts, f"best interests: {preferred}"),
            preferred,
        )
        return preferred
    trail.need(
        rules.uam_several,
        [f"$.best_interests.preferred_state (one of {', '.join(states)})"],
    )
    return None


def unaccompanied_minor(ctx: Context, trail: Trail) -> str | None:
    """Apply Art 8(1)–(4) (Dublin III) or Art 25(2)–(5) (AMMR) in their order."""
    rules = ctx.rules
    missing: list[str] = []
    family: dict[str, list[str]] = {}
    relatives: dict[str, list[str]] = {}
    rejected: list[str] = []
    capacity: list[str] = []
    married = ctx.facts.applicant.married is True
    # Art 8(1) second sentence (AMMR 25(2)): the parents of a married minor count only
    # if the spouse is not legally present, which is known once every member is seen.
    parents: dict[str, list[str]] = {}
    for index, member in ctx.members:
        label = f"{member.relation} in {member.state}"
        if not ctx.usable(member.state):
            rejected.append(f"{label}: transfer there is barred")
            continue
        relation = member.relation
        if member.legally_present is False and relation != "other":
            # Art 8(1)-(2) need legal presence; nothing else about this person counts.
            rejected.append(f"{label}: not legally present")
            continue
        if (
            relation in PARENTS
            or relation == "sibling"
            or (
                relation in ("spouse", "partner", "child")
                and is_family_member(ctx, trail, index, member, missing)
            )
        ):
            if relation in PARENTS:
                trail.use(rules.family_definition_minor)
            if relation != "sibling" and not family_existed(
                ctx, index, member, missing
            ):
                rejected.append(f"{label}: family not formed in time")
                continue
            target = parents if married and relation in PARENTS else family
        elif member.relation in RELATIVES:
            if member.state == ctx.determining_state:
                rejected.append(f"{label}: not in another Member State")
                continue
            if member.can_take_care is None:
                # Whether a relative can take care is a condition of Art 8(2) (AMMR
                # Art 25(3)), so it is asked for under that paragraph.
                capacity.append(member_path(index, "can_take_care"))
                continue
            if not member.can_take_care:
                rejected.append(f"{label}: cannot take care of the minor")
                continue
            target = relatives
        else:
            continue
        if member.legally_present is None:
            missing.append(member_path(index, "legally_present"))
            continue
        if not member.legally_present:
            rejected.append(f"{label}: not legally present")
            continue
        if not _best_interests_allow(ctx, member.state, missing):
            if ctx.facts.best_interests is not None:
                rejected.append(f"{label}: not in the minor's best interests")
            continue
        target.setdefault(member.state, []).append(member.relation)
    if missing or capacity:
        if missing:
            trail.need(rules.uam_family, missing)
        if capacity:
            trail.need(rules.uam_relative, capacity)
        return None
    with_spouse = any("spouse" in kinds for kinds in family.values())
    family_rule = rules.uam_married if married and not with_spouse else rules.uam_family
    if parents and with_spouse:
        rejected.extend(
            f"{kind} in {state}: not a family member of a married minor whose "
            "spouse is legally present"
            for state, kinds in sorted(parents.items())
            for kind in kinds
        )
    else:
        for state, kinds in parents.items():
            family.setdefault(state, []).extend(kinds)
    if family:
        facts = (
            *(
                f"{state}: {', '.join(kinds)} legally present"
                for state, kinds in sorted(family.items())
            ),
            *rejected,
        )
        if len(family) == 1:
            (state,) = family
            trail.add(family_rule, APPLIED, facts, state)
            result: str | None = state
        else:
            trail.add(family_rule, APPLIED, facts)
            result = _choose(ctx, trail, family)
        if relatives and set(relatives) - set(family):
            trail.review(
                "relatives in other states also qualify; whether Art 8(1) takes "
                "precedence over the best interests is unsettled",
                rules.uam_several,
            )
        trail.skip(rules.uam_relative)
        trail.skip(rules.uam_default)
        return result
    trail.add(
        rules.uam_family,
        NOT_APPLIED,
        tuple(rejected) or ("no family member or sibling legally present",),
    )
    if relatives:
        facts = tuple(
            f"{state}: {', '.join(kinds)} can take care"
            for state, kinds in sorted(relatives.items())
        )
        if len(relatives) == 1:
            (state,) = relatives
            trail.add(rules.uam_relative, APPLIED, facts, state)
            result = state
        else:
            trail.add(rules.uam_relative, APPLIED, facts)
            result = _choose(ctx, trail, relatives)
        trail.skip(rules.uam_default)
        return result
    trail.fixed(rules.uam_relative, _NO_RELATIVE)
    return _no_family(ctx, trail)


def _no_family(ctx: Context, trail: Trail) -> str | None:
    """Apply Art 8(4) as read in MA, or AMMR Art 25(5)."""
    rules = ctx.rules
    states = [item.state for item in ctx.applications]
    assessment = ctx.facts.best_interests
    if rules.uam_present is not None and len(set(states)) > 1:
        present = ctx.determining_state
        if ctx.applied_in(present):
            facts = (
                f"applications in {', '.join(dict.fromkeys(states))}",
                f"present in {present}, where an application was lodged",
            )
            trail.fixed(rules.uam_default, _SEVERAL_APPLICATIONS)
            trail.add(rules.uam_present, APPLIED, facts, present)
            state = present
            citation = rules.uam_present
        else:
            trail.need(
                rules.uam_present,
                [
                    f"$.determining_state (the minor is present in {present} "
                    "without an application there)"
                ],
            )
            return None
    else:
        state = (
            states[0]
            if rules.regime == "ammr"
            else ctx.determining_state
            if ctx.applied_in(ctx.determining_state)
            else states[0]
        )
        citation = rules.uam_default
        if (
            rules.regime == "ammr"
            and assessment is not None
            and state in assessment.not_in_best_interests
        ):
            trail.add(
                citation,
                NOT_APPLIED,
                (
                    f"first registered in {state}",
                    "shown not to be in the best interests",
                ),
            )
            trail.review(
                "AMMR Art 25(5): first registration state excluded by the best "
                "interests; the state where the minor is present examines",
                citation,
            )
            trail.add(
                citation,
                APPLIED,
                (f"present in {ctx.determining_state}",),
                ctx.determining_state,
            )
            return ctx.determining_state
        trail.add(
            citation,
            APPLIED,
            (
                f"application lodged in {state}",
                "no family member, sibling or relative qualifies",
            ),
            state,
        )
    if assessment is None and rules.regime == "dublin3":
        trail.review(
            "Art 8(4) applies if in the best interests; no assessment supplied",
            citation,
        )
    elif assessment is not None and state in assessment.not_in_best_interests:
        trail.review(f"best-interests assessment excludes {state}", citation)
    return state
