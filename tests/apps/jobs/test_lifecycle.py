"""A job's life: queued, running with progress, finished or failed; all audited."""

from __future__ import annotations

import pytest

from haven.apps.audit.models import AuditEvent
from haven.apps.core.actors import Actor
from haven.apps.errors import InvalidInputError, PermissionDeniedError
from haven.apps.jobs.models import Job
from haven.apps.jobs.selectors import job_get, job_list_for
from haven.apps.jobs.services import FAILED_UNEXPECTEDLY, job_enqueue, job_run

pytestmark = pytest.mark.django_db


def _actions(job):
    return list(
        AuditEvent.objects.filter(object_type="job", object_id=str(job.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )


def test_a_queued_job_runs_to_the_end_with_its_progress_and_audit(
    make_user, sync_queue
):
    user = make_user("caseworker")
    job = job_enqueue(kind="test.count", params={"steps": 4}, actor=Actor.of_user(user))
    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED
    assert (job.progress_done, job.progress_total) == (4, 4)
    assert job.progress_message == "step 4"
    assert job.result == {"counted": 4}
    assert job.started_at is not None
    assert job.finished_at is not None
    assert job.finished_at >= job.started_at >= job.created_at
    assert _actions(job) == ["job.enqueue", "job.start", "job.finish"]
    event = AuditEvent.objects.get(action="job.start", object_id=str(job.pk))
    assert (event.actor_id, event.actor_name) == (user.pk, user.username)


def test_without_a_worker_the_job_waits_queued_in_the_library_queue(make_user, queued):
    from django_q.models import OrmQ

    user = make_user("caseworker")
    job = job_enqueue(kind="test.count", params={"steps": 2}, actor=Actor.of_user(user))
    assert job.state == Job.State.QUEUED
    assert OrmQ.objects.count() == 1
    assert _actions(job) == ["job.enqueue"]
    # What the worker does with the queue entry: run the job by its id.
    assert job_run(job.pk) == "succeeded"
    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED
    # Delivered again (the worker died before acknowledging): nothing runs twice.
    assert job_run(job.pk) == "succeeded"
    assert _actions(job) == ["job.enqueue", "job.start", "job.finish"]


def test_a_refusal_is_the_users_message_and_a_crash_leaks_no_data(
    make_user, sync_queue
):
    actor = Actor.of_user(make_user("caseworker"))
    refused = job_enqueue(kind="test.refuse", params={}, actor=actor)
    crashed = job_enqueue(kind="test.crash", params={}, actor=actor)
    refused.refresh_from_db()
    crashed.refresh_from_db()
    assert refused.state == crashed.state == Job.State.FAILED
    assert refused.error == "The scheme has no pledge with places left."
    assert crashed.error == FAILED_UNEXPECTEDLY
    assert "Amina" not in crashed.error
    assert _actions(crashed) == ["job.enqueue", "job.start", "job.fail"]
    assert AuditEvent.objects.get(
        action="job.fail", object_id=str(crashed.pk)
    ).outcome == (AuditEvent.Outcome.FAILURE)


def test_a_job_running_when_its_worker_died_is_failed_when_handed_out_again(
    make_user, queued
):
    actor = Actor.of_user(make_user("caseworker"))
    job = job_enqueue(kind="test.count", params={"steps": 1}, actor=actor)
    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING)
    assert job_run(job.pk) == "interrupted"
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert "interrupted" in job.error
    assert _actions(job) == ["job.enqueue", "job.fail"]


def test_roles_and_parameters_are_checked_before_anything_is_queued(make_user):
    planner = Actor.of_user(make_user("allocation_planner"))
    with pytest.raises(PermissionDeniedError):
        job_enqueue(kind="test.count", params={"steps": 1}, actor=planner)
    caseworker = Actor.of_user(make_user("caseworker"))
    with pytest.raises(InvalidInputError) as unknown:
        job_enqueue(kind="no.such.kind", params={}, actor=caseworker)
    assert "kind" in unknown.value.field_errors
    with pytest.raises(InvalidInputError) as bad:
        job_enqueue(kind="test.count", params={"when": object()}, actor=caseworker)
    assert "params" in bad.value.field_errors
    assert not Job.objects.exists()


def test_a_user_sees_only_their_own_jobs(make_user, queued):
    mine = Actor.of_user(make_user("caseworker"))
    theirs = Actor.of_user(make_user("caseworker"))
    job = job_enqueue(kind="test.count", params={"steps": 1}, actor=mine)
    assert job_get(pk=job.pk, actor=mine) == job
    assert job_get(pk=job.pk, actor=theirs) is None
    assert job_list_for(actor=mine) == [job]
    assert job_list_for(actor=theirs) == []
