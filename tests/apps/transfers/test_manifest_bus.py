"""
Manifests for a real bus: people added in one go with their case checked,
departure raising alerts only for this manifest's people who did not board,
the print for the escort, and the record scope of every step.

Expected values are counted by hand from the situation each test builds.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from haven.apps.accounts.policy import scope_q
from haven.apps.audit.models import AuditEvent
from haven.apps.cases.models import Case
from haven.apps.cases.services import (
    decision_record,
    request_create,
    request_transition,
)
from haven.apps.core.actors import Actor
from haven.apps.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from haven.apps.people.models import Location, Person
from haven.apps.transfers.models import (
    ManifestEntry,
    ManifestPrint,
    MissingPersonAlert,
)
from haven.apps.transfers.selectors import entry_get, manifest_get
from haven.apps.transfers.services import (
    custody_check_in,
    custody_check_out,
    custody_report_missing,
    manifest_create,
    manifest_depart,
    manifest_entries_add,
    manifest_entry_remove,
    manifest_print,
)
from tests.apps.cases.builders import (
    OFFICER,
    case_at_determination,
    child,
    sent_request,
)
from tests.conftest import NOW

pytestmark = pytest.mark.django_db

CW = Actor(name="cw", role="caseworker")
DUBLIN = Actor(name=OFFICER, role="dublin_officer")


@pytest.fixture
def centre_gb(camp):
    return Location.objects.create(
        key="centre-croydon", name="Croydon", kind="centre", country="GB", capacity=40
    )


@pytest.fixture
def centre_de(camp):
    return Location.objects.create(
        key="centre-dortmund", name="Dortmund", kind="centre", country="DE", capacity=9
    )


def bus(now=NOW):
    return manifest_create(
        mode="bus",
        origin_key="calais-containers",
        departure_planned=now,
        check_in_within_hours=12,
        escorts=[("Escort A", "France terre d'asile")],
        now=now,
        actor=CW,
    )


def add(manifest, people, destination, *, reason="", within=None, actor=CW):
    return manifest_entries_add(
        manifest=manifest,
        person_ids=[p.pk for p in people],
        destination_key=destination.key,
        escort=None,
        override_reason=reason,
        now=NOW,
        actor=actor,
        within=within,
    )


def states(entries):
    return [ManifestEntry.objects.get(pk=e.pk).state for e in entries]


# Departure: alerts only for this manifest's people who did not board


def test_departure_raises_one_alert_for_the_one_child_of_this_bus_who_did_not_board(
    centre,
):
    # Bus A: three children, two board. Bus B: two children, one checked out, one
    # not, leaving later. Two more children are on no manifest at all.
    a1, a2, a3, b1, b2, n1, n2 = (child() for _ in range(7))
    bus_a, bus_b = bus(), bus()
    line_a1, line_a2, line_a3 = add(bus_a, [a1, a2, a3], centre)
    line_b1, line_b2 = add(bus_b, [b1, b2], centre)
    for line in (line_a1, line_a3, line_b2):
        custody_check_out(entry=line, reason="boarded", now=NOW, actor=CW)

    manifest_depart(manifest=bus_a, did_not_board=[line_a2.pk], now=NOW, actor=CW)

    [alert] = MissingPersonAlert.objects.all()
    assert alert.person_id == a2.pk
    assert alert.entry_id == line_a2.pk
    assert states([line_a1, line_a2, line_a3]) == [
        "in_transit",
        "missing",
        "in_transit",
    ]
    # Bus B has not left: nothing of it moved, and nobody off any bus was touched.
    assert states([line_b1, line_b2]) == ["planned", "checked_out"]
    assert not MissingPersonAlert.objects.filter(person__in=[b1, b2, n1, n2]).exists()
    assert manifest_get(pk=bus_b.pk).state == "planned"
    departed = AuditEvent.objects.filter(action="manifest.depart")
    assert [e.object_id for e in departed] == [str(bus_a.pk)]


def test_a_departure_confirmed_on_another_state_of_the_bus_records_nothing(centre):
    a1, a2, b1 = child(), child(), child()
    bus_a, bus_b = bus(), bus()
    line_a1, line_a2 = add(bus_a, [a1, a2], centre)
    [line_b1] = add(bus_b, [b1], centre)
    custody_check_out(entry=line_a1, reason="boarded", now=NOW, actor=CW)
    wrong = {
        "nobody confirmed": [],
        "a line of another bus": [line_a2.pk, line_b1.pk],
        "a child who boarded": [line_a1.pk, line_a2.pk],
    }
    for name, confirmed in wrong.items():
        with pytest.raises(InvalidInputError) as refused:
            manifest_depart(manifest=bus_a, did_not_board=confirmed, now=NOW, actor=CW)
        assert set(refused.value.field_errors) == {"did_not_board"}, name
    assert not MissingPersonAlert.objects.exists()
    assert states([line_a1, line_a2, line_b1]) == ["checked_out", "planned", "planned"]
    assert manifest_get(pk=bus_a.pk).state == "planned"


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    plan=st.lists(st.tuples(st.integers(0, 2), st.booleans()), min_size=1, max_size=7),
    off_bus=st.integers(0, 2),
)
def test_departure_alerts_exactly_the_lines_of_its_bus_not_checked_out(
    centre, plan, off_bus
):
    # Each child goes on one of three buses, checked out or not; bus 0 leaves.
    buses = [bus(), bus(), bus()]
    lines = []
    for index, boards in plan:
        [line] = add(buses[index], [child()], centre)
        if boards:
            custody_check_out(entry=line, reason="boarded", now=NOW, actor=CW)
        lines.append((index, boards, line))
    for _ in range(off_bus):
        child()
    on_bus_0 = [line for index, _, line in lines if index == 0]
    if not on_bus_0:
        return
    left_behind = {
        line.pk for index, boards, line in lines if index == 0 and not boards
    }
    before = MissingPersonAlert.objects.count()
    manifest_depart(
        manifest=buses[0], did_not_board=sorted(left_behind), now=NOW, actor=CW
    )
    raised = set(
        MissingPersonAlert.objects.order_by("pk")[before:].values_list(
            "entry_id", flat=True
        )
    )
    assert raised == left_behind
    for index, boards, line in lines:
        expected = (
            ("in_transit" if boards else "missing")
            if index == 0
            else ("checked_out" if boards else "planned")
        )
        assert states([line]) == [expected]


# Adding people: several at once, each case checked


def test_several_children_are_added_at_once_and_audited(centre):
    people = [child(), child(), child()]
    lines = add(bus(), people, centre)
    assert [line.person_id for line in lines] == [p.pk for p in people]
    added = AuditEvent.objects.filter(action="manifest.entry_add")
    assert sorted(e.object_id for e in added) == sorted(str(p.pk) for p in people)


def test_a_child_on_a_bus_under_way_is_refused_naming_that_bus(centre):
    person = child()
    first = bus()
    add(first, [person], centre)
    with pytest.raises(InvalidInputError) as refused:
        add(bus(), [person], centre)
    assert refused.value.field_errors["people"] == [
        f"{person.registration_number}: already on manifest {first.reference}"
    ]


def test_a_pending_request_to_another_state_needs_an_override_with_a_reason(centre):
    case, now = case_at_determination()
    case, _ = sent_request(case, now)  # take charge to GB, awaiting its reply
    free = child()
    manifest = bus()
    with pytest.raises(InvalidInputError) as refused:
        add(manifest, [free, case.person], centre)
    [blocked, ask] = refused.value.field_errors["override_reason"]
    assert blocked.startswith(f"{case.person.registration_number}: ")
    assert "GB" in blocked
    assert "Dublin III Art 29(1)" in blocked
    assert "reason" in ask
    # All or none: the child whose case is clear was not added either.
    assert not ManifestEntry.objects.exists()

    lines = add(
        manifest,
        [free, case.person],
        centre,
        reason="Moved with her brother; the request follows her to Lozère.",
    )
    assert [line.override_codes for line in lines] == [[], ["request_elsewhere"]]
    assert lines[1].override_reason.startswith("Moved with her brother")
    assert lines[0].override_reason == ""
    [override] = AuditEvent.objects.filter(action="manifest.entry_override")
    assert override.object_id == str(lines[1].pk)


def test_which_requests_block_which_destinations(centre, centre_gb, centre_de):
    # Awaiting GB's reply: a French centre and Germany are elsewhere; GB itself
    # has not accepted yet.
    case, now = case_at_determination()
    case, request = sent_request(case, now)
    for destination, code in (
        (centre, "request_elsewhere"),
        (centre_de, "request_elsewhere"),
        (centre_gb, "request_not_accepted"),
    ):
        with pytest.raises(InvalidInputError) as refused:
            add(bus(), [case.person], destination)
        assert len(refused.value.field_errors["override_reason"]) == 2, code
    # GB accepts: a move within France (to the centre the transfer leaves from) and
    # the transfer to GB are clear; a move to Germany is not.
    decision_record(
        case=case,
        request=request,
        subject="request_reply",
        outcome="accepted",
        reason_code="family_member_present",
        reason_text="Uncle in Leeds.",
        appeal_route="",
        actor=DUBLIN,
        now=now,
    )
    [line] = add(bus(), [case.person], centre)
    assert line.override_codes == []
    ManifestEntry.objects.all().delete()
    [line] = add(bus(), [case.person], centre_gb)
    assert line.override_codes == []
    ManifestEntry.objects.all().delete()
    [line] = add(bus(), [case.person], centre_de, reason="court order")
    assert line.override_codes == ["accepted_elsewhere"]


def test_a_withdrawn_request_blocks_nothing(centre):
    case, now = case_at_determination()
    request = request_create(
        case=case,
        kind="take_charge",
        requesting_state="FR",
        requested_state="GB",
        legal_basis="Dublin III Art 8(1)",
        lodged_on=now.date(),
        urgent=False,
        eurodac_hit_on=None,
        actor=DUBLIN,
        now=now,
    )
    with pytest.raises(InvalidInputError):  # a draft to GB blocks a move in France
        add(bus(), [case.person], centre)
    request_transition(
        request=request,
        target="withdrawn",
        actor=DUBLIN,
        reason="the child's uncle could not be confirmed",
        now=now,
    )
    [line] = add(bus(), [case.person], centre)
    assert line.override_codes == []


# Print for the escort


def test_a_print_is_one_audited_event_naming_everyone_on_the_paper(centre):
    people = [child(), child()]
    manifest = bus()
    add(manifest, people, centre)
    printed = manifest_print(manifest=manifest, now=NOW + timedelta(hours=1), actor=CW)
    assert printed.people == [p.pk for p in people]
    assert printed.printed_by == "cw"
    [event] = AuditEvent.objects.filter(action="manifest.print")
    assert (event.object_type, event.object_id) == ("manifest_print", str(printed.pk))


def test_roles_that_do_not_run_transfers_may_not_print(centre):
    manifest = bus()
    add(manifest, [child()], centre)
    with pytest.raises(PermissionDeniedError):
        manifest_print(
            manifest=manifest, now=NOW, actor=Actor(name="c", role="registration_clerk")
        )
    assert not ManifestPrint.objects.exists()


# Record scope


def test_another_agencys_child_is_neither_added_shown_printed_nor_checked_in(
    centre, make_user
):
    ours, theirs = child(), child()
    Person.objects.filter(pk=theirs.pk).update(agency="Another agency", team="")
    Person.objects.filter(pk=ours.pk).update(agency="Safe Passage", team="north")
    user = make_user("caseworker", agency="Safe Passage")
    within = scope_q(user, "transfer", "run", record="person")
    manifest = bus()
    with pytest.raises(InvalidInputError) as refused:
        add(manifest, [ours, theirs], centre, within=within)
    assert refused.value.field_errors["people"] == [
        "1 of the people chosen cannot be found in your records"
    ]
    # Added by the Dublin unit, who reads every agency's people.
    line_ours, line_theirs = add(manifest, [ours, theirs], centre)
    shown = manifest_get(pk=manifest.pk, within=within)
    assert [e.person_id for e in shown.entries.all()] == [ours.pk]
    assert entry_get(manifest_pk=manifest.pk, pk=line_theirs.pk, within=within) is None
    actor = Actor.of_user(user)
    with pytest.raises(PermissionDeniedError):
        manifest_print(manifest=manifest, now=NOW, actor=actor, within=within)
    custody_check_out(entry=line_theirs, reason="boarded", now=NOW, actor=CW)
    with pytest.raises(NotFoundError):
        custody_check_in(
            entry=line_theirs, reason="arrived", now=NOW, actor=actor, within=within
        )
    with pytest.raises(PermissionDeniedError):
        manifest_depart(
            manifest=manifest,
            did_not_board=[line_ours.pk],
            now=NOW,
            actor=actor,
            within=within,
        )
    assert not MissingPersonAlert.objects.exists()


def test_an_absconded_child_needs_an_override_with_no_article(centre):
    case, _ = case_at_determination()
    Case.objects.filter(pk=case.pk).update(state="absconded")
    with pytest.raises(InvalidInputError) as refused:
        add(bus(), [case.person], centre)
    [blocked, _ask] = refused.value.field_errors["override_reason"]
    assert blocked == (
        f"{case.person.registration_number}: The case records the person as absconded."
    )
    [line] = add(bus(), [case.person], centre, reason="found and seen by the nurse")
    assert line.override_codes == ["absconded"]


def test_a_person_not_yet_checked_out_is_taken_off_and_no_one_else(centre):
    manifest = bus()
    first, second, third = add(manifest, [child(), child(), child()], centre)
    manifest_entry_remove(entry=first, now=NOW, actor=CW)
    assert list(manifest.entries.values_list("pk", flat=True)) == [
        second.pk,
        third.pk,
    ]
    [removed] = AuditEvent.objects.filter(action="manifest.entry_remove")
    assert removed.object_id == str(first.person_id)
    custody_check_out(entry=second, reason="boarded", now=NOW, actor=CW)
    custody_report_missing(entry=third, reason="ran off", now=NOW, actor=CW)
    for line in (second, third):
        with pytest.raises(InvalidInputError) as refused:
            manifest_entry_remove(entry=line, now=NOW, actor=CW)
        assert set(refused.value.field_errors) == {"entry"}
    assert manifest.entries.count() == 2
