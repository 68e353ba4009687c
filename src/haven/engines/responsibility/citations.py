"""
The provisions each regime cites, as precomputed tables, and which are UNVERIFIED.

Criteria are written once and read their citations from a :class:`RegimeRules`, so
Dublin III and the AMMR share one implementation where the rule is the same. The
provisions of the procedure's time limits are the rows of the kernel's one table
of limits (``haven.engines.kernel.limits``); their periods are read there too.
"""

from __future__ import annotations

from dataclasses import dataclass

from haven.engines.kernel import Citation, Regime
from haven.engines.kernel import limits as table
from haven.engines.kernel.limits import (
    EURODAC_HIT,
    IMPRISONMENT,
    NO_NEW_APPLICATION,
    RE_EXAMINATION,
    REPLY,
    REQUEST,
    TAKE_BACK,
    TAKE_CHARGE,
    TRANSFER,
    TRANSFER_DECISION,
    TRANSFER_KIND,
    URGENT,
)

D3 = "604/2013"
AMMR = "2024/1351"


def _d3(article: int, paragraph: int | None = None, **extra: object) -> Citation:
    return Citation(D3, article, paragraph, **extra)  # type: ignore[arg-type]


def _ammr(article: int, paragraph: int | None = None, **extra: object) -> Citation:
    return Citation(AMMR, article, paragraph, **extra)  # type: ignore[arg-type]


def _cite(
    regime: Regime, kind: str, step: str, condition: str | None = None
) -> Citation:
    """Return the provision of a time limit: the table's row, the same object."""
    return table.limit(regime, kind, step, condition).citation


def _silence(
    regime: Regime, kind: str, step: str, condition: str | None = None
) -> Citation:
    """Return the provision that gives the passing of a time limit its effect."""
    found = table.limit(regime, kind, step, condition).silence_citation
    assert found is not None, (regime, kind, step, condition)  # noqa: S101  # a table invariant, checked at import
    return found


@dataclass(frozen=True, slots=True)
class RegimeRules:
    """
    The citations of one regime, keyed by the rule's role.

    The periods of the criteria (Art 12(4), Art 13(1) and their AMMR successors) are
    kept here; the periods of requests and transfers are the kernel's table's.
    """

    regime: Regime
    family_definition: Citation
    family_definition_minor: Citation
    freezing: Citation
    uam_family: Citation
    uam_married: Citation
    uam_relative: Citation
    uam_several: Citation
    uam_default: Citation
    uam_present: Citation | None
    beneficiary: Citation
    applicant_family: Citation
    family_procedure: Citation
    residence: Citation
    visa: Citation
    several_residence: Citation
    several_visa_same_type: Citation
    several_visa_other_type: Citation
    expired_documents: Citation
    long_expired_documents: Citation | None
    fraud: Citation
    diploma: Citation | None
    several_diplomas: Citation | None
    irregular_entry: Citation
    search_and_rescue: Citation | None
    relocation: Citation | None
    five_month_stay: Citation | None
    visa_waiver: Citation
    visa_waiver_other_state: Citation
    transit_area: Citation
    dependency: Citation
    dependency_other_state: Citation
    sovereignty: Citation
    humanitarian: Citation
    default: Citation
    barrier: Citation
    barrier_fallback: Citation
    cessation_residence: Citation
    cessation_absence: Citation | None
    cessation_return: Citation | None
    cessation_failed_transfer: Citation | None
    take_charge_request: Citation
    take_charge_request_eurodac: Citation
    take_charge_request_late: Citation
    take_charge_reply: Citation
    take_charge_reply_urgent: Citation | None
    take_charge_reply_eurodac: Citation | None
    tacit_acceptance: Citation
    re_examination: Citation | None
    take_back: Citation
    take_back_late: Citation
    take_back_irregular_stay: Citation | None
    take_back_irregular_stay_late: Citation | None
    take_back_reply: Citation
    take_back_tacit: Citation
    transfer: Citation
    transfer_extension: Citation
    transfer_expiry: Citation
    transfer_decision: Citation | None
    # Periods of the criteria in months.
    irregular_entry_months: int
    expired_residence_months: int
    expired_visa_months: int


_D3 = Regime.DUBLIN3
_AMMR = Regime.AMMR

