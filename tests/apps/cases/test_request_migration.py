"""
The migration to one request model keeps every request of both former models.

The database is taken back to the schema before it (cases 0001, determinations
0001), filled through the former models with a row in every state and status,
and migrated forward; every row must arrive with its values. Runs on SQLite and
PostgreSQL alike (no SQL of its own).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from haven.apps.cases.models import Case, CaseTransition, DublinRequest
from haven.apps.people.models import Person

BEFORE = [("cases", "0001_initial"), ("determinations", "0001_initial")]
AT = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
# Every state of the former case requests, with the events it had recorded.
OLD_STATES = [
    "drafted",
    "sent",
    "reply_due",
    "accepted",
    "deemed_accepted",
    "refused",
    "re_examination",
    "transfer_due",
    "transferred",
    "expired",
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


def _person(number: str) -> Person:
    return Person.objects.create(
        registration_number=number,
        given_name="Yonas",
        sex="M",
        nationalities=["ER"],
        dob_precision="exact",
        agency="Safe Passage",
        team="north",
    )


def _day(at: datetime) -> date:
    return at.date()


@pytest.mark.django_db(transaction=True)
def test_every_request_of_both_former_models_arrives_with_its_values():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    executor = _migrate(BEFORE)
    try:
        old = executor.loader.project_state(BEFORE).apps
        old_transfer = old.get_model("cases", "TransferRequest")
        old_dublin = old.get_model("determinations", "DublinRequest")
        with_case = _person("HVN-M0001")
        case = Case.objects.create(
            person=with_case,
            state="request_sent",
            state_since=AT,
            identified_at=AT,
            regime="ammr",
            contact="Safe Passage",
        )
        former = {}
        for number, state in enumerate(OLD_STATES, start=1):
            row = old_transfer.objects.create(
                case_id=case.pk,
                kind="take_charge" if number % 2 else "take_back",
                requesting_state="FR",
                requested_state="DE",
                legal_basis=f"AMMR Art {number}",
                urgent=False,
                eurodac=number % 3 == 0,
                lodged_on=date(2026, 10, number),
                state=state,
                request_due=date(2026, 12, number),
                sent_on=None if state == "drafted" else date(2026, 10, 20),
                replied_on=date(2026, 10, 25)
                if state in ("accepted", "refused", "re_examination", "transfer_due")
                else None,
                accepted_on=date(2026, 10, 25) if state == "accepted" else None,
            )
            former[state] = row.pk
            if state in ("reply_due", "re_examination"):
                CaseTransition.objects.create(
                    case=case,
                    machine="request",
                    subject_id=row.pk,
                    from_state="sent",
                    to_state="reply_due",
                    at=datetime(2026, 10, 21, 9, tzinfo=UTC),
                    actor="officer",
                    role="dublin_officer",
                    reason="received",
                )
            if state == "re_examination":
                CaseTransition.objects.create(
                    case=case,
                    machine="request",
                    subject_id=row.pk,
                    from_state="refused",
                    to_state="re_examination",
                    at=datetime(2026, 10, 28, 9, tzinfo=UTC),
                    actor="officer",
                    role="dublin_officer",
                    reason="asked to look again",
                )
        # Former determination-page requests: one per status, for a person with a
        # case and for people without one.
        without_case = [_person(f"HVN-M010{n}") for n in range(4)]
        statuses = [
            ("open", "", None),
            ("accepted", "accepted", date(2026, 10, 30)),
            ("refused", "refused", date(2026, 10, 31)),
            ("withdrawn", "", None),
        ]
        dublin_rows = []
        for (status, reply, replied), person in zip(
            statuses, without_case, strict=True
        ):
            dublin_rows.append(
                old_dublin.objects.create(
                    person_id=person.pk,
                    kind="take_back",
                    regime="ammr",
                    requesting_state="FR",
                    requested_state="IT",
                    sent=date(2026, 10, 12),
                    urgent=False,
                    eurodac_hit=True,
                    reply=reply,
                    reply_date=replied,
                    status=status,
                    created_at=AT,
                )
            )
        dublin_rows.append(
            old_dublin.objects.create(
                person_id=with_case.pk,
                kind="take_charge",
                regime="dublin3",
                requesting_state="FR",
                requested_state="GB",
                sent=date(2026, 10, 14),
                urgent=True,
                eurodac_hit=False,
                reply="",
                status="open",
                created_at=AT,
            )
        )
    finally:
        _migrate(latest)

    # Former case requests keep their pk, case, dates and state.
    rows = {pk: DublinRequest.objects.get(pk=pk) for pk in former.values()}
    for state, pk in former.items():
        row = rows[pk]
        assert row.case_id == case.pk
        assert row.regime == "ammr"
        assert row.requested_state == "DE"
        assert row.drafted_at is not None
        expected = "refused" if state == "re_examination" else state
        assert row.state == expected, state
    assert rows[former["drafted"]].sent_on is None
    assert rows[former["sent"]].sent_on == date(2026, 10, 20)
    assert rows[former["reply_due"]].received_on == date(2026, 10, 21)
    assert rows[former["accepted"]].reply == "accepted"
    assert rows[former["accepted"]].replied_on == date(2026, 10, 25)
    assert rows[former["refused"]].reply == "refused"
    assert rows[former["expired"]].lodged_on == date(2026, 10, 10)
    assert rows[former["sent"]].legal_basis == "AMMR Art 2"
    assert rows[former["reply_due"]].eurodac is True
    # A re-examination in progress became a request of its own, referring to it.
    re_examination = DublinRequest.objects.get(kind="re_examination")
    assert re_examination.refers_to_id == former["re_examination"]
    assert re_examination.state == "sent"
    assert re_examination.sent_on == date(2026, 10, 28)

    # Former determination-page requests: each one, on the person's case.
    moved = DublinRequest.objects.exclude(pk__in=former.values()).exclude(
        kind="re_examination"
    )
    assert moved.count() == len(dublin_rows)
    by_person = {row.case.person_id: row for row in moved.select_related("case")}
    expected_states = {"open": "sent", "accepted": "confirmed"}
    for (status, reply, replied), person in zip(statuses, without_case, strict=True):
        row = by_person[person.pk]
        assert row.state == expected_states.get(status, status)
        assert row.sent_on == date(2026, 10, 12)
        assert row.requested_state == "IT"
        assert row.regime == "ammr"
        assert row.eurodac is True
        assert row.replied_on == replied
        assert row.reply == ("confirmed" if reply == "accepted" else reply)
        assert row.drafted_at == AT
        # The person had no case: one was opened, with a transition saying why.
        assert row.case.state == "registered"
        assert CaseTransition.objects.filter(
            case=row.case, machine="case", to_state="registered"
        ).exists()
    assert by_person[without_case[3].pk].withdrawal_reason
    mine = by_person[with_case.pk]
    assert mine.case_id == case.pk
    assert (mine.kind, mine.regime, mine.urgent) == ("take_charge", "dublin3", True)
    assert mine.state == "sent"
    assert CaseTransition.objects.filter(machine="request", subject_id=mine.pk).exists()
    assert Case.objects.filter(person=with_case).count() == 1
