"""
A real worker process (``haven worker``) on the test database, SQLite or PostgreSQL.

The job is queued before the worker starts, as after a restart; a job left running
by a worker that died must come out failed with a clear message, not running.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from haven.apps.audit.models import AuditEvent
from haven.apps.core.actors import Actor
from haven.apps.jobs.models import Job
from haven.apps.jobs.services import INTERRUPTED, job_enqueue
from tests.reliability.client import database_url

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parents[3]

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return predicate()


def test_a_restarted_worker_runs_what_was_queued_and_fails_what_it_cut_off(queued):
    process_actor = Actor(name="haven")
    waiting = job_enqueue(kind="exports.purge", params={}, actor=process_actor)
    cut_off = Job.objects.create(
        kind="exports.purge",
        state=Job.State.RUNNING,
        actor_name="haven",
        created_at=timezone.now(),
        started_at=timezone.now(),
        attempts=1,
    )
    assert waiting.state == Job.State.QUEUED
    env = {
        **os.environ,
        "DATABASE_URL": database_url(connection.settings_dict),
        "DJANGO_SETTINGS_MODULE": "haven.config.settings",
    }
    env.pop("HAVEN_JOBS_SYNC", None)
    worker = subprocess.Popen(
        [str(BIN / "haven"), "worker"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:

        def finished() -> bool:
            return Job.objects.get(pk=waiting.pk).finished

        assert _wait_for(finished, 90), "the worker did not run the queued job"
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            output, _ = worker.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            output, _ = worker.communicate()
    text = output.decode(errors="replace")
    assert "1 interrupted job(s) marked failed" in text, text
    waiting.refresh_from_db()
    cut_off.refresh_from_db()
    assert waiting.state == Job.State.SUCCEEDED, waiting.error
    assert waiting.result == {"deleted": 0}
    assert cut_off.state == Job.State.FAILED
    assert cut_off.error == INTERRUPTED
    actions = {
        (event.object_id, event.action)
        for event in AuditEvent.objects.filter(object_type="job")
    }
    assert {
        (str(waiting.pk), "job.enqueue"),
        (str(waiting.pk), "job.start"),
        (str(waiting.pk), "job.finish"),
        (str(cut_off.pk), "job.fail"),
    } <= actions
    assert worker.returncode is not None
