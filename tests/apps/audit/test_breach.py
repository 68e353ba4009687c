"""
T-S17 (small): the breach-response queries match a ground truth kept in Python.

A few thousand events are generated with known actors, objects, actions, outcomes
and times; the expected answers are computed from that list alone, then compared
with ``reads_of_object`` and ``reads_by_actor`` and with ``haven audit reads``.
The one-million-event timing is in bench/audit.py, not here.
"""

from __future__ import annotations

import csv
import io
import random
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection, transaction

from haven.apps.audit.breach import (
    reads_by_actor,
    reads_by_actor_queryset,
    reads_of_object,
    reads_of_object_queryset,
)
from haven.apps.audit.models import AuditEvent
from haven.apps.audit.services import audit_record
from haven.apps.errors import InvalidInputError
from haven.cli.main import main

pytestmark = pytest.mark.django_db

START = datetime(2016, 9, 1, tzinfo=UTC)
EVENTS = 4000
ACTORS = 40
JOB = "retention-job"
# (action, object type, outcome); reads are the success rows of the first group.
READS = (
    ("person.read", "person"),
    ("household.read", "household"),
    ("tracing_request.read", "tracing_request"),
    ("export.create", "export"),
    ("export.create_plaintext", "export"),
    ("export.download", "export"),
    ("disclosure.send", "disclosure"),
)
NOT_READS = (
    ("person.update", "person"),
    ("person.register", "person"),
    ("person.erase.request", "person"),
    ("auth.login", "user"),
    ("access.denied", "route"),
    ("disclosure.request", "disclosure"),
    ("tracing.search", "tracing_request"),
    ("readme.reader", "person"),  # looks like a read, is not one
)
READ_ACTIONS = {action for action, _ in READS}


def _generate(seed: int = 17) -> list[AuditEvent]:
    rng = random.Random(seed)
    events = []
    at = START
    for seq in range(1, EVENTS + 1):
        at += timedelta(seconds=rng.randint(1, 3600))
        action, object_type = rng.choice(READS if rng.random() < 0.6 else NOT_READS)
        outcome = "denied" if rng.random() < 0.1 else "success"
        actor = rng.randint(0, ACTORS)
        events.append(
            AuditEvent(
                seq=seq,
                at=at,
                actor_id=actor or None,
                actor_name=f"user-{actor}" if actor else JOB,
                action=action,
                object_type=object_type,
                object_id=str(rng.randint(1, 60)),
                outcome=outcome,
                prev_hash="0" * 64,
                hash="0" * 64,
                mac="0" * 64,
            )
        )
    AuditEvent.objects.bulk_create(events, batch_size=1000)
    return events


def _row(event):
    return (
        event.seq,
        event.at,
        event.actor_id,
        event.actor_name,
        event.action,
        event.object_type,
        event.object_id,
    )


def _is_read(event):
    return event.outcome == "success" and event.action in READ_ACTIONS


@pytest.fixture
def events():
    return _generate()


def test_who_read_an_object_matches_the_ground_truth(events):
    rng = random.Random(3)
    objects = {(e.object_type, e.object_id) for e in events}
    checked = 0
    for object_type, object_id in rng.sample(sorted(objects), 40):
        truth = [
            _row(e)
            for e in events
            if _is_read(e) and (e.object_type, e.object_id) == (object_type, object_id)
        ]
        found = reads_of_object(object_type=object_type, object_id=object_id)
        assert [
            (
                r.seq,
                r.at,
                r.actor_id,
                r.actor_name,
                r.action,
                r.object_type,
                r.object_id,
            )
            for r in found
        ] == truth
        checked += len(truth)
    assert checked > 100
    assert list(reads_of_object(object_type="person", object_id="99999")) == []


def test_what_a_user_read_in_a_window_matches_the_ground_truth(events):
    rng = random.Random(5)
    end = events[-1].at
    checked = 0
    for actor in range(1, ACTORS + 1):
        until = end - timedelta(days=rng.randint(0, 40))
        since = until - timedelta(days=30)
        truth = [
            _row(e)
            for e in events
            if _is_read(e) and e.actor_id == actor and since <= e.at < until
        ]
        found = [
            (
                r.seq,
                r.at,
                r.actor_id,
                r.actor_name,
                r.action,
                r.object_type,
                r.object_id,
            )
            for r in reads_by_actor(actor_id=actor, since=since, until=until)
        ]
        assert found == truth
        checked += len(truth)
    assert checked > 300


def test_the_window_includes_since_and_excludes_until(events):
    read = next(e for e in events if _is_read(e) and e.actor_id)
    found = reads_by_actor(actor_id=read.actor_id, since=read.at, until=read.at)
    assert list(found) == []
    found = reads_by_actor(
        actor_id=read.actor_id,
        since=read.at,
        until=read.at + timedelta(microseconds=1),
    )
    assert [r.seq for r in found] == [read.seq]


