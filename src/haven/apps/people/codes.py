"""
Controlled vocabularies: specific-needs codes, countries and languages.

Specific-needs codes follow UNHCR's standardised list (casework.md, feature 8); the
subset kept here is the one a border-camp registration uses. Each code names the
priority it gives, from which a person's priority is derived.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True, slots=True)
class NeedCode:
    """One specific-needs code, its category and the priority it gives."""

    code: str
    label: Promise
    category: (
        str  # "child", "medical", "disability", "trafficking", "risk", "pregnancy"
    )
    priority: int  # 3 high, 2 medium, 1 low


NEED_CODES: Final[tuple[NeedCode, ...]] = (
    # UNHCR standardised specific-needs codes.
    NeedCode("SC-UC", _("Unaccompanied child"), "child", 3),
    NeedCode("SC-SC", _("Separated child"), "child", 3),
    NeedCode("SC-CH", _("Child-headed household"), "child", 3),
    NeedCode("CR-LW", _("Child in the worst forms of child labour"), "child", 3),
    NeedCode("CR-LO", _("Child in other forms of child labour"), "child", 2),
    NeedCode("CR-NE", _("Child at risk of not attending school"), "child", 1),
    NeedCode("CR-AF", _("Child associated with armed forces or groups"), "child", 3),
    NeedCode("WR-WR", _("Woman at risk"), "risk", 2),
    NeedCode("WR-LC", _("Lactating"), "risk", 1),
    NeedCode("SP-PT", _("Single parent"), "risk", 1),
    NeedCode("DS-PM", _("Physical disability, moderate"), "disability", 2),
    NeedCode("DS-PS", _("Physical disability, severe"), "disability", 3),
    NeedCode("DS-BD", _("Visual impairment"), "disability", 2),
    NeedCode("DS-DF", _("Hearing impairment"), "disability", 2),
    NeedCode("SM-MI", _("Mental illness"), "medical", 2),
    NeedCode("SM-CI", _("Chronic illness"), "medical", 2),
    NeedCode("SM-CC", _("Critical medical condition"), "medical", 3),
    NeedCode("SM-OT", _("Other medical condition"), "medical", 1),
    NeedCode("SV-VA", _("Violence in the country of asylum"), "risk", 3),
    NeedCode("SV-VF", _("Violence during flight"), "risk", 3),
    NeedCode("SV-VO", _("Violence in the country of origin"), "risk", 2),
    NeedCode(
        "TR-PI", _("Psychological or physical impairment due to torture"), "risk", 3
    ),
    NeedCode("TR-WV", _("Witness of violence to others"), "risk", 2),
    NeedCode("LP-ND", _("No legal documentation"), "risk", 1),
    NeedCode("LP-AN", _("Violence, abuse or neglect"), "risk", 3),
    NeedCode("LP-BN", _("Unmet basic needs"), "risk", 2),
    NeedCode("FU-TR", _("Tracing required"), "family", 2),
    NeedCode("FU-FR", _("Family reunification required"), "family", 2),
    # Trafficking indicators, recorded one by one so that a referral can cite them.
    NeedCode("TR-IND-1", _("Owes a debt for the journey"), "trafficking", 3),
    NeedCode(
        "TR-IND-2", _("Movements or phone controlled by others"), "trafficking", 3
    ),
    NeedCode("TR-IND-3", _("Works without pay or for food"), "trafficking", 3),
    NeedCode("TR-IND-4", _("Documents held by someone else"), "trafficking", 3),
    NeedCode("TR-IND-5", _("Account appears coached"), "trafficking", 3),
    # haven's own codes for what the UNHCR list does not name on its own.
    NeedCode("HV-PG", _("Pregnant"), "pregnancy", 2),
    NeedCode("HV-PH", _("High-risk pregnancy"), "pregnancy", 3),
    NeedCode("HV-MU", _("Urgent medical care needed"), "medical", 3),
)
NEED_CODE_BY_CODE: Final = {need.code: need for need in NEED_CODES}

# ISO 3166-1 alpha-2: origin states of the camp and the states people are sent to.
COUNTRIES: Final[dict[str, Promise]] = {
    "AF": _("Afghanistan"),
    "DZ": _("Algeria"),
    "AT": _("Austria"),
    "BE": _("Belgium"),
    "BG": _("Bulgaria"),
    "TD": _("Chad"),
    "HR": _("Croatia"),
    "CY": _("Cyprus"),
    "CZ": _("Czechia"),
    "DK": _("Denmark"),
    "EG": _("Egypt"),
    "ER": _("Eritrea"),
    "EE": _("Estonia"),
    "ET": _("Ethiopia"),
    "FI": _("Finland"),
    "FR": _("France"),
    "DE": _("Germany"),
    "GR": _("Greece"),
    "HU": _("Hungary"),
    "IS": _("Iceland"),
    "IR": _("Iran"),
    "IQ": _("Iraq"),
    "IE": _("Ireland"),
    "IT": _("Italy"),
    "KW": _("Kuwait"),
    "LV": _("Latvia"),
    "LB": _("Lebanon"),
    "LY": _("Libya"),
    "LI": _("Liechtenstein"),
    "LT": _("Lithuania"),
    "LU": _("Luxembourg"),
    "MT": _("Malta"),
    "MA": _("Morocco"),
    "NL": _("Netherlands"),
    "NO": _("Norway"),
    "PK": _("Pakistan"),
    "PS": _("Palestine"),
    "PL": _("Poland"),
    "PT": _("Portugal"),
    "RO": _("Romania"),
    "SK": _("Slovakia"),
    "SI": _("Slovenia"),
    "SO": _("Somalia"),
    "ES": _("Spain"),
    "SD": _("Sudan"),
    "SS": _("South Sudan"),
    "SE": _("Sweden"),
    "CH": _("Switzerland"),
    "SY": _("Syria"),
    "TR": _("Türkiye"),
    "GB": _("United Kingdom"),
    "YE": _("Yemen"),
    "XX": _("Stateless"),
}

# ISO 639-1 where it exists, ISO 639-3 otherwise.
LANGUAGES: Final[dict[str, Promise]] = {
    "ar": _("Arabic"),
    "am": _("Amharic"),
    "ckb": _("Kurdish (Sorani)"),
    "kmr": _("Kurdish (Kurmanji)"),
    "en": _("English"),
    "fa": _("Persian (Dari/Farsi)"),
    "fr": _("French"),
    "om": _("Oromo"),
    "ps": _("Pashto"),
    "so": _("Somali"),
    "ti": _("Tigrinya"),
    "tig": _("Tigre"),
    "ur": _("Urdu"),
    "fvr": _("Fur"),
    "zag": _("Zaghawa"),
    "mas": _("Masalit"),
    "it": _("Italian"),
    "de": _("German"),
}

NEED_CATEGORY_LABELS: Final[dict[str, Promise]] = {
    "child": _("Children at risk"),
    "medical": _("Medical"),
    "disability": _("Disability"),
    "trafficking": _("Trafficking indicators"),
    "risk": _("Protection risks"),
    "pregnancy": _("Pregnancy"),
    "family": _("Family unity"),
}