DUBLIN_III_RULES = RegimeRules(
    regime=_D3,
    family_definition=_d3(2, point="g"),
    family_definition_minor=_d3(2, point="g", subparagraph=3),
    freezing=_d3(7, 2),
    uam_family=_d3(8, 1),
    uam_married=_d3(8, 1, subparagraph=2),
    uam_relative=_d3(8, 2),
    uam_several=_d3(8, 3),
    uam_default=_d3(8, 4),
    uam_present=_d3(8, 4, reading="C-648/11 MA"),
    beneficiary=_d3(9),
    applicant_family=_d3(10),
    family_procedure=_d3(11),
    residence=_d3(12, 1),
    visa=_d3(12, 2),
    several_residence=_d3(12, 3, point="a"),
    several_visa_same_type=_d3(12, 3, point="b"),
    several_visa_other_type=_d3(12, 3, point="c"),
    expired_documents=_d3(12, 4, subparagraph=1),
    long_expired_documents=_d3(12, 4, subparagraph=2),
    fraud=_d3(12, 5),
    diploma=None,
    several_diplomas=None,
    irregular_entry=_d3(13, 1),
    search_and_rescue=None,
    relocation=None,
    five_month_stay=_d3(13, 2),
    visa_waiver=_d3(14, 1),
    visa_waiver_other_state=_d3(14, 2),
    transit_area=_d3(15),
    dependency=_d3(16, 1),
    dependency_other_state=_d3(16, 2),
    sovereignty=_d3(17, 1),
    humanitarian=_d3(17, 2),
    default=_d3(3, 2, subparagraph=1),
    barrier=_d3(3, 2, subparagraph=2),
    barrier_fallback=_d3(3, 2, subparagraph=3),
    cessation_residence=_d3(19, 1),
    cessation_absence=_d3(19, 2),
    cessation_return=_d3(19, 3),
    cessation_failed_transfer=None,
    take_charge_request=_cite(_D3, TAKE_CHARGE, REQUEST),
    take_charge_request_eurodac=_cite(_D3, TAKE_CHARGE, REQUEST, EURODAC_HIT),
    take_charge_request_late=_silence(_D3, TAKE_CHARGE, REQUEST),
    take_charge_reply=_cite(_D3, TAKE_CHARGE, REPLY),
    take_charge_reply_urgent=_cite(_D3, TAKE_CHARGE, REPLY, URGENT),
    take_charge_reply_eurodac=None,
    tacit_acceptance=_silence(_D3, TAKE_CHARGE, REPLY),
    re_examination=_silence(_D3, RE_EXAMINATION, REPLY),
    # Art 23(2) holds both take-back request limits; reasons cite the paragraph.
    take_back=_d3(23, 2),
    take_back_late=_silence(_D3, TAKE_BACK, REQUEST),
    take_back_irregular_stay=_cite(_D3, TAKE_BACK, REQUEST, NO_NEW_APPLICATION),
    take_back_irregular_stay_late=_silence(_D3, TAKE_BACK, REQUEST, NO_NEW_APPLICATION),
    take_back_reply=_cite(_D3, TAKE_BACK, REPLY),
    take_back_tacit=_silence(_D3, TAKE_BACK, REPLY),
    transfer=_cite(_D3, TRANSFER_KIND, TRANSFER),
    transfer_extension=_cite(_D3, TRANSFER_KIND, TRANSFER, IMPRISONMENT),
    transfer_expiry=_silence(_D3, TRANSFER_KIND, TRANSFER),
    transfer_decision=None,
    irregular_entry_months=12,
    expired_residence_months=24,
    expired_visa_months=6,
)

AMMR_RULES = RegimeRules(
    regime=_AMMR,
    family_definition=_ammr(2),
    family_definition_minor=_ammr(2),
    freezing=_ammr(24),
    uam_family=_ammr(25, 2),
    uam_married=_ammr(25, 2),
    uam_relative=_ammr(25, 3),
    uam_several=_ammr(25, 4),
    uam_default=_ammr(25, 5),
    uam_present=None,
    beneficiary=_ammr(26),
    applicant_family=_ammr(27),
    family_procedure=_ammr(28),
    residence=_ammr(29, 1),
    visa=_ammr(29, 2),
    several_residence=_ammr(29, 3, point="a"),
    several_visa_same_type=_ammr(29, 3, point="b"),
    several_visa_other_type=_ammr(29, 3, point="c"),
    expired_documents=_ammr(29, 4),
    long_expired_documents=None,
    fraud=_ammr(29, 5),
    diploma=_ammr(30, 1),
    several_diplomas=_ammr(30, 2),
    irregular_entry=_ammr(33, 1),
    search_and_rescue=_ammr(33, 2),
    relocation=_ammr(33, 3),
    five_month_stay=None,
    visa_waiver=_ammr(31, 1),
    visa_waiver_other_state=_ammr(31, 2),
    transit_area=_ammr(32),
    dependency=_ammr(34, 1),
    dependency_other_state=_ammr(34, 2),
    sovereignty=_ammr(35, 1),
    humanitarian=_ammr(35, 2),
    default=_ammr(16, 2),
    barrier=_ammr(16, 3),
    barrier_fallback=_ammr(16, 3),
    cessation_residence=_ammr(37, 1),
    cessation_absence=None,
    cessation_return=None,
    cessation_failed_transfer=_ammr(37, 1),
    take_charge_request=_cite(_AMMR, TAKE_CHARGE, REQUEST),
    take_charge_request_eurodac=_cite(_AMMR, TAKE_CHARGE, REQUEST, EURODAC_HIT),
    take_charge_request_late=_silence(_AMMR, TAKE_CHARGE, REQUEST),
    take_charge_reply=_cite(_AMMR, TAKE_CHARGE, REPLY),
    take_charge_reply_urgent=None,
    take_charge_reply_eurodac=_cite(_AMMR, TAKE_CHARGE, REPLY, EURODAC_HIT),
    tacit_acceptance=_silence(_AMMR, TAKE_CHARGE, REPLY),
    re_examination=None,
    take_back=_cite(_AMMR, TAKE_BACK, REQUEST),
    take_back_late=_silence(_AMMR, TAKE_BACK, REQUEST),
    take_back_irregular_stay=None,
    take_back_irregular_stay_late=None,
    take_back_reply=_cite(_AMMR, TAKE_BACK, REPLY),
    take_back_tacit=_silence(_AMMR, TAKE_BACK, REPLY),
    transfer=_cite(_AMMR, TRANSFER_KIND, TRANSFER),
    transfer_extension=_cite(_AMMR, TRANSFER_KIND, TRANSFER, IMPRISONMENT),
    transfer_expiry=_silence(_AMMR, TRANSFER_KIND, TRANSFER),
    transfer_decision=_cite(_AMMR, TRANSFER_KIND, TRANSFER_DECISION),
    irregular_entry_months=20,
    expired_residence_months=36,
    expired_visa_months=18,
)

