"""
Specific-needs codes recorded on people, with English labels.

Codes follow UNHCR's standardised specific-needs codes (category-subcategory, as in
proGres); the ``TR-IND-n`` trafficking indicators are this project's own and are
not UNHCR codes (in UNHCR's scheme TR is the torture category). The application
keeps its own copy of the codes it uses.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class NeedCode:
    """One specific-needs code."""

    code: str
    category: str
    label: str


CODES: tuple[NeedCode, ...] = (
    NeedCode("SC-UC", "Unaccompanied or separated child", "Unaccompanied child"),
    NeedCode("SC-SC", "Unaccompanied or separated child", "Separated child"),
    NeedCode("SC-CH", "Unaccompanied or separated child", "Child-headed household"),
    NeedCode("CR-LW", "Child at risk", "Child in the worst forms of child labour"),
    NeedCode("CR-LO", "Child at risk", "Child in other forms of child labour"),
    NeedCode("CR-NE", "Child at risk", "Child at risk of not attending school"),
    NeedCode("CR-AF", "Child at risk", "Child associated with armed forces or groups"),
    NeedCode("WR-WR", "Woman at risk", "Woman at risk"),
    NeedCode("WR-LC", "Woman at risk", "Lactating"),
    NeedCode("SP-PT", "Single parent or caregiver", "Single parent"),
    NeedCode("DS-PM", "Disability", "Physical disability, moderate"),
    NeedCode("DS-PS", "Disability", "Physical disability, severe"),
    NeedCode("DS-BD", "Disability", "Visual impairment"),
    NeedCode("DS-DF", "Disability", "Hearing impairment"),
    NeedCode("SM-MI", "Serious medical condition", "Mental illness"),
    NeedCode("SM-CI", "Serious medical condition", "Chronic illness"),
    NeedCode("SM-CC", "Serious medical condition", "Critical medical condition"),
    NeedCode("SM-OT", "Serious medical condition", "Other medical condition"),
    NeedCode(
        "SV-VA", "Sexual and gender-based violence", "Violence in the country of asylum"
    ),
    NeedCode("SV-VF", "Sexual and gender-based violence", "Violence during flight"),
    NeedCode(
        "SV-VO", "Sexual and gender-based violence", "Violence in the country of origin"
    ),
    NeedCode("TR-PI", "Torture", "Psychological or physical impairment due to torture"),
    NeedCode("TR-WV", "Torture", "Witness of violence to others"),
    NeedCode("LP-ND", "Legal and physical protection", "No legal documentation"),
    NeedCode("LP-AN", "Legal and physical protection", "Violence, abuse or neglect"),
    NeedCode("LP-BN", "Legal and physical protection", "Unmet basic needs"),
    NeedCode("FU-TR", "Family unity", "Tracing required"),
    NeedCode("FU-FR", "Family unity", "Family reunification required"),
    NeedCode("TR-IND-1", "Trafficking indicator", "Owes a debt for the journey"),
    NeedCode(
        "TR-IND-2", "Trafficking indicator", "Movements or phone controlled by others"
    ),
    NeedCode("TR-IND-3", "Trafficking indicator", "Works without pay or for food"),
    NeedCode("TR-IND-4", "Trafficking indicator", "Documents held by someone else"),
    NeedCode("TR-IND-5", "Trafficking indicator", "Account appears coached"),
)

BY_CODE: dict[str, NeedCode] = {entry.code: entry for entry in CODES}


def label(code: str) -> str:
    """
    Return the English label of a code.

    >>> label("FU-TR")
    'Tracing required'
    """
    return BY_CODE[code].label
