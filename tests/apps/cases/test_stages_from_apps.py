"""Tracing requests and determinations move the person's case through its stages."""

from __future__ import annotations

from datetime import timedelta

import pytest

from haven.apps.accounts.policy import policy
from haven.apps.cases.models import Case, CaseTransition
from haven.apps.cases.services import (
    TransitionRefused,
    case_advance,
    case_transition,
)
from haven.apps.core.actors import Actor
from haven.apps.determinations.services import (
    determination_create,
    determination_refresh_stale,
)
from haven.apps.errors import InvalidInputError, PermissionDeniedError
from haven.apps.people.models import Location, Registration
from haven.apps.tracing.models import TracingRequest
from haven.apps.tracing.services import tracing_request_create
from haven.engines.workflow import CASE
from tests.apps.cases.builders import case_at_determination, case_registered, child
from tests.apps.determinations.builders import EDITS, child_with_brother_in_the_uk
from tests.conftest import NOW

pytestmark = pytest.mark.django_db

LATER = NOW + timedelta(days=2)


def screened(case):
    return case_transition(
        case=case,
        target="screened",
        actor=Actor(name="cw", role="caseworker"),
        reason="age and needs checked",
        now=NOW + timedelta(days=1),
    )


def trace(person, user, *, now=LATER):
    return tracing_request_create(
        person=person,
        requested_by="the child",
        relation="uncle",
        name_as_remembered="Abdallah",
        approx_age=45,
        last_known_city="Leeds",
        nationality="SD",
        remembered="works in a restaurant",
        actor=Actor.of_user(user),
        now=now,
    )


def last_step(case):
    return CaseTransition.objects.filter(case=case, machine="case").last()


@pytest.mark.parametrize("before", ["registered", "screened"])
def test_a_tracing_request_moves_a_case_before_tracing_to_tracing(
    camp, make_user, before
):
    """The step is logged with the caseworker, their role and the request's id."""
    case = case_registered(child())
    if before == "screened":
        case = screened(case)
    user = make_user("caseworker")
    request = trace(case.person, user)
    case.refresh_from_db()
    assert case.state == Case.State.TRACING
    assert case.state_since == LATER
    step = last_step(case)
    assert (step.from_state, step.to_state) == (before, "tracing")
    assert (step.actor, step.role) == (user.username, "caseworker")
    assert step.reason == f"tracing request {request.pk} opened"


def test_a_tracing_request_leaves_a_case_at_determination_where_it_is(camp, make_user):
    case, now = case_at_determination()
    steps = CaseTransition.objects.filter(case=case).count()
    trace(case.person, make_user("caseworker"), now=now)
    case.refresh_from_db()
    assert case.state == Case.State.DETERMINATION
    assert CaseTransition.objects.filter(case=case).count() == steps


def test_a_tracing_request_for_a_person_without_a_case_opens_none(camp, make_user):
    person = child()
    trace(person, make_user("caseworker"))
    assert TracingRequest.objects.filter(person=person).count() == 1
    assert Case.objects.filter(person=person).exists() is False


def test_a_case_step_the_role_may_not_take_keeps_the_tracing_request_unsaved(
    camp, make_user
):
    """The request and the case's step are one transaction."""
    case = case_registered(child())
    with pytest.raises(PermissionDeniedError):
        trace(case.person, make_user("dublin_officer"))
    assert TracingRequest.objects.filter(person=case.person).exists() is False
    case.refresh_from_db()
    assert case.state == Case.State.REGISTERED


def test_skipping_screening_by_hand_needs_the_tracing_request_behind_it(
    camp, make_user
):
    case = case_registered(child())
    with pytest.raises(TransitionRefused) as caught:
        case_transition(
            case=case,
            target="tracing",
            actor=Actor(name="cw", role="caseworker"),
            reason="uncle declared",
            now=LATER,
        )
    assert "no tracing request was opened" in str(caught.value.field_errors)
    TracingRequest.objects.create(
        person=case.person,
        requested_by="the child",
        relation="uncle",
        name_as_remembered="Abdallah",
        created_at=NOW,
        created_by=make_user("caseworker"),
    )
    moved = case_transition(
        case=case,
        target="tracing",
        actor=Actor(name="cw", role="caseworker"),
        reason="uncle declared",
        now=LATER,
    )
    assert moved.state == Case.State.TRACING


def test_a_determination_moves_a_case_in_tracing_to_determination(camp, make_user):
    person = child_with_brother_in_the_uk(camp)
    case = screened(case_registered(person))
    officer = make_user("dublin_officer")
    trace(person, make_user("caseworker"))
    run = determination_create(
        person=person, actor=Actor.of_user(officer), edits=EDITS, now=LATER
    )
    case.refresh_from_db()
    assert case.state == Case.State.DETERMINATION
    step = last_step(case)
    assert (step.from_state, step.to_state) == ("tracing", "determination")
    assert (step.actor, step.role) == (officer.username, "dublin_officer")
    stored = run.determination
    assert step.reason == (
        f"determination {stored.pk} recorded: "
        f"{stored.responsible_state} responsible under {stored.article}"
    )


