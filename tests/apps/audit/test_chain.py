"""The audit chain: one row per operation, in its transaction, sealed and checked."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction

from haven.apps.audit.chain import GENESIS, Head, event_hash, head_signature
from haven.apps.audit.keys import audit_key
from haven.apps.audit.models import AuditEvent, AuditHead
from haven.apps.audit.selectors import audit_chain_verify, audit_head_get
from haven.apps.audit.services import (
    AuditOutsideTransactionError,
    audit_record,
    event_fields,
)
from haven.apps.audit.triggers import drop_statements
from haven.cli.main import main
from tests.apps.audit.chains import chain_build

pytestmark = pytest.mark.django_db


def record(n: int = 1) -> list[AuditEvent]:
    with transaction.atomic():
        return [
            audit_record(
                action="person.read",
                actor_id=7,
                actor_name="caseworker-1",
                object_type="person",
                object_id=i,
            )
            for i in range(n)
        ]


@pytest.mark.django_db(transaction=True)
def test_an_event_outside_a_transaction_is_refused():
    with pytest.raises(AuditOutsideTransactionError):
        audit_record(action="person.read", actor_id=1, actor_name="x")
    assert AuditEvent.objects.count() == 0


def test_events_form_a_gapless_chain_under_a_signed_head():
    events = record(5)
    assert [e.seq for e in events] == [1, 2, 3, 4, 5]
    assert events[0].prev_hash == GENESIS
    for before, after in zip(events, events[1:], strict=False):
        assert after.prev_hash == before.hash
        assert after.hash == event_hash(before.hash, event_fields(after))
    head = audit_head_get()
    assert (head.seq, head.hash) == (5, events[-1].hash)
    assert head.signature == head_signature(audit_key(), 5, events[-1].hash)
    assert audit_chain_verify().ok is True


def test_an_event_rolled_back_with_its_operation_leaves_no_row():
    record(2)

    def operation():
        with transaction.atomic():
            audit_record(action="person.update", actor_id=1, actor_name="x")
            raise RuntimeError("the operation failed after its audit row")

    with pytest.raises(RuntimeError):
        operation()
    assert AuditEvent.objects.count() == 2
    assert audit_head_get().seq == 2
    assert audit_chain_verify().ok is True


def test_update_and_delete_are_refused_by_the_database():
    """T-S9 (b): the ORM and raw SQL alike cannot change or remove an event."""
    record(3)
    table = AuditEvent._meta.db_table
    attempts = [
        lambda: AuditEvent.objects.filter(seq=2).update(action="person.erase"),
        lambda: AuditEvent.objects.filter(seq=2).delete(),
        lambda: AuditEvent.objects.get(seq=3).delete(),
    ]
    for sql in (
        f"UPDATE {table} SET actor_name = 'someone else' WHERE seq = 1",
        f"DELETE FROM {table} WHERE seq = 1",
        f"DELETE FROM {table}",
    ):
        attempts.append(lambda sql=sql: connection.cursor().execute(sql))
    messages = []
    for attempt in attempts:
        try:
            with transaction.atomic():
                attempt()
        except (IntegrityError, DatabaseError) as error:
            messages.append(str(error))
    assert len(messages) == len(attempts)
    assert all("append-only" in message for message in messages)
    assert AuditEvent.objects.count() == 3
    assert audit_chain_verify().ok is True


def test_haven_audit_verify_names_the_first_bad_sequence_number(capsys):
    chain_build(40)
    assert main(["audit", "verify"]) == 0
    assert "sound: 40 events" in capsys.readouterr().out
    with connection.cursor() as cursor:
        for statement in drop_statements(connection.vendor):
            cursor.execute(statement)
        cursor.execute(
            "UPDATE audit_auditevent SET object_id = '999' WHERE seq IN (17, 30)"
        )
    assert main(["audit", "verify"]) == 1
    out = capsys.readouterr().out
    assert "broken at seq 17" in out
    assert "16 events sound" in out


def test_haven_audit_head_prints_an_anchor_that_verify_accepts(capsys, tmp_path):
    chain_build(12)
    assert main(["audit", "head"]) == 0
    anchor = tmp_path / "head.json"
    anchor.write_text(capsys.readouterr().out)
    assert main(["audit", "verify", "--anchor", str(anchor)]) == 0
    assert "sound: 12 events" in capsys.readouterr().out


def test_a_head_signed_with_another_key_is_rejected():
    events = chain_build(5)
    AuditHead.objects.filter(pk=1).update(
        signature=head_signature(b"k" * 32, 5, events[-1].hash)
    )
    verdict = audit_chain_verify()
    assert (verdict.ok, verdict.first_bad_seq) == (False, 5)


def test_an_anchor_signed_with_another_key_is_rejected():
    events = chain_build(5)
    forged = Head(5, events[-1].hash, head_signature(b"k" * 32, 5, events[-1].hash))
    assert audit_chain_verify(anchors=[forged]).ok is False


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_first_events_of_a_new_database_written_at_once_all_join_the_chain():
    """Eight operations race to start the chain; none fails, the chain is whole."""
    import threading

    from django.db import connections

    AuditHead.objects.all().delete()
    start = threading.Barrier(8)
    failures: list[BaseException] = []

    def first_event(n: int) -> None:
        try:
            start.wait()
            with transaction.atomic():
                audit_record(
                    action="person.registered",
                    actor_id=None,
                    actor_name=f"import-{n}",
                    object_type="person",
                    object_id=n,
                )
        except BaseException as error:  # noqa: BLE001  (reported below)
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first_event, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert sorted(AuditEvent.objects.values_list("seq", flat=True)) == list(range(1, 9))
    assert audit_chain_verify().ok
