"""
A small world with one record of every kind the routes name, for the access tests.

Every record hangs off two people (a pair is needed for duplicates and merges).
``hold`` moves both people, their household and the export to one of the four
relations to the acting user that specs/security.md T-S1 names: own, same group
(team), same agency, other agency.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from haven.apps.accounts.models import User
from haven.apps.cases.models import Appeal, Case, Decision, DublinRequest, Letter
from haven.apps.cases.services import appeal_lodge, decision_record
from haven.apps.core.actors import Actor
from haven.apps.exports.models import Export
from haven.apps.exports.services import export_create
from haven.apps.jobs.models import Job
from haven.apps.people.models import (
    Consent,
    Household,
    Location,
    Person,
    Registration,
)
from haven.apps.placements.models import AllocationRun
from haven.apps.sharing.models import DataSharingAgreement, Disclosure, Recipient
from haven.apps.sharing.services import disclosure_request
from haven.apps.tracing.models import (
    Candidate,
    DuplicatePair,
    Merge,
    MergeConflict,
    TracingRequest,
)
from haven.apps.tracing.services import duplicate_merge, tracing_request_create
from haven.apps.transfers.models import Manifest, ManifestEntry, MissingPersonAlert
from haven.apps.transfers.services import manifest_create, manifest_entry_add
from tests.apps.cases.builders import (
    OFFICER,
    case_at_determination,
    child,
    sent_request,
)

RELATIONS = ("own", "group", "agency", "other")
AGENCY, TEAM = "Safe Passage", "north"
OTHER_TEAM = "south"
OTHER_AGENCY, OTHER_AGENCY_TEAM = "France terre d'asile", "east"
# Which relations each scope reaches.
REACH = {
    "own": {"own"},
    "group": {"own", "group"},
    "agency": {"own", "group", "agency"},
    "all": set(RELATIONS),
}


@dataclass
class World:
    people: list[Person]
    household: Household
    case: Case
    decision: Decision
    letter: Letter
    appeal: Appeal
    dublin_request: DublinRequest
    tracing: TracingRequest
    candidate: Candidate
    duplicate: DuplicatePair
    merge: Merge
    merge_conflict: MergeConflict
    disclosure: Disclosure
    export: Export
    job: Job
    manifest: Manifest
    entry: ManifestEntry
    alert: MissingPersonAlert
    run: AllocationRun
    consent: Consent
    location: Location
    colleagues: dict[str, User]

    def kwargs(self) -> dict[str, dict[str, object]]:
        """URL arguments for each kind of record a route names."""
        return {
            # A line of a manifest and an alert, each held by its person.
            "transfer": {"entry_pk": self.entry.pk},
            "alert": {"pk": self.alert.pk},
            "person": {"pk": self.people[0].pk},
            "household": {"pk": self.household.pk},
            "case": {"pk": self.case.pk},
            "letter": {"pk": self.letter.pk},
            "decision": {"pk": self.decision.pk},
            "appeal": {"pk": self.appeal.pk},
            "determination": {"pk": self.people[0].pk},
            "dublin_request": {"pk": self.dublin_request.pk},
            "tracing": {"pk": self.tracing.pk},
            "candidate": {"pk": self.candidate.pk},
            "duplicate": {"pk": self.duplicate.pk},
            "merge": {"pk": self.merge.pk},
            "merge_conflict": {"pk": self.merge_conflict.pk},
            "disclosure": {"pk": self.disclosure.pk},
            "export": {"token": self.export.token},
            "job": {"pk": self.job.pk},
        }

    def hold(self, relation: str, user: User) -> None:
        """Put every record of the world in ``relation`` to ``user``."""
        agency, team, owner = {
            "own": (AGENCY, TEAM, user),
            "group": (AGENCY, TEAM, None),
            "agency": (AGENCY, OTHER_TEAM, None),
            "other": (OTHER_AGENCY, OTHER_AGENCY_TEAM, None),
        }[relation]
        Person.objects.filter(pk__in=[p.pk for p in self.people]).update(
            agency=agency, team=team, owner=owner
        )
        maker = user if relation == "own" else self.colleagues[relation]
        Export.objects.filter(pk=self.export.pk).update(created_by=maker)
        Job.objects.filter(pk=self.job.pk).update(started_by=maker)


def build_world(camp: Location) -> World:
    """Make one record of every kind, through the services where they exist."""
    now = timezone.now()
    colleagues = {
        "group": User.objects.create_user(
            "colleague-group", role="caseworker", agency=AGENCY, team=TEAM
        ),
        "agency": User.objects.create_user(
            "colleague-agency", role="caseworker", agency=AGENCY, team=OTHER_TEAM
        ),
        "other": User.objects.create_user(
            "colleague-other",
            role="caseworker",
            agency=OTHER_AGENCY,
            team=OTHER_AGENCY_TEAM,
        ),
    }
    maker = colleagues["group"]
    case, at = case_at_determination()
    person = case.person
    case, dublin_request = sent_request(case, at)
    consent = Consent.objects.create(
        person=person,
        purpose=Consent.Purpose.SHARING,
        recipient="Safe Passage UK",
        given_at=now,
        given_by_recorder="cw",
    )
    twin = child()
    household = Household.objects.create(reference="W-000001", location=camp)
    Person.objects.filter(pk__in=[person.pk, twin.pk]).update(household=household)
    decision = decision_record(
        case=case,
        subject="eligibility",
        outcome="refused",
        reason_code="assessed_as_adult",
        reason_text="Assessed as an adult by two social workers.",
        appeal_route="uk_judicial_review",
        actor=Actor(name=OFFICER, role="dublin_officer"),
        now=at + timedelta(hours=1),
    )
    letter = decision.letters.first()
    assert letter is not None
    appeal = appeal_lodge(
        decision=decision,
        lodged_on=(at + timedelta(days=1)).date(),
        suspensive=False,
        actor=Actor(name="cw", role="caseworker"),
        now=at + timedelta(days=1),
    )
    tracing = tracing_request_create(
        person=person,
        requested_by="the child",
        relation="uncle",
        name_as_remembered="Abdallah",
        approx_age=40,
        last_known_city="Leeds",
        nationality="",
        remembered="",
        actor=Actor.of_user(maker),
        now=now,
    )
    left = Registration.objects.filter(person=person).first()
    right = Registration.objects.filter(person=twin).first()
    assert left is not None
    assert right is not None
    candidate = Candidate.objects.create(
        request=tracing,
        registration=right,
        rank=1,
        probability=0.9,
        bayes_factor=9.0,
        contributions=[{"field": "dob", "level": "exact", "match_weight": 6.0}],
    )
    merged_pair = DuplicatePair.objects.create(
        left=left,
        right=right,
        band=DuplicatePair.Band.REVIEW,
        probability=0.7,
        explanation=[{"field": "dob", "level": "exact", "match_weight": 6.0}],
        scanned_at=now,
    )
    merge = duplicate_merge(
        pair=merged_pair, reason="same phone", actor=Actor.of_user(maker), now=now
    )
    # The merge moved the twin's registration: register the twin again for a pair
    # that stays open.
    third = child()
    Person.objects.filter(pk=third.pk).update(household=household)
    again = Registration.objects.filter(person=third).first()
    assert again is not None
    duplicate = DuplicatePair.objects.create(
        left=left if left.pk < again.pk else again,
        right=again if left.pk < again.pk else left,
        band=DuplicatePair.Band.REVIEW,
        probability=0.7,
        explanation=[{"field": "dob", "level": "exact", "match_weight": 6.0}],
        scanned_at=now,
    )
    # Humanitarian, approved at once, so the first role allowed to send does. Its
    # consent is an override: another route withdraws the world's consent.
    recipient = Recipient.objects.create(
        name="Croix-Rouge française", kind="humanitarian", country="FR"
    )
    DataSharingAgreement.objects.create(
        reference="DSA-WORLD-1",
        recipient=recipient,
        fields=["registration_number", "given_name"],
        valid_from=(now - timedelta(days=365)).date(),
        valid_until=(now + timedelta(days=365)).date(),
    )
    disclosure = disclosure_request(
        person=person,
        recipient=recipient,
        purpose="referral to a foster placement",
        legal_basis="vital_interests",
        agreement_reference="DSA-WORLD-1",
        fields=["given_name"],
        requested_by=Actor.of_user(maker),
        now=now,
        consent_override_reason="the child cannot be asked in time",
    )
    made = export_create(
        kind="ledger",
        filename="ledger.csv",
        rows=[("a", "b")],
        actor=Actor.of_user(maker),
        now=now,
    )
    centre = Location.objects.create(
        key="centre-world", name="Centre", kind="centre", country="FR", capacity=10
    )
    manifest = manifest_create(
        mode="bus",
        origin_key="calais-containers",
        departure_planned=now,
        check_in_within_hours=4,
        escorts=[("Escort A", AGENCY)],
        now=now,
        actor=Actor(name="cw", role="caseworker"),
    )
    entry = manifest_entry_add(
        manifest=manifest,
        registration_number=third.registration_number,
        destination_key=centre.key,
        escort=None,
        now=now,
        actor=Actor(name="cw", role="caseworker"),
    )
    alert = MissingPersonAlert.objects.create(
        entry=entry, person=third, raised_at=now, raised_by="haven"
    )
    people = [
        Person.objects.get(pk=pk) for pk in (person.pk, third.pk, merge.merged_id)
    ]
    return World(
        people=people,
        household=household,
        case=case,
        decision=decision,
        letter=letter,
        appeal=appeal,
        dublin_request=dublin_request,
        tracing=tracing,
        candidate=candidate,
        duplicate=duplicate,
        merge=merge,
        # A conflict on a merge of the world's people that the route matrix does
        # not undo (undoing a merge removes its conflicts); it was undone already,
        # so resolving it is refused with a message, and blocks no other undo.
        merge_conflict=MergeConflict.objects.create(
            merge=Merge.objects.create(
                survivor=third,
                merged=person,
                merged_at=now,
                unmerged_at=now,
                merged_by_name="world",
            ),
            kind="people.Person.household",
            survivor_row=household.pk,
            merged_row=household.pk,
        ),
        disclosure=disclosure,
        export=made.export,
        # A job that has not started: the worker is not running in these tests.
        job=Job.objects.create(
            kind="exports.purge",
            started_by=maker,
            actor_name=maker.username,
            created_at=now,
        ),
        manifest=manifest,
        entry=entry,
        alert=alert,
        run=AllocationRun.objects.create(
            created_at=now,
            created_by=maker,
            source="database",
            solver="milp",
            objective_name="fairness",
            objective=1.0,
            lp_bound=1.0,
            best_bound=1.0,
            gap=0.0,
            proven_optimal=True,
            families_placed=0,
            persons_placed=0,
            persons_unplaced=0,
            report={"assignments": [], "unplaced": []},
        ),
        location=camp,
        colleagues=colleagues,
        consent=consent,
    )
