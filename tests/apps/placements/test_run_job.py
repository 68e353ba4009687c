"""The demo's s.67 allocation runs as a background job and reports its progress."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from haven.apps.audit.models import AuditEvent
from haven.apps.jobs.models import Job
from haven.apps.people.demo import demo_camp_load
from haven.apps.placements.demo import DUBS_KEY, ledger_demo_load
from haven.apps.placements.models import AllocationRun
from haven.synthetic import generate_camp

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

RUN_DAY = date(2026, 1, 1)


@time_machine.travel(datetime(2026, 1, 1, 10, tzinfo=UTC), tick=True)
def test_the_demo_s67_run_finishes_as_a_job_with_progress(make_user, client):
    # The camp is dated to the run's day, as `make run` dates it to today: the s.67
    # scheme covers only those who are children on the run's day (issue 17).
    demo_camp_load(generate_camp(300, 2016, reference_date=RUN_DAY))
    ledger_demo_load(today=RUN_DAY, reference=RUN_DAY)
    planner = make_user("allocation_planner")
    client.force_login(planner)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            "/placements/runs/",
            {"scheme": DUBS_KEY, "solver": "flow", "objective": "mix"},
        )
    assert response.status_code == 302
    job = Job.objects.get()
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert job.kind == "placements.allocation_run"
    assert job.state == Job.State.SUCCEEDED, job.error
    # Progress: reading the families, then the optimiser's four steps, then saving:
    # six reports of 0..5 out of 5, each committed to the job row as it came.
    progress_writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith('UPDATE "jobs_job" SET "progress_done"')
    ]
    assert len(progress_writes) == 6
    assert (job.progress_done, job.progress_total) == (5, 5)
    run = AllocationRun.objects.get()
    assert job.result["run_id"] == run.pk
    assert run.scheme.key == DUBS_KEY
    assert run.created_by_id == planner.pk
    assert job.result["persons_placed"] == run.persons_placed > 0
    actions = list(
        AuditEvent.objects.filter(object_type="job", object_id=str(job.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == ["job.enqueue", "job.start", "job.finish"]
    assert AuditEvent.objects.filter(
        action="allocation_run.create", object_id=str(run.pk)
    ).exists()
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert f'href="/placements/runs/{run.pk}/"' in page
    assert 'http-equiv="refresh"' not in page  # a finished job stops reloading


def test_a_run_with_nothing_to_allocate_fails_with_the_reason(make_user, client):
    ledger_demo_load(today=date(2026, 1, 1))  # schemes and pledges, no families
    client.force_login(make_user("allocation_planner"))
    client.post(
        "/placements/runs/", {"scheme": DUBS_KEY, "solver": "flow", "objective": "mix"}
    )
    job = Job.objects.get()
    assert job.state == Job.State.FAILED
    assert "Every family is placed already." in job.error
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "There is nothing to allocate. Every family is placed already." in page
    # Stored as the service said it, shown in the reader's language.
    client.cookies["django_language"] = "ar"
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "لا يوجد ما يُوزَّع. جميع الأسر موزَّعة بالفعل." in page
