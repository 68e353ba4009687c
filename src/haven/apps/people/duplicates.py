"""
Likely duplicates of a person about to be registered, found before saving.

People already registered are found by the search keys of the new person's names
(``person_search``: any script, any order of the words), within what the clerk may
read, and each is scored against the new person with the linkage model the latest
duplicate scan trained (the tracing app provides it, see ``scan_model_provider``):
the same calibrated probability and the same bands as the duplicate queue. Before
any scan there is no model; the people found by name are then listed without a
score, and the page says so.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from django.db.models import Q

from haven.apps.people.inputs import PersonInput
from haven.apps.people.models import Person, Registration
from haven.apps.people.selectors import Record, person_search, registration_record
from haven.engines.linkage import (
    REVIEW_FLOOR,
    LinkageError,
    LinkageModel,
    link_registries,
)

# The duplicate queue's bands (tracing.services.VERY_LIKELY_THRESHOLD and the
# engine's REVIEW_FLOOR): a warning means what a pair in the queue means.
VERY_LIKELY: Final = 0.99
CANDIDATES: Final = 25
SHOWN: Final = 5
# Which person fields a reason of the model reads, for the reasons a clerk may see.
REASON_FIELDS: Final = {
    "nationality": "nationalities",
    "place_of_origin": "place_of_origin",
    "phone": "phone",
}

ModelProvider = Callable[[], LinkageModel | None]
_PROVIDERS: list[ModelProvider] = []


def scan_model_provider(provider: ModelProvider) -> ModelProvider:
    """Declare where the latest scan's model comes from (the tracing app does)."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)
    return provider


@dataclass(frozen=True, slots=True)
class LikelyDuplicate:
    """Someone already registered who may be the member being registered."""

    member: int  # the member's place in the form, from 0
    person: Person
    probability: float | None  # None when no scan has trained a model yet
    band: str  # "very_likely", "review" or "name_only"
    reasons: list[dict[str, Any]] = field(default_factory=list)


def _model() -> LinkageModel | None:
    for provider in _PROVIDERS:
        model = provider()
        if model is not None:
            return model
    return None


def _record(member: PersonInput, record_id: str) -> Record:
    name = member.name
    return {
        "record_id": record_id,
        "given_name": name.given_name,
        "father_name": name.father_name,
        "grandfather_name": name.grandfather_name,
        "family_name": name.family_name,
        "name_native": name.native,
        "sex": member.sex,
        "dob": member.date_of_birth.isoformat() if member.date_of_birth else "",
        "dob_precision": member.dob_precision,
        "nationality": member.nationalities[0] if member.nationalities else "",
        "place_of_origin": member.place_of_origin,
        "phone": member.phone,
        "city": "",
    }


def _found_by_name(member: PersonInput, within: Q) -> list[Person]:
    name = member.name
    queries = [
        " ".join(p for p in (name.given_name, name.father_name) if p),
        " ".join(p for p in (name.given_name, name.family_name) if p),
        name.native,
    ]
    found: dict[int, Person] = {}
    for query in dict.fromkeys(q.strip() for q in queries if q.strip()):
        for person in person_search(query=query, within=within)[:CANDIDATES]:
            found.setdefault(person.pk, person)
    return list(found.values())[:CANDIDATES]


def _scored(
    member: PersonInput, people: list[Person], model: LinkageModel
) -> dict[int, tuple[float, list[dict[str, Any]]]]:
    registrations = Registration.objects.filter(person__in=people).select_related(
        "location"
    )
    owner = {str(r.pk): r.person_id for r in registrations}
    records = [registration_record(r) for r in registrations]
    if len(records) < 2:  # the engine compares registries of two records or more
        records.append({"record_id": "placeholder", "given_name": ""})
    linking = LinkageModel.from_settings(_without_term_frequencies(model.settings))
    new: list[Record] = [
        _record(member, "new"),
        {"record_id": "new-placeholder", "given_name": ""},
    ]
    try:
        pairs = link_registries(new, records, model=linking, threshold=REVIEW_FLOOR)
    except LinkageError:
        return {}
    best: dict[int, tuple[float, list[dict[str, Any]]]] = {}
    for pair in pairs:
        person_id = owner.get(pair.right_id)
        if pair.left_id != "new" or person_id is None:
            continue
        if person_id not in best or pair.probability > best[person_id][0]:
            reasons = [
                {"field": c.field, "level": c.level, "match_weight": c.match_weight}
                for c in pair.contributions
            ]
            best[person_id] = (pair.probability, reasons)
    return best


def _without_term_frequencies(settings: dict[str, Any]) -> dict[str, Any]:
    """
    Return the scan's settings to link one new record to a few people.

    Term frequencies would be counted in those few records, where every name is
    common; the levels keep the weights the scan estimated, without adjustment.
    """
    settings = {**settings, "link_type": "link_only"}
    for comparison in settings.get("comparisons", []):
        for level in comparison.get("comparison_levels", []):
            level.pop("tf_adjustment_column", None)
            level.pop("tf_adjustment_weight", None)
    return settings


def likely_duplicates(
    members: Sequence[PersonInput], *, within: Q, readable: frozenset[str]
) -> list[LikelyDuplicate]:
    """
    Return, for each member, the people already registered who may be them.

    ``within`` is the clerk's record scope (``scope_q``); ``readable`` the person
    fields the clerk may read: a reason about a field they may not see is left
    out (its weight still counts). Most likely first; at most SHOWN a member.
    """
    model = _model()
    found: list[LikelyDuplicate] = []
    for index, member in enumerate(members):
        people = _found_by_name(member, within)
        if not people:
            continue
        if model is None:
            found.extend(
                LikelyDuplicate(index, person, None, "name_only")
                for person in people[:SHOWN]
            )
            continue
        scores = _scored(member, people, model)
        ranked = sorted(
            (p for p in people if p.pk in scores), key=lambda p: -scores[p.pk][0]
        )
        for person in ranked[:SHOWN]:
            probability, reasons = scores[person.pk]
            shown = [
                r
                for r in reasons
                if REASON_FIELDS.get(str(r["field"]), "given_name") in readable
            ]
            band = "very_likely" if probability >= VERY_LIKELY else "review"
            found.append(LikelyDuplicate(index, person, probability, band, shown))
    return found
