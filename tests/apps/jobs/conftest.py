"""Job kinds made for the tests, and the queue library in its synchronous mode."""

from __future__ import annotations

import pytest

from haven.apps.errors import InvalidInputError
from haven.apps.jobs.registry import KINDS, JobContext, job_kind

TEST_ROLES = ("caseworker", "supervisor")


def count_to(job: JobContext):
    """Report progress step by step and return the count."""
    steps = int(job.params["steps"])
    for done in range(1, steps + 1):
        job.progress(done, steps, f"step {done}")
    return {"counted": steps}


def refuse(job: JobContext):
    raise InvalidInputError("The scheme has no pledge with places left.")


def crash(job: JobContext):
    raise RuntimeError("Amina Yusuf, born 2009-01-02")  # data that must not leak


@pytest.fixture(autouse=True)
def test_kinds():
    """Declare the test kinds for one test, then remove them."""
    job_kind("test.count", label="Count", roles=TEST_ROLES)(count_to)
    job_kind("test.refuse", label="Refuse", roles=TEST_ROLES)(refuse)
    job_kind("test.crash", label="Crash", roles=TEST_ROLES)(crash)
    yield
    for kind in ("test.count", "test.refuse", "test.crash"):
        KINDS.pop(kind, None)


@pytest.fixture
def sync_queue():
    """The queue runs tasks at once in these tests (tests/conftest.py)."""


@pytest.fixture
def queued(monkeypatch):
    """Leave tasks in the queue's table, for a worker to take."""
    from django_q.conf import Conf

    monkeypatch.setattr(Conf, "SYNC", False)
