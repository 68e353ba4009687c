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
from haven.engines.workflow.machines import request_machine

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
        # Rows of the moved tables are written with the models of that day: a column
        # added since (a case's ``merged_into``, say) is not there yet.
        old_case = old.get_model("cases", "Case")
        old_step = old.get_model("cases", "CaseTransition")
        with_case = _person("HVN-M0001")
        case = old_case.objects.create(
            person_id=with_case.pk,
            state="request_sent",
            state_since=AT,
            identified_at=AT,
            regime="ammr",
            contact="Safe Passage",
        )
        former = {}
        rules = {"request_due": "AMMR Art 39(1)"}
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
                reply_due=date(2026, 11, number),
                transfer_due=date(2027, 4, 25) if state == "accepted" else None,
                rules=rules,
            )
            former[state] = row.pk
            if state in ("reply_due", "re_examination"):
                old_step.objects.create(
                    case_id=case.pk,
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
                old_step.objects.create(
                    case_id=case.pk,
                    machine="request",
                    subject_id=row.pk,
                    from_state="refused",
                    to_state="re_examination",
                    at=datetime(2026, 10, 28, 9, tzinfo=UTC),
                    actor="officer",
                    role="dublin_officer",
                    reason="asked to look again",
                )
        # An AMMR take-back accepted by silence (its receipt deemed confirmed,
        # AMMR Art 41(4)), and one confirmed explicitly that has no reply date but
        # an acceptance day.
        deemed_take_back = old_transfer.objects.create(
            case_id=case.pk,
            kind="take_back",
            requesting_state="FR",
            requested_state="DE",
            legal_basis="AMMR Art 41",
            lodged_on=date(2026, 10, 1),
            state="deemed_accepted",
            request_due=date(2026, 12, 1),
            sent_on=date(2026, 10, 20),
            reply_due=date(2026, 11, 3),
            accepted_on=date(2026, 11, 3),
            transfer_due=date(2027, 5, 3),
        ).pk
        accepted_undated = old_transfer.objects.create(
            case_id=case.pk,
            kind="take_back",
            requesting_state="FR",
            requested_state="DE",
            legal_basis="AMMR Art 41",
            lodged_on=date(2026, 10, 1),
            state="accepted",
            request_due=date(2026, 12, 1),
            sent_on=date(2026, 10, 20),
            accepted_on=date(2026, 10, 24),
        ).pk
        # A request of a s.67 ("dubs") case: the former code counted it under
        # Dublin III (``_request_regime``), whose limits it needs.
        dubs_person = _person("HVN-M0002")
        dubs_case = old_case.objects.create(
            person_id=dubs_person.pk,
            state="request_sent",
            state_since=AT,
            identified_at=AT,
            regime="dubs",
            contact="Safe Passage",
        )
        dubs_request = old_transfer.objects.create(
            case_id=dubs_case.pk,
            kind="take_charge",
            requesting_state="FR",
            requested_state="GB",
            legal_basis="Dublin III Art 8",
            lodged_on=date(2026, 10, 1),
            state="sent",
            request_due=date(2026, 12, 1),
            sent_on=date(2026, 10, 20),
        ).pk
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
        # The person's determinations: the latest one made on or before the
        # request was created supplies the request's determination and, from its
        # facts, the day the application was lodged in the requesting state.
        old_determination = old.get_model("determinations", "Determination")

        def determination(at: datetime, applications: list[dict[str, str]]):
            return old_determination.objects.create(
                person_id=without_case[1].pk,
                regime="ammr",
                responsible_state="IT",
                article="AMMR Art 33",
                result={"responsible_state": "IT"},
                facts={"applications": applications},
                facts_hash="0" * 64,
                engine_version="test",
                determination_date=at.date(),
                determined_at=at,
            )

        determination(
            datetime(2026, 9, 5, tzinfo=UTC), [{"state": "FR", "date": "2026-08-01"}]
        )
        chosen = determination(
            datetime(2026, 10, 1, tzinfo=UTC),
            [
                {"state": "IT", "date": "2026-07-01"},
                {"state": "FR", "date": "2026-09-20"},
            ],
        ).pk
        determination(  # made after the request: not the one it rested on
            datetime(2026, 11, 20, tzinfo=UTC), [{"state": "FR", "date": "2026-11-01"}]
        )
        dublin_rows.append(
            old_dublin.objects.create(
                person_id=dubs_person.pk,
                kind="take_charge",
                regime="dubs",
                requesting_state="FR",
                requested_state="GB",
                sent=date(2026, 10, 14),
                status="open",
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
    # A take-back under the AMMR is a notification whose receipt is confirmed
    # (AMMR Art 41(3)-(4)): its table has no "accepted".
    confirmed = {"accepted": "confirmed", "deemed_accepted": "deemed_confirmed"}
    for number, (state, pk) in enumerate(former.items(), start=1):
        row = rows[pk]
        assert row.case_id == case.pk
        assert row.regime == "ammr"
        assert row.requested_state == "DE"
        assert row.drafted_at is not None
        expected = "refused" if state == "re_examination" else state
        if row.kind == "take_back":
            expected = confirmed.get(expected, expected)
        assert row.state == expected, state
        assert row.state in request_machine(row.kind, row.regime).states, state
        # The limits the officer saw survive the dropped columns, in a transition.
        limits = CaseTransition.objects.get(
            machine="request",
            subject_id=pk,
            actor="migration",
            role="system",
            reason__contains="limits before the move",
        )
        assert (limits.from_state, limits.to_state) == (row.state, row.state)
        assert f"request due 2026-12-{number:02d}" in limits.reason
        assert f"reply due 2026-11-{number:02d}" in limits.reason
        assert "AMMR Art 39(1)" in limits.reason
    accepted_limits = CaseTransition.objects.get(
        subject_id=former["accepted"], reason__contains="limits before the move"
    ).reason
    assert "accepted on 2026-10-25" in accepted_limits
    assert "transfer due 2027-04-25" in accepted_limits
    assert rows[former["drafted"]].sent_on is None
    assert rows[former["sent"]].sent_on == date(2026, 10, 20)
    assert rows[former["reply_due"]].received_on == date(2026, 10, 21)
    assert rows[former["accepted"]].kind == "take_back"
    assert rows[former["accepted"]].reply == "confirmed"
    assert rows[former["accepted"]].replied_on == date(2026, 10, 25)
    # Receipt confirmed by silence: no reply; the day silence took effect is
    # derived from the events now, and the former one is kept in the transition.
    deemed = DublinRequest.objects.get(pk=deemed_take_back)
    assert (deemed.state, deemed.reply, deemed.replied_on) == (
        "deemed_confirmed",
        "",
        None,
    )
    deemed_limits = CaseTransition.objects.get(
        subject_id=deemed_take_back, reason__contains="limits before the move"
    ).reason
    assert "accepted on 2026-11-03" in deemed_limits
    assert "transfer due 2027-05-03" in deemed_limits
    # An explicit acceptance keeps its day as the reply's date.
    undated = DublinRequest.objects.get(pk=accepted_undated)
    assert (undated.state, undated.reply, undated.replied_on) == (
        "confirmed",
        "confirmed",
        date(2026, 10, 24),
    )
    # The s.67 case's requests are counted under Dublin III, as before.
    assert DublinRequest.objects.get(pk=dubs_request).regime == "dublin3"
    assert set(
        DublinRequest.objects.filter(case__person=dubs_person).values_list(
            "regime", flat=True
        )
    ) == {"dublin3"}
    assert rows[former["refused"]].reply == "refused"
    assert rows[former["expired"]].lodged_on == date(2026, 10, 10)
    assert rows[former["sent"]].legal_basis == "AMMR Art 2"
    assert rows[former["reply_due"]].eurodac is True
    # A re-examination in progress became a request of its own, referring to it.
    re_examination = DublinRequest.objects.get(kind="re_examination")
    assert re_examination.refers_to_id == former["re_examination"]
    assert re_examination.state == "sent"
    assert re_examination.sent_on == date(2026, 10, 28)
    # Both halves of the split are recorded.
    assert CaseTransition.objects.filter(
        machine="request",
        subject_id=re_examination.pk,
        from_state="",
        to_state="sent",
        actor="migration",
    ).exists()
    assert CaseTransition.objects.filter(
        machine="request",
        subject_id=former["re_examination"],
        from_state="re_examination",
        to_state="refused",
        actor="migration",
    ).exists()

    # Former determination-page requests: each one, on the person's case.
    moved = (
        DublinRequest.objects.exclude(pk__in=former.values())
        .exclude(kind="re_examination")
        .exclude(pk__in=[deemed_take_back, accepted_undated, dubs_request])
    )
    assert moved.count() == len(dublin_rows)
    by_person = {
        row.case.person_id: row
        for row in moved.select_related("case")
        if row.case.person_id != dubs_person.pk
    }
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
    # Determination and lodging day, from the latest determination made on or
    # before the request was created; none where the person had none.
    supplied = by_person[without_case[1].pk]
    assert supplied.determination_id == chosen
    assert supplied.lodged_on == date(2026, 9, 20)
    assert by_person[without_case[0].pk].determination_id is None
    assert by_person[without_case[0].pk].lodged_on is None
    # Withdrawn after it was sent: kept as recorded (the sending day is a fact),
    # with its reason and no reply, in a state no step leaves.
    withdrawn = by_person[without_case[3].pk]
    assert withdrawn.state == "withdrawn"
    assert withdrawn.withdrawal_reason
    assert withdrawn.sent_on == date(2026, 10, 12)
    assert withdrawn.reply == ""
    assert request_machine(withdrawn.kind, withdrawn.regime).is_final("withdrawn")
    mine = by_person[with_case.pk]
    assert mine.case_id == case.pk
    assert (mine.kind, mine.regime, mine.urgent) == ("take_charge", "dublin3", True)
    assert mine.state == "sent"
    assert CaseTransition.objects.filter(machine="request", subject_id=mine.pk).exists()
    assert Case.objects.filter(person=with_case).count() == 1
