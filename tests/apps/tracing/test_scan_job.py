"""The duplicate scan as a background job, on a demo camp with planted twins."""

from __future__ import annotations

import pytest

from haven.apps.accounts.policy import allows
from haven.apps.jobs.models import Job
from haven.apps.people.demo import demo_camp_load
from haven.apps.people.models import Person, Registration
from haven.apps.tracing.jobs import SCAN_KIND, SCAN_ROLES
from haven.apps.tracing.models import DuplicatePair
from haven.synthetic import generate_camp
from haven.synthetic.twins import twins_found

# A camp of 1,000 residents with 50 planted twins: the 7,000-person run with its
# timing is bench/duplicates.py.
SIZE, SEED, TWINS = 1_000, 2016, 50


@pytest.fixture
def planted(db):
    camp = generate_camp(SIZE, SEED, twins=TWINS)
    demo_camp_load(camp)
    return camp


def band_record_pairs():
    external = dict(Registration.objects.values_list("pk", "external_id"))
    return [
        (external[left], external[right])
        for left, right in DuplicatePair.objects.filter(
            status=DuplicatePair.Status.OPEN
        ).values_list("left_id", "right_id")
    ]


@pytest.mark.slow
def test_the_scan_runs_as_a_job_and_puts_the_planted_twins_in_its_bands(
    planted, client, make_user
):
    user = make_user("caseworker")
    client.force_login(user)
    people = Person.objects.count()
    response = client.post("/tracing/duplicates/scan/")
    job = Job.objects.get(kind=SCAN_KIND)
    assert response.status_code == 302
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert job.state == Job.State.SUCCEEDED, job.error
    assert job.progress_done == job.progress_total == 3
    bands = {
        band: DuplicatePair.objects.filter(band=band).count()
        for band in DuplicatePair.Band.values
    }
    assert job.result == {
        "very_likely": bands["auto"],
        "to_review": bands["review"],
        "registrations": Registration.objects.exclude(
            source_kind="relative_declared"
        ).count(),
    }
    found = twins_found(planted, band_record_pairs())
    assert len(found) >= 0.9 * TWINS
    # Nothing was merged: every planted twin is still a person of their own.
    assert Person.objects.count() == people
    page = client.get(response["Location"]).content.decode()
    assert "/tracing/duplicates/" in page


@pytest.mark.django_db
def test_a_second_scan_waits_for_the_first(client, make_user):
    user = make_user("caseworker")
    client.force_login(user)
    Job.objects.create(
        kind=SCAN_KIND,
        state=Job.State.RUNNING,
        started_by=user,
        actor_name=user.username,
        created_at="2026-12-07T10:00:00Z",
    )
    response = client.post("/tracing/duplicates/scan/", follow=True)
    assert response.redirect_chain[-1][0] == "/tracing/duplicates/"
    assert "already running" in response.content.decode()
    assert Job.objects.filter(kind=SCAN_KIND).count() == 1


@pytest.mark.django_db
def test_the_roles_that_may_scan_are_those_the_policy_lets_review_duplicates(
    make_user,
):
    from haven.apps.accounts.models import User

    granted = {
        role
        for role in User.Role.values
        if allows(make_user(role, username=f"u-{role}"), "duplicate", "review")
    }
    assert granted == set(SCAN_ROLES)
