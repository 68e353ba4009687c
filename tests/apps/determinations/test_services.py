"""Determinations on the database: facts from the record, reuse, refresh, requests."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from haven.apps.audit.models import AuditEvent
from haven.apps.core.actors import Actor
from haven.apps.determinations.models import Determination, DublinRequest
from haven.apps.determinations.selectors import (
    determination_facts_from_record,
    dublin_request_tracker,
)
from haven.apps.determinations.services import (
    InvalidFactsInputError,
    determination_create,
    determination_refresh_stale,
    determination_stale,
    dublin_request_create,
    dublin_request_reply_record,
    facts_edits,
    facts_merge,
)
from haven.apps.errors import ConflictError, InvalidInputError
from haven.apps.people.models import Location, Registration
from haven.engines.responsibility import ENGINE_VERSION, facts_hash
from tests.apps.determinations.builders import EDITS, child_with_brother_in_the_uk
from tests.conftest import NOW

pytestmark = pytest.mark.django_db


def test_facts_from_the_record_name_the_child_the_application_and_the_brother(camp):
    """Nationality, age, child status, registrations and relatives become facts."""
    child = child_with_brother_in_the_uk(camp)
    facts = determination_facts_from_record(person=child)
    assert facts["applicant"] == {
        "date_of_birth": "2001-01-01",
        "nationality": "ER",
        "unaccompanied": True,
    }
    assert facts["applications"] == [{"state": "FR", "date": "2016-10-01"}]
    assert facts["determining_state"] == "FR"
    assert facts["family_members"] == [
        {"relation": "sibling", "state": "GB", "date_of_birth": "1995-04-01"}
    ]
    assert facts["s67"] == {"present_in_calais_camp_on": "2016-09-01"}


def test_a_determination_on_the_record_alone_asks_for_what_is_missing(camp, make_user):
    """Without the brother's lawful presence the engine names the missing fact."""
    child = child_with_brother_in_the_uk(camp)
    run = determination_create(
        person=child, actor=Actor.of_user(make_user("dublin_officer")), now=NOW
    )
    stored = run.determination
    assert run.reused is False
    assert stored.responsible_state == ""
    assert stored.result["needs_information"] == [
        "$.family_members[0].legally_present (Dublin III Art 8(1))"
    ]
    assert stored.engine_version == ENGINE_VERSION
    assert stored.facts_hash == facts_hash(stored.facts)
    assert stored.determination_date == date(2016, 10, 20)


def test_edited_facts_give_the_article_and_deadline_and_are_audited(camp, make_user):
    """With the caseworker's additions the UK is responsible under Art 8(1)."""
    child = child_with_brother_in_the_uk(camp)
    officer = make_user("dublin_officer")
    run = determination_create(
        person=child, actor=Actor.of_user(officer), edits=EDITS, now=NOW
    )
    stored = run.determination
    assert stored.responsible_state == "GB"
    assert stored.article == "Dublin III Art 8(1)"
    assert stored.result["deadlines"]["take_charge_request"]["date"] == "2017-01-02"
    assert stored.edits == EDITS
    assert stored.determined_by == officer
    assert AuditEvent.objects.filter(
        action="determination.create", object_id=str(stored.pk)
    ).exists()


def test_the_same_facts_on_the_same_day_reuse_the_stored_determination(camp, make_user):
    """Identical facts, engine version and day give back the stored row."""
    child = child_with_brother_in_the_uk(camp)
    user = make_user("caseworker")
    first = determination_create(
        person=child, actor=Actor.of_user(user), edits=EDITS, now=NOW
    )
    full = dict(first.determination.facts)
    again = determination_create(
        person=child, actor=Actor.of_user(user), facts=full, now=NOW
    )
    assert again.reused is True
    assert again.determination.pk == first.determination.pk
    next_day = determination_create(
        person=child,
        actor=Actor.of_user(user),
        edits=EDITS,
        now=NOW + timedelta(days=1),
    )
    assert next_day.reused is False
    assert Determination.objects.filter(person=child).count() == 2


def test_invalid_facts_are_refused_naming_each_json_path(camp, make_user):
    """Bad edits raise one error with every path, and store nothing."""
    child = child_with_brother_in_the_uk(camp)
    edits = {"applicant": {"date_of_birth": "2001-02-30"}, "colour": "blue"}
    with pytest.raises(InvalidFactsInputError) as raised:
        determination_create(
            person=child, actor=Actor.of_user(make_user()), edits=edits, now=NOW
        )
    assert set(raised.value.field_errors) == {"$.applicant.date_of_birth", "$.colour"}
    assert not Determination.objects.exists()


def test_facts_and_edits_together_are_refused(camp, make_user):
    """The caller gives the whole facts or the changes, not both."""
    child = child_with_brother_in_the_uk(camp)
    with pytest.raises(InvalidInputError):
        determination_create(
            person=child, actor=Actor.of_user(make_user()), facts={}, edits={}
        )


def test_edits_round_trip_through_merge():
    """The edits between two fact sets lay one over the other exactly."""
    record = {"applicant": {"nationality": "ER", "date_of_birth": "2001-01-01"}, "x": 1}
    facts = {
        "applicant": {"nationality": "SD", "date_of_birth": "2001-01-01"},
        "y": [2],
    }
    edits = facts_edits(record, facts)
    assert edits == {"applicant": {"nationality": "SD"}, "y": [2], "x": None}
    assert facts_merge(record, edits) == facts


