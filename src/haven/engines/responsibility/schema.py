"""
The facts format as a table: every object, its fields, their kinds and vocabularies.

The parser walks this table; ``facts.schema.json`` describes the same fields and a
test keeps the two in step.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from haven.engines.responsibility import facts as f
from haven.engines.responsibility import vocabulary as v


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One field: its kind, whether it is required, its choices or nested shape."""

    kind: str
    required: bool = False
    choices: tuple[Any, ...] = ()
    shape: Shape | None = None
    items: FieldSpec | None = None


@dataclass(frozen=True, slots=True)
class Shape:
    """A JSON object: its name in the schema, its fields and the value it builds."""

    name: str
    build: type
    fields: dict[str, FieldSpec] = field(default_factory=dict)


def _str(required: bool = False) -> FieldSpec:
    return FieldSpec("string", required)


def _bool(required: bool = False) -> FieldSpec:
    return FieldSpec("boolean", required)


def _date(required: bool = False) -> FieldSpec:
    return FieldSpec("date", required)


def _state(required: bool = False) -> FieldSpec:
    return FieldSpec("state", required)


def _enum(choices: tuple[Any, ...], required: bool = False) -> FieldSpec:
    return FieldSpec("enum", required, choices)


def _object(shape: Shape, required: bool = False) -> FieldSpec:
    return FieldSpec("object", required, shape=shape)


def _array(shape: Shape) -> FieldSpec:
    return FieldSpec("array", items=FieldSpec("object", shape=shape))