REGIME_SELECTION = Citation(AMMR, "application clause", unit="")

# Provisions the specification marks UNVERIFIED; every use is flagged in the output.
UNVERIFIED: frozenset[Citation] = frozenset(
    item
    for item in (
        REGIME_SELECTION,
        DUBLIN_III_RULES.family_definition_minor,
        DUBLIN_III_RULES.freezing,
        DUBLIN_III_RULES.uam_several,
        DUBLIN_III_RULES.expired_documents,
        DUBLIN_III_RULES.several_residence,
        DUBLIN_III_RULES.visa_waiver_other_state,
        DUBLIN_III_RULES.dependency,
        DUBLIN_III_RULES.humanitarian,
        DUBLIN_III_RULES.cessation_residence,
        DUBLIN_III_RULES.cessation_absence,
        DUBLIN_III_RULES.cessation_return,
        DUBLIN_III_RULES.take_back_irregular_stay_late,
        AMMR_RULES.family_definition,
        AMMR_RULES.freezing,
        AMMR_RULES.uam_default,
        AMMR_RULES.beneficiary,
        AMMR_RULES.applicant_family,
        AMMR_RULES.visa_waiver,
        AMMR_RULES.visa_waiver_other_state,
        AMMR_RULES.transit_area,
        AMMR_RULES.tacit_acceptance,
        AMMR_RULES.several_residence,
        # The time limits the kernel's table marks UNVERIFIED.
        *(rule.citation for rule in table.LIMITS if rule.unverified),
    )
    if item is not None
)

JAFARI = _d3(13, 1, reading="C-646/16 Jafari")
FRAUD_AFTER_ISSUE = _d3(12, 5, subparagraph=2)
BOUNDARY_DAY = Citation("1182/71", 3, 1, reading="responsibility-rules §9 item 8")
WEEKEND_ROLL = Citation("1182/71", 3, 4)
UNVERIFIED_EXTRA: frozenset[Citation] = frozenset(
    {JAFARI, FRAUD_AFTER_ISSUE, BOUNDARY_DAY, WEEKEND_ROLL}
)
ALL_UNVERIFIED: frozenset[Citation] = UNVERIFIED | UNVERIFIED_EXTRA


def _unverified_keys() -> dict[int, int]:
    """
    Map the id of every table citation equal to an UNVERIFIED one to a shared key.

    Equal citations (the same provision in two roles) share the key, so a provision
    is flagged once however many roles cite it.
    """
    tables: list[object] = [REGIME_SELECTION, *UNVERIFIED_EXTRA]
    for rules in (DUBLIN_III_RULES, AMMR_RULES):
        tables.extend(getattr(rules, name) for name in RegimeRules.__dataclass_fields__)
    for rule in table.LIMITS:
        tables.extend((rule.citation, rule.silence_citation))
    canonical: dict[Citation, int] = {}
    keys: dict[int, int] = {}
    for item in tables:
        if isinstance(item, Citation) and item in ALL_UNVERIFIED:
            keys[id(item)] = canonical.setdefault(item, id(item))
    return keys


# Identity lookups keep the per-reason check cheap (a citation's own hash is computed
# from its fields on every call); every citation the engine uses is one of the table
# objects above.
UNVERIFIED_KEYS: dict[int, int] = _unverified_keys()
UNVERIFIED_IDS: frozenset[int] = frozenset(UNVERIFIED_KEYS)