def test_a_change_in_the_record_makes_the_determination_stale_and_refresh_redoes_it(
    camp, make_user
):
    """A new registration changes the facts hash; refresh keeps the edits."""
    child = child_with_brother_in_the_uk(camp)
    first = determination_create(
        person=child, actor=Actor.of_user(make_user()), edits=EDITS, now=NOW
    ).determination
    assert determination_stale(person=child) is False
    assert determination_refresh_stale(now=NOW) == []
    brussels = Location.objects.create(
        key="brussels", name="Brussels", kind="city", country="BE"
    )
    Registration.objects.create(
        person=child,
        source_kind=Registration.SourceKind.STATE_AUTHORITY,
        source_name="Office des étrangers",
        external_id="be-1",
        location=brussels,
        registered_at=NOW,
        registered_by="clerk-9",
    )
    assert determination_stale(person=child) is True
    refreshed = determination_refresh_stale(now=NOW + timedelta(hours=1))
    assert [item.person_id for item in refreshed] == [child.pk]
    latest = refreshed[0]
    assert latest.facts_hash != first.facts_hash
    assert latest.edits == EDITS
    assert latest.facts["determining_state"] == "BE"
    assert latest.determined_by is None
    assert determination_stale(person=child) is False


def test_the_tracker_lists_open_requests_most_urgent_first_and_flags_overdue(
    camp, make_user
):
    """Deadlines come from the engine; an unanswered late request is overdue."""
    officer = make_user("dublin_officer")
    early = child_with_brother_in_the_uk(camp, "HVN-T0001")
    late = child_with_brother_in_the_uk(camp, "HVN-T0002")
    answered = child_with_brother_in_the_uk(camp, "HVN-T0003")
    recent = dublin_request_create(
        person=late,
        kind="take_charge",
        requesting_state="FR",
        requested_state="GB",
        sent=date(2016, 10, 10),
        actor=Actor.of_user(officer),
        now=NOW,
    )
    old = dublin_request_create(
        person=early,
        kind="take_charge",
        requesting_state="FR",
        requested_state="GB",
        sent=date(2016, 7, 1),
        actor=Actor.of_user(officer),
        now=NOW,
    )
    done = dublin_request_create(
        person=answered,
        kind="take_back",
        requesting_state="FR",
        requested_state="IT",
        sent=date(2016, 10, 1),
        actor=Actor.of_user(officer),
        now=NOW,
    )
    dublin_request_reply_record(
        request=done, reply="accepted", reply_date=date(2016, 10, 12), now=NOW
    )
    tracked = dublin_request_tracker(today=date(2016, 10, 20))
    assert [item.request.pk for item in tracked] == [old.pk, recent.pk]
    assert tracked[0].deadline.name == "take_charge_reply"
    assert tracked[0].deadline.due == date(2016, 9, 1)
    assert tracked[0].overdue is True
    assert tracked[1].deadline.due == date(2016, 12, 12)
    assert tracked[1].overdue is False
    assert tracked[1].days_left == 53
    assert old.regime == "dublin3"


def test_a_request_with_a_recorded_reply_is_in_the_facts_and_cannot_be_replied_twice(
    camp, make_user
):
    """The reply reaches the engine's facts; a second reply is a conflict."""
    child = child_with_brother_in_the_uk(camp)
    request = dublin_request_create(
        person=child,
        kind="take_charge",
        requesting_state="FR",
        requested_state="GB",
        sent=date(2016, 10, 5),
        urgent=True,
        now=NOW,
    )
    dublin_request_reply_record(
        request=request, reply="accepted", reply_date=date(2016, 10, 18), now=NOW
    )
    facts = determination_facts_from_record(person=child)
    assert facts["requests"] == [
        {
            "type": "take_charge",
            "requesting_state": "FR",
            "requested_state": "GB",
            "sent": "2016-10-05",
            "urgent": True,
            "reply": {"date": "2016-10-18", "decision": "accepted"},
        }
    ]
    with pytest.raises(ConflictError):
        dublin_request_reply_record(
            request=request, reply="refused", reply_date=date(2016, 10, 19), now=NOW
        )
    run = determination_create(person=child, edits=EDITS, now=NOW)
    assert run.determination.result["deadlines"]["transfer"]["date"] == "2017-04-18"


def test_a_request_naming_unknown_or_equal_states_is_refused_per_field(camp):
    """Every wrong field is named at once and nothing is stored."""
    child = child_with_brother_in_the_uk(camp)
    with pytest.raises(InvalidInputError) as raised:
        dublin_request_create(
            person=child,
            kind="take_back",
            requesting_state="FR",
            requested_state="FR",
            sent=date(2016, 11, 1),
            urgent=True,
            now=NOW,
        )
    assert set(raised.value.field_errors) == {"requested_state", "sent", "urgent"}
    with pytest.raises(InvalidInputError) as raised:
        dublin_request_create(
            person=child,
            kind="take_charge",
            requesting_state="XX",
            requested_state="GB",
            sent=date(2016, 10, 1),
            now=NOW,
        )
    assert set(raised.value.field_errors) == {"requesting_state"}
    assert not DublinRequest.objects.exists()


@pytest.mark.postgres
def test_stored_facts_hash_the_same_after_a_round_trip_through_jsonb(camp):
    """PostgreSQL reorders JSONB keys; the canonical hash does not change."""
    child = child_with_brother_in_the_uk(camp)
    run = determination_create(person=child, edits=EDITS, now=NOW)
    stored = Determination.objects.get(pk=run.determination.pk)
    assert facts_hash(stored.facts) == stored.facts_hash
    assert determination_stale(person=child) is False
