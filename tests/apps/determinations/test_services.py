"""Determinations on the database: facts from the record, reuse, refresh, requests."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from haven.apps.audit.models import AuditEvent
from haven.apps.cases.models import DublinRequest
from haven.apps.cases.selectors import request_next_limit, request_tracker
from haven.apps.cases.services import (
    request_reply,
    request_transition,
    request_withdraw,
)
from haven.apps.core.actors import Actor
from haven.apps.determinations.models import Determination
from haven.apps.determinations.selectors import determination_facts_from_record
from haven.apps.determinations.services import (
    InvalidFactsInputError,
    determination_create,
    determination_refresh_stale,
    determination_stale,
    facts_edits,
    facts_merge,
    request_draft,
)
from haven.apps.errors import InvalidInputError
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
        asylum_lodged_on=NOW.date(),
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


def _drafted(person, officer, **overrides):
    run = determination_create(
        person=person, actor=Actor.of_user(officer), edits=EDITS, now=NOW
    )
    return request_draft(
        determination=run.determination,
        actor=Actor.of_user(officer),
        now=NOW,
        **overrides,
    )


def _sent(request, officer, on):
    return request_transition(
        request=request,
        target="sent",
        actor=Actor(name=officer.get_username(), role="dublin_officer"),
        reason="via DubliNet",
        on=on,
        now=NOW,
    )


def test_a_request_drafted_from_a_determination_is_pre_filled_from_it(camp, make_user):
    """The determined state, its article, the lodging date; a case is opened."""
    officer = make_user("dublin_officer")
    child = child_with_brother_in_the_uk(camp)
    request = _drafted(child, officer)
    assert request.requested_state == "GB"
    assert request.requesting_state == "FR"
    assert request.legal_basis == "Dublin III Art 8(1)"
    assert request.lodged_on == date(2016, 10, 1)
    assert request.regime == "dublin3"
    assert request.kind == "take_charge"
    assert request.state == "drafted"
    assert request.case.person == child
    assert request.determination.person == child
    assert AuditEvent.objects.filter(
        action="request.create", object_id=str(request.pk)
    ).exists()
    # Lodged 1 October 2016: three months (Art 21(1)), 1 January is a Sunday.
    assert request_next_limit(request).due == date(2017, 1, 2)


def test_the_tracker_lists_every_request_most_urgent_first_and_flags_overdue(
    camp, make_user
):
    """Drafted and sent alike; limits from the engine; closed ones on asking."""
    officer = make_user("dublin_officer")
    early = child_with_brother_in_the_uk(camp, "HVN-T0001")
    late = child_with_brother_in_the_uk(camp, "HVN-T0002")
    answered = child_with_brother_in_the_uk(camp, "HVN-T0003")
    mistaken = child_with_brother_in_the_uk(camp, "HVN-T0004")
    recent = _sent(_drafted(late, officer), officer, date(2016, 10, 10))
    old = _sent(_drafted(early, officer), officer, date(2016, 7, 1))
    done = _sent(
        _drafted(
            answered,
            officer,
            kind="take_back",
            requested_state="IT",
            legal_basis="Dublin III Art 18(1)(b)",
        ),
        officer,
        date(2016, 10, 1),
    )
    request_reply(
        request=done,
        reply="accepted",
        replied_on=date(2016, 10, 12),
        actor=Actor(name="officer", role="dublin_officer"),
        now=NOW,
    )
    draft = _drafted(mistaken, officer)
    request_withdraw(
        request=draft,
        reason="drafted for the wrong child",
        actor=Actor(name="officer", role="dublin_officer"),
        now=NOW,
    )
    tracked = request_tracker(today=date(2016, 10, 20))
    assert [item.request.pk for item in tracked] == [old.pk, recent.pk, done.pk]
    # Sent 1 July 2016, no receipt recorded: two months (Art 22(1)).
    assert tracked[0].limit.name == "reply"
    assert tracked[0].limit.due == date(2016, 9, 1)
    assert tracked[0].overdue is True
    # 10 December 2016 is a Saturday: the limit rolls to Monday the 12th.
    assert tracked[1].limit.due == date(2016, 12, 12)
    assert tracked[1].overdue is False
    assert tracked[1].days_left == 53
    # Accepted 12 October 2016: six months to transfer (Art 29(1)).
    assert tracked[2].limit.name == "transfer"
    assert tracked[2].limit.due == date(2017, 4, 12)
    everything = request_tracker(today=date(2016, 10, 20), closed=True)
    assert draft.pk in [item.request.pk for item in everything]
    withdrawn = next(item for item in everything if item.request.pk == draft.pk)
    assert withdrawn.request.withdrawal_reason == "drafted for the wrong child"
    assert withdrawn.closed is True


def test_a_request_with_a_recorded_reply_is_in_the_facts_and_takes_no_second_reply(
    camp, make_user
):
    """The reply reaches the engine's facts; a second reply is refused."""
    officer = make_user("dublin_officer")
    child = child_with_brother_in_the_uk(camp)
    request = _sent(_drafted(child, officer, urgent=True), officer, date(2016, 10, 5))
    request_reply(
        request=request,
        reply="accepted",
        replied_on=date(2016, 10, 18),
        actor=Actor(name="officer", role="dublin_officer"),
        now=NOW,
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
    request.refresh_from_db()
    with pytest.raises(InvalidInputError) as raised:
        request_reply(
            request=request,
            reply="refused",
            replied_on=date(2016, 10, 19),
            actor=Actor(name="officer", role="dublin_officer"),
            now=NOW,
        )
    assert "reply" in raised.value.field_errors
    run = determination_create(person=child, edits=EDITS, now=NOW)
    assert run.determination.result["deadlines"]["transfer"]["date"] == "2017-04-18"


def test_a_request_naming_unknown_or_equal_states_is_refused_per_field(camp, make_user):
    """Every wrong field is named at once and nothing is stored."""
    officer = make_user("dublin_officer")
    child = child_with_brother_in_the_uk(camp)
    run = determination_create(
        person=child, actor=Actor.of_user(officer), edits=EDITS, now=NOW
    )
    with pytest.raises(InvalidInputError) as raised:
        request_draft(
            determination=run.determination,
            actor=Actor.of_user(officer),
            kind="take_back",
            requested_state="FR",
            lodged_on=date(2016, 11, 1),
            urgent=True,
            now=NOW,
        )
    assert set(raised.value.field_errors) == {"requested_state", "lodged_on", "urgent"}
    with pytest.raises(InvalidInputError) as raised:
        request_draft(
            determination=run.determination,
            actor=Actor.of_user(officer),
            requesting_state="XX",
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


def test_a_case_opened_by_a_request_takes_the_determinations_regime_and_is_audited(
    camp, make_user
):
    # An application lodged from 12 June 2026 is under the AMMR (its Art 85): the
    # case a request opens must say so, not the model's default, and opening and
    # moving it are written to the audit trail with the request.
    officer = make_user("dublin_officer")
    child = child_with_brother_in_the_uk(camp)
    run = determination_create(
        person=child, actor=Actor.of_user(officer), edits=EDITS, now=NOW
    )
    Determination.objects.filter(pk=run.determination.pk).update(regime="ammr")
    run.determination.refresh_from_db()
    request = request_draft(
        determination=run.determination, actor=Actor.of_user(officer), now=NOW
    )
    case = request.case
    assert case.regime == "ammr"
    assert request.regime == "ammr"
    actions = set(
        AuditEvent.objects.filter(
            object_type="case", object_id=str(case.pk)
        ).values_list("action", flat=True)
    )
    assert "case.open" in actions
    assert "case.determination" in actions
