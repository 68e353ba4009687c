"""Art 2(g): who counts as a family member, and whether the family tie qualifies."""

from __future__ import annotations

from haven.engines.kernel import age_on
from haven.engines.responsibility.context import Context, Trail
from haven.engines.responsibility.facts import FamilyMember
from haven.engines.responsibility.vocabulary import COUPLE, PARENTS


def member_path(index: int, field: str) -> str:
    """Return the JSON path of a family member's field."""
    return f"$.family_members[{index}].{field}"


def is_family_member(
    ctx: Context, trail: Trail, index: int, member: FamilyMember, missing: list[str]
) -> bool:
    """
    Return whether ``member`` is a family member of the applicant under Art 2(g).

    Spouses and partners always are; children if minor and unmarried at the first
    lodging; parents and responsible adults if the applicant is a minor. A partner's
    recognition depends on the law of the state concerned, so it is flagged.
    """
    relation = member.relation
    if relation in COUPLE:
        if relation == "partner":
            trail.review(
                f"unmarried partner in {member.state}: Art 2(g) requires that state "
                "to treat unmarried couples like married ones",
                ctx.rules.family_definition,
            )
        return True
    if relation == "child":
        if member.date_of_birth is None:
            missing.append(member_path(index, "date_of_birth"))
            return False
        if age_on(member.date_of_birth, ctx.lodging) >= 18:
            return False
        if member.married is None:
            missing.append(member_path(index, "married"))
            return False
        return not member.married
    if relation in PARENTS:
        if ctx.minor is None:
            missing.append("$.applicant.date_of_birth")
            return False
        if ctx.minor and ctx.facts.applicant.married is not True:
            trail.use(ctx.rules.family_definition_minor)
            return True
        return False
    return False


def family_existed(
    ctx: Context, index: int, member: FamilyMember, missing: list[str]
) -> bool:
    """
    Return whether the family existed early enough for Art 2(g).

    Dublin III asks for the country of origin; the AMMR for before arrival on the
    territory of the Member States, which a family formed in the country of origin
    also meets.
    """
    origin = member.family_existed_in_country_of_origin
    if ctx.rules.regime == "dublin3":
        if origin is None:
            missing.append(member_path(index, "family_existed_in_country_of_origin"))
            return False
        return origin
    if member.family_existed_before_arrival is not None:
        return member.family_existed_before_arrival
    if origin:
        return True
    missing.append(member_path(index, "family_existed_before_arrival"))
    return False


def consented(index: int, member: FamilyMember, missing: list[str]) -> bool:
    """Return whether the persons concerned expressed their desire in writing."""
    if member.written_consent is None:
        missing.append(member_path(index, "written_consent"))
        return False
    return member.written_consent
