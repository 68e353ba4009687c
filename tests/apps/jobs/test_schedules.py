"""Delayed and periodic jobs go through the queue library's scheduler."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from django_q.models import Schedule
from django_q.scheduler import scheduler

from haven.apps.audit.models import AuditEvent
from haven.apps.core.actors import Actor
from haven.apps.jobs.models import Job
from haven.apps.jobs.registry import SCHEDULES, schedules_sync
from haven.apps.jobs.services import job_enqueue

pytestmark = pytest.mark.django_db


def test_a_delayed_job_does_not_run_before_its_time_and_runs_after_it(make_user):
    actor = Actor.of_user(make_user("caseworker"))
    start = timezone.now()
    run_after = start + timedelta(minutes=10)
    job = job_enqueue(
        kind="test.count", params={"steps": 2}, actor=actor, run_after=run_after
    )
    assert job.state == Job.State.QUEUED
    assert Schedule.objects.filter(name=f"job:{job.pk}").count() == 1
    # The worker's scheduler passes every 30 s; at 9 min 59 s it must not start it.
    with time_machine.travel(run_after - timedelta(seconds=1), tick=False):
        scheduler()
    job.refresh_from_db()
    assert job.state == Job.State.QUEUED
    assert job.started_at is None
    with time_machine.travel(run_after + timedelta(seconds=1), tick=False):
        scheduler()
    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED
    assert job.started_at >= run_after
    # A ONCE schedule is gone once it has handed out its job.
    assert not Schedule.objects.filter(name=f"job:{job.pk}").exists()


def test_a_cancelled_delayed_job_never_runs(make_user, client):
    user = make_user("caseworker")
    run_after = timezone.now() + timedelta(minutes=10)
    job = job_enqueue(
        kind="test.count",
        params={"steps": 1},
        actor=Actor.of_user(user),
        run_after=run_after,
    )
    client.force_login(user)
    response = client.post(f"/jobs/{job.pk}/cancel/")
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.state == Job.State.CANCELLED
    with time_machine.travel(run_after + timedelta(minutes=1), tick=False):
        scheduler()
    job.refresh_from_db()
    assert job.state == Job.State.CANCELLED
    assert (
        AuditEvent.objects.filter(action="job.cancel", object_id=str(job.pk)).count()
        == 1
    )


def test_periodic_jobs_declared_in_code_are_synced_and_run_as_jobs():
    # Declared by the transfers and exports apps, synced as the worker starts.
    assert {"transfers.sweep", "exports.purge"} <= set(SCHEDULES)
    assert schedules_sync() == len(SCHEDULES)
    assert schedules_sync() == len(SCHEDULES)  # idempotent: no duplicate rows
    sweep = Schedule.objects.get(name="haven:transfers.sweep")
    assert (sweep.schedule_type, sweep.minutes) == (Schedule.MINUTES, 5)
    with time_machine.travel(timezone.now() + timedelta(seconds=1), tick=False):
        scheduler()
    jobs = {job.kind: job for job in Job.objects.all()}
    assert jobs["transfers.sweep"].state == Job.State.SUCCEEDED
    assert jobs["transfers.sweep"].result == {"alerts_raised": 0, "alert_ids": []}
    assert jobs["exports.purge"].result == {"deleted": 0}
    assert jobs["transfers.sweep"].started_by is None
    assert jobs["transfers.sweep"].actor_name == "haven"
    # The next run is due 5 minutes on, not at once.
    sweep.refresh_from_db()
    assert sweep.next_run > timezone.now() + timedelta(minutes=4)
