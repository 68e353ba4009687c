"""Builders of people with a record in every table that can refer to them."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from django.db import models

from haven.apps.cases.models import (
    Appeal,
    Case,
    CaseTransition,
    Decision,
    Delivery,
    DublinRequest,
    Letter,
    Return,
    StatusCode,
)
from haven.apps.determinations.models import Determination
from haven.apps.operations.models import IdempotencyKey
from haven.apps.people.models import (
    Bed,
    Consent,
    Household,
    Location,
    NameKey,
    Person,
    PersonEvent,
    PersonName,
    Registration,
    Relationship,
    Vulnerability,
)
from haven.apps.placements.models import AllocationRun, Placement, Pledge, Scheme
from haven.apps.retention.erasure import ERASURE_PLAN
from haven.apps.retention.models import LegalHold
from haven.apps.sharing.models import DataSharingAgreement, Disclosure, Recipient
from haven.apps.tracing.models import (
    Candidate,
    DuplicatePair,
    MatchDecision,
    Merge,
    TracingRequest,
)
from haven.apps.transfers.models import (
    AlertEvent,
    CustodyEvent,
    Manifest,
    ManifestEntry,
    MissingPersonAlert,
)
from tests.conftest import NOW

_KEPT = {t.model: set(t.keep) for t in ERASURE_PLAN}
# A canary must be long enough to be unique; shorter fields hold codes.
_MIN_LENGTH = 12


class Canaries:
    """Hand out unique canaries and remember them."""

    def __init__(self) -> None:
        self.issued: list[str] = []

    def new(self, max_length: int | None = None) -> str:
        canary = f"CANARY-{uuid.uuid4()}"
        if max_length is not None:
            canary = canary[:max_length]
        self.issued.append(canary)
        return canary

    def seed(self, obj: models.Model, **fixed: object) -> models.Model:
        """Put a canary in every free-text field of ``obj`` and save it."""
        kept = _KEPT.get(obj._meta.label, set())
        for field in obj._meta.concrete_fields:
            if field.name in kept or field.name in fixed or field.choices:
                continue
            if isinstance(field, models.JSONField):
                setattr(obj, field.name, {"seeded": [self.new()]})
            elif isinstance(field, models.CharField | models.TextField):
                length = field.max_length
                if length is None or length >= _MIN_LENGTH:
                    setattr(obj, field.name, self.new(length))
        for name, value in fixed.items():
            setattr(obj, name, value)
        obj.save()
        return obj


def person_with_everything(canaries: Canaries, *, other: Person, user) -> Person:
    """Return a person with a closed case and a row in every related table."""
    camp = Location.objects.create(
        key=f"camp-{uuid.uuid4().hex[:8]}", name="Camp", kind="camp", country="FR"
    )
    household = Household.objects.create(reference=f"HH-{uuid.uuid4().hex[:8]}")
    person = canaries.seed(
        Person(sex="F", household=household, housed_at=camp),
        nationalities=["SY", canaries.new()],
    )
    merged = canaries.seed(Person(sex="F", nationalities=["SY"]))
    for who in (person, merged):
        canaries.seed(PersonName(person=who))
        NameKey.objects.create(person=who, key=canaries.new(64))
        canaries.seed(PersonEvent(person=who, at=NOW, fields=[canaries.new()]))
    Relationship.objects.create(person=person, relative=other, relation="sibling")
    Relationship.objects.create(person=other, relative=person, relation="sibling")
    registration = canaries.seed(
        Registration(
            person=person,
            source_kind="state_authority",
            registered_at=NOW,
            location=camp,
        )
    )
    other_registration = Registration.objects.filter(person=other).first()
    canaries.seed(
        Vulnerability(
            person=person, code="SP-GB", recorded_at=NOW, row_uid=uuid.uuid4()
        )
    )
    consent = canaries.seed(Consent(person=person, purpose="sharing", given_at=NOW))
    recipient = Recipient.objects.create(
        name=f"Recipient {uuid.uuid4().hex[:6]}", kind="humanitarian", country="FR"
    )
    canaries.seed(
        Disclosure(
            person=person,
            recipient=recipient,
            agreement=DataSharingAgreement.objects.create(
                reference=f"DSA-{uuid.uuid4().hex[:8]}",
                recipient=recipient,
                fields=["registration_number"],
                valid_from=date(2016, 1, 1),
                valid_until=date(2017, 12, 31),
            ),
            legal_basis="consent",
            fields=["registration_number"],
            consent=consent,
            state="sent",
            requested_by=user,
            requested_at=NOW,
            sent_at=NOW,
        )
    )
    Bed.objects.create(location=camp, number=1, person=person, assigned_at=NOW)
    # The case, closed, and everything that hangs on it.
    case = canaries.seed(
        Case(
            person=person,
            state="withdrawn",
            state_since=NOW,
            identified_at=NOW,
        )
    )
    canaries.seed(
        CaseTransition(
            case=case,
            machine="case",
            from_state="registered",
            to_state="withdrawn",
            at=NOW,
            role="caseworker",
        )
    )
    request = canaries.seed(
        DublinRequest(
            case=case,
            kind="take_charge",
            regime="dublin3",
            requesting_state="FR",
            requested_state="GB",
            legal_basis="Art. 8(1)",
            lodged_on=date(2016, 10, 1),
            drafted_at=NOW,
            sent_on=date(2016, 10, 3),
            reply="refused",
            replied_on=date(2016, 10, 9),
            state="refused",
        )
    )
    decision = canaries.seed(
        Decision(
            case=case,
            request=request,
            subject="request",
            outcome="refused",
            reason_code="no_family",
            appeal_route="tribunal",
            decided_on=date(2016, 10, 10),
            created_at=NOW,
        )
    )
    letter = canaries.seed(
        Letter(
            decision=decision, language="ar", translation_reviewed=True, issued_at=NOW
        )
    )
    canaries.seed(Delivery(letter=letter, method="read_out", delivered_at=NOW))
    Appeal.objects.create(
        case=case,
        decision=decision,
        state="decided",
        lodged_on=date(2016, 10, 12),
        in_time=True,
        outcome="dismissed",
        decided_on=date(2016, 10, 15),
    )
    canaries.seed(
        Return(
            case=case,
            decision=decision,
            route="voluntary",
            returned_on=date(2016, 10, 16),
            country="SY",
            recorded_at=NOW,
        )
    )
    canaries.seed(StatusCode(case=case, issued_at=NOW, revoked_at=None))
    canaries.seed(
        Determination(
            person=person,
            regime="dublin3",
            determination_date=date(2016, 10, 2),
            determined_at=NOW,
        )
    )
    # A withdrawn draft, whose reason is free text.
    canaries.seed(
        DublinRequest(
            case=case,
            kind="take_back",
            regime="dublin3",
            requesting_state="FR",
            requested_state="IT",
            drafted_at=NOW,
            state="withdrawn",
            withdrawn_on=date(2016, 10, 4),
            withdrawal_reason="drafted for someone else",
        )
    )
    # A move in custody that ended with a closed missing-person alert.
    manifest = Manifest.objects.create(
        reference=f"M-{uuid.uuid4().hex[:8]}",
        mode="bus",
        origin=camp,
        departure_planned=NOW,
        created_at=NOW,
        created_by="officer",
    )
    entry = ManifestEntry.objects.create(
        manifest=manifest, person=person, destination=camp, state="missing"
    )
    canaries.seed(
        CustodyEvent(
            entry=entry,
            from_state="in_transit",
            to_state="missing",
            at=NOW,
            role="caseworker",
        )
    )
    alert = canaries.seed(
        MissingPersonAlert(entry=entry, person=person, state="closed", raised_at=NOW)
    )
    canaries.seed(
        AlertEvent(
            alert=alert,
            from_state="found",
            to_state="closed",
            at=NOW,
            role="caseworker",
        )
    )
    # The ledger placed the person.
    scheme = Scheme.objects.create(key=f"s-{uuid.uuid4().hex[:6]}", name="Scheme")
    pledge = Pledge.objects.create(
        scheme=scheme,
        pledger_kind="state",
        pledger="GB",
        country="GB",
        kind="places",
        places=5,
        period_start=date(2016, 1, 1),
        period_end=date(2016, 12, 31),
        pledged_on=date(2016, 1, 1),
        places_delivered=1,
    )
    canaries.seed(
        Placement(pledge=pledge, person=person, places=1, placed_on=date(2016, 10, 5))
    )
    AllocationRun.objects.create(
        created_at=NOW,
        created_by=user,
        source="database",
        solver="milp",
        objective_name="fairness",
        objective=1.0,
        lp_bound=1.0,
        best_bound=1.0,
        gap=0.0,
        proven_optimal=True,
        families_placed=1,
        persons_placed=1,
        persons_unplaced=0,
        report={
            "assignments": [
                {"family_id": f"P{person.pk}", "label": person.registration_number}
            ],
            "unplaced": [],
        },
    )
    # Tracing: the person's own request, and a candidate that is the person.
    own = canaries.seed(
        TracingRequest(
            person=person, relation="brother", created_at=NOW, created_by=user
        )
    )
    for tracing_request, candidate_registration in (
        (own, other_registration),
        (
            TracingRequest.objects.create(
                person=other,
                requested_by="uncle",
                relation="sister",
                name_as_remembered="sister",
                created_at=NOW,
                created_by=user,
            ),
            registration,
        ),
    ):
        candidate = canaries.seed(
            Candidate(
                request=tracing_request,
                registration=candidate_registration,
                rank=1,
                probability=0.9,
                bayes_factor=9.0,
            )
        )
        canaries.seed(
            MatchDecision(
                candidate=candidate, decision="reject", decided_at=NOW, decided_by=user
            )
        )
    left, right = sorted([registration, other_registration], key=lambda r: r.pk)
    pair = canaries.seed(
        DuplicatePair(
            left=left, right=right, band="review", probability=0.6, scanned_at=NOW
        )
    )
    canaries.seed(
        Merge(survivor=person, merged=merged, pair=pair, moved={}, merged_at=NOW)
    )
    canaries.seed(
        LegalHold(
            person=person, kind="manual", placed_at=NOW, released_at=NOW + timedelta(1)
        )
    )
    # Other records that quote the person's number.
    PersonEvent.objects.create(
        person=other,
        at=NOW,
        actor="clerk",
        action="records merged",
        detail=person.registration_number,
    )
    IdempotencyKey.objects.create(
        user=user,
        key=str(uuid.uuid4()),
        request_hash="0" * 64,
        status_code=201,
        body={"registration_number": person.registration_number},
        created_at=NOW,
    )
    return person
