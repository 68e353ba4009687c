"""T-S11 (c): the retention job, run past the retention dates, leaves 0 overdue."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import time_machine
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session

from haven.apps.audit.models import AuditEvent
from haven.apps.audit.selectors import audit_chain_verify
from haven.apps.cases.models import Case
from haven.apps.people.models import Person
from haven.apps.people.services import person_register
from haven.apps.retention.models import LegalHold
from haven.apps.retention.policy import HoldKind
from haven.apps.retention.selectors import records_due_list
from haven.apps.retention.services import retention_run
from haven.cli.main import main
from tests.apps.people.builders import ACTOR, person_input, registration_input
from tests.apps.retention.builders import Canaries, person_with_everything
from tests.conftest import NOW

pytestmark = pytest.mark.django_db(transaction=True)

LATER = NOW + timedelta(days=6 * 365)


def _register(**overrides):
    return person_register(
        person=person_input(**overrides),
        registration=registration_input(),
        actor=ACTOR,
        now=NOW,
    )


def _case(person, state):
    return Case.objects.create(
        person=person, state=state, state_since=NOW, identified_at=NOW, contact="x"
    )


@pytest.fixture
def records(make_user):
    supervisor = make_user("supervisor")
    other = _register()
    withdrawn = person_with_everything(Canaries(), other=other, user=supervisor)
    returned = _register()
    _case(returned, "returned")
    active = _register()
    _case(active, "transfer")
    held = _register()
    _case(held, "arrived")
    LegalHold.objects.create(
        person=held, kind="statutory", reason="national archive law", placed_at=NOW
    )
    return {
        "other": other,
        "withdrawn": withdrawn,
        "returned": returned,
        "active": active,
        "held": held,
    }


def test_nothing_is_erased_before_its_retention_date(records):
    report = retention_run(now=NOW + timedelta(days=30))
    assert report.erased == ()
    assert report.overdue == ()
    assert Person.objects.filter(erased_at__isnull=False).count() == 0


def test_a_run_past_the_retention_dates_leaves_no_record_overdue(records):
    # The person without a case fell due two years after its last change.
    with time_machine.travel(NOW, tick=False):
        Person.objects.filter(pk=records["other"].pk).update(updated_at=NOW)

    report = retention_run(now=LATER)

    assert report.ok is True
    assert report.overdue == ()
    erased = set(Person.objects.filter(erased_at=LATER).values_list("pk", flat=True))
    assert {records[k].pk for k in ("withdrawn", "returned", "other")} <= erased
    assert Person.objects.get(pk=records["active"].pk).erased_at is None
    assert Person.objects.get(pk=records["held"].pk).erased_at is None
    [(held_id, holds)] = report.held
    assert held_id == records["held"].pk
    assert [h.kind for h in holds] == [HoldKind.STATUTORY]
    assert [r for r in records_due_list(now=LATER) if not r.verdict.holds] == []
    assert audit_chain_verify().ok is True
    assert AuditEvent.objects.filter(action="person.erase.retention").count() >= 3


def test_the_run_deletes_expired_sessions(records):
    store = SessionStore()
    store["k"] = "v"
    store.create()
    Session.objects.filter(session_key=store.session_key).update(expire_date=LATER)
    report = retention_run(now=LATER)
    assert report.sessions_deleted >= 1
    assert not Session.objects.filter(session_key=store.session_key).exists()


def test_the_command_erases_what_is_due_and_reports_what_is_held(records, capsys):
    with time_machine.travel(LATER, tick=False):
        status = main(["retention", "run"])
    out = capsys.readouterr().out
    assert status == 0, out
    assert "records overdue: 0" in out
    assert f"person {records['held'].pk}: statutory" in out


def test_the_command_exits_non_zero_while_a_record_is_overdue(
    records, capsys, monkeypatch
):
    from haven.apps.retention import services

    # An erasure that fails (a new table protecting the person, say) leaves it due.
    def refuse(**kwargs):
        return services.ErasureOutcome(kwargs["person"].pk, erased=False)

    monkeypatch.setattr(services, "person_erase", refuse)
    with time_machine.travel(LATER, tick=False):
        status = main(["retention", "run", "--json"])
    out = capsys.readouterr().out
    assert status == 1
    assert records["withdrawn"].pk in json.loads(out)["overdue"]


def test_the_policy_command_prints_every_rule(capsys):
    assert main(["retention", "policy"]) == 0
    out = capsys.readouterr().out
    assert "person_record" in out
    assert "withdrawn" in out
    assert "while open" in out