def test_an_actor_without_an_account_is_found_by_name(events):
    since, until = START, events[-1].at + timedelta(seconds=1)
    truth = [e.seq for e in events if _is_read(e) and e.actor_id is None]
    found = reads_by_actor(actor_name=JOB, since=since, until=until)
    assert [r.seq for r in found] == truth
    assert truth


def test_bad_arguments_name_the_field():
    with pytest.raises(InvalidInputError) as both:
        reads_by_actor(actor_id=1, actor_name="x", since=START, until=START)
    assert set(both.value.field_errors) == {"actor"}
    with pytest.raises(InvalidInputError) as naive:
        reads_by_actor(actor_id=1, since=datetime(2016, 1, 1), until=START)  # noqa: DTZ001
    assert set(naive.value.field_errors) == {"since"}
    with pytest.raises(InvalidInputError) as backwards:
        reads_by_actor(actor_id=1, since=START, until=START - timedelta(days=1))
    assert set(backwards.value.field_errors) == {"until"}


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="plan wording checked on SQLite"
)
def test_both_queries_use_the_audit_indexes_on_sqlite(events):
    by_object = reads_of_object_queryset(object_type="person", object_id="7")
    by_actor = reads_by_actor_queryset(actor_id=3, since=START, until=events[-1].at)
    assert "audit_object" in by_object.order_by("seq").explain()
    assert "audit_actor_at" in by_actor.order_by("seq").explain()


def _audit_at(when, **fields):
    with time_machine.travel(when, tick=False), transaction.atomic():
        audit_record(**fields)


def _csv(text):
    return list(csv.reader(io.StringIO(text)))


def test_haven_audit_reads_prints_csv_for_an_object_and_an_actor(
    make_user, capsys, tmp_path
):
    reader, other = make_user("caseworker"), make_user("supervisor")
    now = datetime(2016, 10, 20, 12, 0, tzinfo=UTC)

    def read(user, days_ago, action="person.read", object_id=7, outcome="success"):
        _audit_at(
            now - timedelta(days=days_ago),
            action=action,
            actor_id=user.pk,
            actor_name=user.username,
            object_type="person",
            object_id=object_id,
            outcome=outcome,
        )

    read(reader, 40)
    read(reader, 20)
    read(other, 10)
    read(reader, 5, action="person.update")
    read(reader, 3, object_id=8)
    read(other, 2, outcome="denied")
    assert main(["audit", "reads", "--object", "person:7"]) == 0
    out, err = capsys.readouterr()
    rows = _csv(out)
    assert rows[0] == ["seq", "at", "actor", "action", "object_type", "object_id"]
    assert [(r[0], r[2], r[3], r[5]) for r in rows[1:]] == [
        ("1", reader.username, "person.read", "7"),
        ("2", reader.username, "person.read", "7"),
        ("3", other.username, "person.read", "7"),
    ]
    assert rows[1][1] == "2016-09-10T12:00:00.000000+00:00"
    assert "3 reads" in err

    with time_machine.travel(now, tick=False):
        assert main(["audit", "reads", "--actor", reader.username, "--days", "30"]) == 0
    rows = _csv(capsys.readouterr().out)
    assert [(r[0], r[5]) for r in rows[1:]] == [("2", "7"), ("5", "8")]

    out_file = tmp_path / "reads.csv"
    status = main(
        [
            "audit",
            "reads",
            "--actor",
            reader.username,
            "--since",
            "2016-09-01",
            "--until",
            "2016-09-30",
            "--out",
            str(out_file),
        ]
    )
    assert status == 0
    assert capsys.readouterr().out == ""
    assert [r[0] for r in _csv(out_file.read_text())[1:]] == ["1", "2"]


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["--object", "person42"], "--object: expected TYPE:ID"),
        (["--object", "Person:"], "--object: expected TYPE:ID"),
        (["--actor", "nobody-at-all"], "--actor: no user named 'nobody-at-all'"),
        (["--object", "person:1", "--days", "3"], "--days: only with --actor"),
        (["--actor", "x", "--days", "3", "--since", "2016-01-01"], "--days: give"),
        (["--actor", "x", "--since", "yesterday"], "--since: expected an ISO 8601"),
        (["--actor", "x", "--days", "0"], "--days: must be at least 1"),
        (
            ["--actor", "x", "--since", "2016-02-01", "--until", "2016-01-01"],
            "--until: must not be before --since",
        ),
    ],
)
def test_haven_audit_reads_names_the_bad_argument(argv, named, capsys):
    assert main(["audit", "reads", *argv]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert named in err


def test_haven_audit_reads_does_not_overwrite_a_file(make_user, capsys, tmp_path):
    existing = tmp_path / "kept.csv"
    existing.write_text("evidence\n")
    status = main(["audit", "reads", "--object", "person:1", "--out", str(existing)])
    assert status == 2
    assert "--out:" in capsys.readouterr().err
    assert existing.read_text() == "evidence\n"