APPLICANT = Shape(
    "applicant",
    f.Applicant,
    {
        "date_of_birth": _date(),
        "nationality": FieldSpec("nationality"),
        "married": _bool(),
        "unaccompanied": _bool(),
        "health_prevents_travel": _bool(),
        "individual_responsible_state": _state(),
        "individual_criterion": _str(),
    },
)
APPLICATION = Shape(
    "application",
    f.Application,
    {
        "state": _state(True),
        "date": _date(True),
        "transit_area": _bool(),
        "first_instance_decision": _bool(),
        "visa_waived": _bool(),
    },
)
DEPENDENCY = Shape(
    "dependency",
    f.Dependency,
    {
        "direction": _enum(v.DEPENDENCY_DIRECTIONS, True),
        "ground": _enum(v.DEPENDENCY_GROUNDS, True),
        "carer_can_take_care": _bool(),
        "written_consent": _bool(),
    },
)
FAMILY_MEMBER = Shape(
    "family_member",
    f.FamilyMember,
    {
        "relation": _enum(v.RELATIONS, True),
        "state": _state(True),
        "status": _enum(v.STATUSES),
        "legally_present": _bool(),
        "family_existed_in_country_of_origin": _bool(),
        "family_existed_before_arrival": _bool(),
        "date_of_birth": _date(),
        "married": _bool(),
        "first_instance_decision": _bool(),
        "can_take_care": _bool(),
        "written_consent": _bool(),
        "co_applicant": _bool(),
        "individual_responsible_state": _state(),
        "dependency": _object(DEPENDENCY),
        "individual_criterion": _str(),
    },
)
DOCUMENT = Shape(
    "document",
    f.Document,
    {
        "type": _enum(v.DOCUMENT_TYPES, True),
        "issuing_state": _state(True),
        "valid_from": _date(),
        "valid_until": _date(),
        "visa_type": _enum(v.VISA_TYPES),
        "represented_state": _state(),
        "enabled_entry": _bool(),
        "false_identity": _bool(),
        "fraud_after_issue": _bool(),
        "study_from": _date(),
        "study_until": _date(),
    },
)
IRREGULAR_ENTRY = Shape(
    "irregular_entry",
    f.IrregularEntry,
    {
        "state": _state(True),
        "date": _date(True),
        "from_third_country": _bool(),
        "search_and_rescue": _bool(),
        "tolerated_by_transit_state": _bool(),
        "evidence": _enum(v.EVIDENCE),
    },
)
EURODAC_HIT = Shape(
    "eurodac_hit",
    f.EurodacHit,
    {
        "state": _state(True),
        "category": _enum(v.EURODAC_CATEGORIES, True),
        "taken": _date(),
        "received": _date(),
    },
)
STAY = Shape(
    "stay", f.Stay, {"state": _state(True), "start": _date(True), "end": _date(True)}
)
VISA_WAIVED_ENTRY = Shape(
    "visa_waived_entry", f.VisaWaivedEntry, {"state": _state(True), "date": _date(True)}
)
ABSENCE = Shape(
    "absence",
    f.Absence,
    {"left": _date(True), "returned": _date(), "under_return_decision": _bool()},
)
BEST_INTERESTS = Shape(
    "best_interests",
    f.BestInterests,
    {
        "assessed_on": _date(),
        "preferred_state": _state(),
        "not_in_best_interests": FieldSpec("array", items=_state()),
    },
)
TRANSFER_BARRIER = Shape(
    "transfer_barrier",
    f.TransferBarrier,
    {"state": _state(True), "ground": _enum(v.BARRIER_GROUNDS, True)},
)
DISCRETION = Shape(
    "discretion", f.Discretion, {"state": _state(True), "date": _date(True)}
)
REPLY = Shape(
    "reply", f.Reply, {"date": _date(True), "decision": _enum(v.DECISIONS, True)}
)
REQUEST = Shape(
    "request",
    f.Request,
    {
        "type": _enum(v.REQUEST_TYPES, True),
        "requesting_state": _state(True),
        "requested_state": _state(True),
        "sent": _date(True),
        "received": _date(),
        "urgent": _bool(),
        "urgent_reply_by": _date(),
        "eurodac_hit": _bool(),
        "written_consent": _bool(),
        "reply": _object(REPLY),
    },
)
TRANSFER = Shape(
    "transfer",
    f.Transfer,
    {
        "to_state": _state(True),
        "appeal_final_decision": _date(),
        "carried_out": _date(),
        "extension": _enum(v.EXTENSIONS),
        "extension_notified": _date(),
    },
)
S67 = Shape(
    "s67",
    f.S67Facts,
    {
        "criteria_version": _enum(v.S67_VERSIONS),
        "best_interests": _bool(),
        "present_in_calais_camp_on": _date(),
        "arrived_in_europe": _date(),
        "present_in_europe_on": _date(),
        "referred_high_risk_sexual_exploitation": _bool(),
        "accompanying_sibling_eligible": _bool(),
        "family_in_uk": _bool(),
        "transfers_counted": FieldSpec("integer"),
    },
)
FACTS = Shape(
    "facts",
    f.Facts,
    {
        "case_id": _str(),
        "determination_date": _date(),
        "regime": _enum(v.REGIMES),
        "determining_state": _state(),
        "applicant": _object(APPLICANT, True),
        "applications": _array(APPLICATION),
        "family_members": _array(FAMILY_MEMBER),
        "documents": _array(DOCUMENT),
        "irregular_entries": _array(IRREGULAR_ENTRY),
        "eurodac_hits": _array(EURODAC_HIT),
        "stays": _array(STAY),
        "visa_waived_entries": _array(VISA_WAIVED_ENTRY),
        "absences": _array(ABSENCE),
        "best_interests": _object(BEST_INTERESTS),
        "transfer_barriers": _array(TRANSFER_BARRIER),
        "relocated_to": _state(),
        "discretion": _array(DISCRETION),
        "requests": _array(REQUEST),
        "transfers": _array(TRANSFER),
        "s67": _object(S67),
    },
)

SHAPES: tuple[Shape, ...] = (
    FACTS,
    APPLICANT,
    APPLICATION,
    FAMILY_MEMBER,
    DEPENDENCY,
    DOCUMENT,
    IRREGULAR_ENTRY,
    EURODAC_HIT,
    STAY,
    VISA_WAIVED_ENTRY,
    ABSENCE,
    BEST_INTERESTS,
    TRANSFER_BARRIER,
    DISCRETION,
    REQUEST,
    REPLY,
    TRANSFER,
    S67,
)


def json_schema() -> dict[str, Any]:
    """Return the JSON Schema of the facts format, read from ``facts.schema.json``."""
    text = (
        resources.files("haven.engines.responsibility")
        .joinpath("facts.schema.json")
        .read_text(encoding="utf-8")
    )
    schema: dict[str, Any] = json.loads(text)
    return schema
