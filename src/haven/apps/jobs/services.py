"""
Start, run, finish and recover background jobs; every step audited.

``job_enqueue`` is what the pages, the API and the commands call. ``job_run`` and
``job_periodic`` are what the queue library's worker calls, by dotted path, with the
job's id (or a periodic kind's name) as their only argument.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from haven.apps.audit.models import AuditEvent
from haven.apps.audit.services import audit_record
from haven.apps.core.actors import Actor
from haven.apps.errors import (
    ApplicationError,
    ConflictError,
    InvalidInputError,
    PermissionDeniedError,
)
from haven.apps.jobs.models import Job
from haven.apps.jobs.registry import SCHEDULES, JobContext, kind_get
from haven.apps.operations.locking import for_update

logger = logging.getLogger(__name__)

RUN = "haven.apps.jobs.services.job_run"
# What a job that failed unexpectedly tells its user. Stored in English (the job
# row is read in every language) and translated when shown: gettext_noop.
FAILED_UNEXPECTEDLY = gettext_noop(
    "The job stopped on an unexpected error. It was logged for the administrators; "
    "start it again, and tell them if it fails again."
)
INTERRUPTED = gettext_noop(
    "The job was interrupted: the worker running it stopped before it finished. "
    "Start it again."
)
UNKNOWN_KIND = gettext_noop("This kind of job is no longer offered.")
PROCESS = Actor(name="haven")
MAX_PARAMS_BYTES = 4000


def _audit(job: Job, action: str, outcome: str = AuditEvent.Outcome.SUCCESS) -> None:
    audit_record(
        action=action,
        actor_id=job.started_by_id,
        actor_name=job.actor_name,
        object_type="job",
        object_id=job.pk,
        outcome=outcome,
    )


def _check_params(params: Mapping[str, Any]) -> dict[str, Any]:
    try:
        text = json.dumps(dict(params), sort_keys=True)
    except (TypeError, ValueError) as error:
        raise InvalidInputError(
            _("The job is invalid."),
            field_errors={"params": [_("Parameters must be plain JSON values.")]},
        ) from error
    if len(text) > MAX_PARAMS_BYTES:
        raise InvalidInputError(
            _("The job is invalid."),
            field_errors={"params": [_("Parameters are too long; pass ids only.")]},
        )
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def _create(
    *, kind: str, params: Mapping[str, Any], actor: Actor, run_after: datetime | None
) -> Job:
    declared = kind_get(kind)
    if declared is None:
        raise InvalidInputError(
            _("The job is invalid."),
            field_errors={"kind": [_("No job of this kind exists.")]},
        )
    if not declared.may_start(actor):
        raise PermissionDeniedError(_("Your role may not start this job."))
    job = Job.objects.create(
        kind=kind,
        started_by_id=actor.user_id,
        actor_name=actor.name[:150],
        actor_role=actor.role[:40],
        params=_check_params(params),
        created_at=timezone.now(),
        run_after=run_after,
    )
    _audit(job, "job.enqueue")
    return job


def job_enqueue(
    *,
    kind: str,
    params: Mapping[str, Any],
    actor: Actor,
    run_after: datetime | None = None,
) -> Job:
    """
    Queue a job of ``kind`` and return it (state ``queued``).

    The job row, its audit event and its queue entry are written in one
    transaction: either the job is queued, or nothing is. With ``run_after`` the
    job waits in the library's schedule until that time.
    """
    from django_q.models import Schedule
    from django_q.tasks import async_task

    with transaction.atomic():
        job = _create(kind=kind, params=params, actor=actor, run_after=run_after)
        if run_after is not None and run_after > timezone.now():
            Schedule.objects.create(
                name=f"job:{job.pk}",
                func=RUN,
                args=repr(job.pk),
                schedule_type=Schedule.ONCE,
                repeats=-1,
                next_run=run_after,
            )
        else:
            async_task(RUN, job.pk, task_name=f"job-{job.pk}")
    job.refresh_from_db()
    return job


def _fail(job: Job, message: str, now: datetime) -> None:
    job.state = Job.State.FAILED
    job.error = message[:500]
    job.finished_at = now
    job.save(update_fields=["state", "error", "finished_at"])
    _audit(job, "job.fail", AuditEvent.Outcome.FAILURE)


def job_run(job_id: int) -> str:
    """
    Run one queued job: mark it running, call its function, record the outcome.

    Called by the worker. A job found already running was handed out again by
    the queue after the worker running it died: it is failed with a clear
    message rather than left running forever (docs/adr/0036).
    """
    with transaction.atomic():
        job = for_update(Job.objects.filter(pk=job_id)).first()
        if job is None:
            return "missing"
        if job.state == Job.State.RUNNING:
            _fail(job, INTERRUPTED, timezone.now())
            return "interrupted"
        if job.state != Job.State.QUEUED:
            return job.state
        declared = kind_get(job.kind)
        if declared is None:
            _fail(job, UNKNOWN_KIND, timezone.now())
            return "unknown"
        job.state = Job.State.RUNNING
        job.started_at = timezone.now()
        job.attempts += 1
        job.save(update_fields=["state", "started_at", "attempts"])
        _audit(job, "job.start")
    context = JobContext(job_id=job.pk, params=job.params, actor=_actor_of(job))
    try:
        result = declared.function(context)
    except ApplicationError as error:
        with transaction.atomic():
            job = for_update(Job.objects.filter(pk=job_id)).get()
            _fail(job, str(error), timezone.now())
        return "failed"
    except Exception as error:
        # Never the message or traceback: they may hold the data being worked on.
        logger.error(  # noqa: TRY400
            "job %s (%s) failed: %s", job_id, job.kind, type(error).__name__
        )
        with transaction.atomic():
            job = for_update(Job.objects.filter(pk=job_id)).get()
            _fail(job, FAILED_UNEXPECTEDLY, timezone.now())
        return "failed"
    with transaction.atomic():
        job = for_update(Job.objects.filter(pk=job_id)).get()
        job.state = Job.State.SUCCEEDED
        job.result = _check_params(dict(result or {}))
        job.finished_at = timezone.now()
        if job.progress_total:
            job.progress_done = job.progress_total
        job.save(update_fields=["state", "result", "finished_at", "progress_done"])
        _audit(job, "job.finish")
    return "succeeded"


def _actor_of(job: Job) -> Actor:
    if job.started_by is None:
        return Actor(name=job.actor_name)
    return Actor.of_user(job.started_by)


def job_periodic(kind: str) -> str:
    """Run a periodic job now, in this worker, as a job of the process ``haven``."""
    periodic = SCHEDULES.get(kind)
    params = dict(periodic.params) if periodic is not None else {}
    with transaction.atomic():
        job = _create(kind=kind, params=params, actor=PROCESS, run_after=None)
    return job_run(job.pk)


def job_cancel(*, job_id: int, actor: Actor) -> Job:
    """Cancel a job that has not started yet; only the one who started it may."""
    from django_q.models import Schedule

    with transaction.atomic():
        job = for_update(Job.objects.filter(pk=job_id)).first()
        if job is None or job.started_by_id != actor.user_id:
            raise PermissionDeniedError(_("You may cancel only your own jobs."))
        if job.state != Job.State.QUEUED:
            raise ConflictError(_("Only a job that has not started can be cancelled."))
        job.state = Job.State.CANCELLED
        job.finished_at = timezone.now()
        job.save(update_fields=["state", "finished_at"])
        Schedule.objects.filter(name=f"job:{job.pk}").delete()
        _audit(job, "job.cancel")
    return job


def jobs_recover(*, now: datetime) -> list[int]:
    """
    Fail every job left running, as the worker starts; return their ids.

    One worker serves a database (docs/adr/0036): when it starts, no job can be
    running, so a job in that state was cut off when the last worker stopped.
    """
    failed = []
    for pk in list(
        Job.objects.filter(state=Job.State.RUNNING).values_list("pk", flat=True)
    ):
        with transaction.atomic():
            job = for_update(Job.objects.filter(pk=pk)).get()
            if job.state == Job.State.RUNNING:
                _fail(job, INTERRUPTED, now)
                failed.append(job.pk)
    return failed
