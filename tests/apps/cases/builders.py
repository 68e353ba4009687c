"""Builders for case tests: an unaccompanied child with a case."""

from __future__ import annotations

from datetime import timedelta

from haven.apps.cases.services import case_open, case_transition, request_create
from haven.apps.core.actors import Actor
from haven.apps.people.services import person_register
from tests.apps.people.builders import ACTOR, child_input, registration_input
from tests.conftest import NOW

OFFICER = "officer-1"


def child(**overrides):
    values = {"child_status": "unaccompanied", "languages": ("ar",)}
    values.update(overrides)
    return person_register(
        person=child_input(**values),
        registration=registration_input(),
        actor=ACTOR,
        now=NOW,
    )


def case_registered(person=None, *, now=NOW):
    return case_open(
        person=person or child(),
        actor=Actor(name="clerk-1", role="registration_clerk"),
        contact="Safe Passage, container camp office",
        now=now,
    )


def case_at_determination(person=None, *, now=NOW):
    case = case_registered(person, now=now)
    for target in ("screened", "determination"):
        now += timedelta(days=1)
        case = case_transition(
            case=case,
            target=target,
            actor=Actor(name="cw", role="caseworker"),
            reason="done",
            now=now,
        )
    return case, now


def sent_request(case, now):
    request = request_create(
        case=case,
        kind="take_charge",
        requesting_state="FR",
        requested_state="GB",
        legal_basis="Dublin III Art 8(1)",
        lodged_on=now.date(),
        urgent=False,
        eurodac_hit_on=None,
        actor=Actor(name=OFFICER, role="dublin_officer"),
        now=now,
    )
    from haven.apps.cases.services import request_transition

    for target in ("sent", "reply_due"):
        request = request_transition(
            request=request,
            target=target,
            actor=Actor(name=OFFICER, role="dublin_officer"),
            reason="via DubliNet",
            now=now,
        )
    # Sending a take-charge request moves the case on (docs/adr/0019).
    case.refresh_from_db()
    return case, request