def test_a_registered_case_moves_to_determination_on_a_reused_determination(
    camp, make_user
):
    """A determination made before the case was opened counts once it is run again."""
    person = child_with_brother_in_the_uk(camp)
    officer = make_user("dublin_officer")
    first = determination_create(
        person=person, actor=Actor.of_user(officer), edits=EDITS, now=NOW
    )
    case = case_registered(person, now=NOW + timedelta(hours=1))
    again = determination_create(
        person=person,
        actor=Actor.of_user(officer),
        edits=EDITS,
        now=NOW + timedelta(hours=2),
    )
    assert again.reused is True
    assert again.determination.pk == first.determination.pk
    case.refresh_from_db()
    assert case.state == Case.State.DETERMINATION
    assert last_step(case).from_state == "registered"


def test_a_refresh_by_the_system_leaves_the_case_where_it_is(camp, make_user):
    person = child_with_brother_in_the_uk(camp)
    determination_create(
        person=person,
        actor=Actor.of_user(make_user("dublin_officer")),
        edits=EDITS,
        now=NOW,
    )
    case = case_registered(person, now=NOW + timedelta(hours=1))
    brussels = Location.objects.create(
        key="brussels", name="Brussels", kind="city", country="BE"
    )
    Registration.objects.create(
        person=person,
        source_kind=Registration.SourceKind.STATE_AUTHORITY,
        source_name="Office des étrangers",
        external_id="be-1",
        location=brussels,
        registered_at=NOW,
        registered_by="clerk-9",
        asylum_lodged_on=NOW.date(),
    )
    refreshed = determination_refresh_stale(now=LATER)
    assert len(refreshed) == 1
    case.refresh_from_db()
    assert case.state == Case.State.REGISTERED


def test_a_determination_leaves_a_refused_case_to_the_officers(camp, make_user):
    person = child_with_brother_in_the_uk(camp)
    case, now = case_at_determination(person)
    Case.objects.filter(pk=case.pk).update(state=Case.State.REFUSED)
    determination_create(
        person=person,
        actor=Actor.of_user(make_user("dublin_officer")),
        edits=EDITS,
        now=now,
    )
    case.refresh_from_db()
    assert case.state == Case.State.REFUSED


def test_apps_may_move_a_case_only_to_tracing_or_determination(camp):
    case = case_registered(child())
    with pytest.raises(InvalidInputError) as caught:
        case_advance(
            person=case.person,
            target="accepted",
            actor=Actor(name="cw", role="caseworker"),
            reason="x",
            now=LATER,
        )
    assert "target" in caught.value.field_errors


def test_the_case_page_links_to_the_latest_determination(camp, client, make_user):
    person = child_with_brother_in_the_uk(camp)
    case = case_registered(person)
    officer = make_user("dublin_officer")
    run = determination_create(
        person=person, actor=Actor.of_user(officer), edits=EDITS, now=LATER
    )
    client.force_login(officer)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'data-state="determination"' in page
    assert f'href="/determinations/people/{person.pk}/"' in page
    assert run.determination.article in page
    client.force_login(make_user("registration_clerk"))
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert run.determination.article in page
    assert f'href="/determinations/people/{person.pk}/"' not in page


def test_every_role_that_traces_or_determines_may_take_the_case_step():
    """Otherwise a tracing request or determination would be refused with the step."""

    def granted(resource: str, action: str) -> list[str]:
        return [
            role
            for role, grants in policy().grants.items()
            if (resource, action) in grants
        ]

    for roles, target, stages in (
        (granted("tracing", "run"), "tracing", ("registered", "screened")),
        (
            granted("determination", "run"),
            "determination",
            ("registered", "screened", "tracing"),
        ),
    ):
        assert roles
        for role in roles:
            for stage in stages:
                assert target in CASE.targets(stage, role=role), (role, stage)


def test_the_tracing_page_linked_from_the_case_moves_the_case(camp, client, make_user):
    """The walk a caseworker takes: case page, family tracing, save, back."""
    case = screened(case_registered(child()))
    client.force_login(make_user("caseworker"))
    page = client.get(f"/cases/{case.pk}/").content.decode()
    tracing_url = f"/tracing/people/{case.person.pk}/"
    assert f'id="case-tracing" href="{tracing_url}"' in page
    response = client.post(
        tracing_url,
        {
            "requested_by": "the child",
            "relation": "uncle",
            "name_as_remembered": "Abdallah",
            "last_known_city": "Leeds",
        },
    )
    assert response.status_code == 302
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'data-state="tracing"' in page
    assert "tracing request" in page
