"""The ledger pages: dashboard with chart, exports, runs with reasons and overrides."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from haven.apps.exports.container import open_export
from haven.apps.jobs.models import Job
from haven.apps.placements.models import AllocationRun, Placement, RunOverride
from haven.apps.placements.services import placement_record
from tests.apps.placements.builders import (
    DAY,
    PLACER,
    household,
    person,
    places_pledge,
    scheme,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged_in(client, make_user):
    def login(role: str = "allocation_planner"):
        client.force_login(make_user(role))
        return client

    return login


def test_the_dashboard_shows_cap_pledged_delivered_and_a_chart(logged_in):
    dubs = scheme(cap=480)
    pledge = places_pledge(dubs, 90, pledger="London boroughs")
    placement_record(pledge_id=pledge.pk, person=person(1), placed_on=DAY, actor=PLACER)
    page = logged_in("government_liaison").get("/placements/?scheme=dubs")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="stat-cap">480<' in html
    assert 'id="stat-delivered">1<' in html
    assert 'id="stat-remaining">89<' in html
    assert "<polyline" in html
    assert "London boroughs" in html


def test_the_exports_are_csv_and_hxl_and_sealed_by_default(logged_in):
    places_pledge(scheme(cap=None), 5)
    client = logged_in("supervisor")
    texts = {}
    for form in ("csv", "hxl"):
        made = client.post("/placements/export/", {"scheme": "dubs", "format": form})
        passphrase = made.context["passphrase"]
        assert passphrase in made.content.decode()
        download = client.get(f"/exports/{made.context['export'].token}/download/")
        assert download["Content-Type"] == "application/octet-stream"
        assert (
            f'filename="ledger-dubs{"-hxl" if form == "hxl" else ""}.csv.hvx"'
            in (download["Content-Disposition"])
        )
        texts[form] = open_export(download.content, passphrase).decode().splitlines()
    assert texts["hxl"][1].startswith("#org+scheme")
    assert not texts["csv"][1].startswith("#")


def test_the_export_is_a_post(logged_in):
    places_pledge(scheme(cap=None), 5)
    assert (
        logged_in("supervisor").get("/placements/export/?scheme=dubs").status_code
        == 405
    )


@pytest.mark.parametrize("role", ["caseworker", "registration_clerk"])
def test_other_roles_get_no_ledger_page(logged_in, role):
    assert logged_in(role).get("/placements/").status_code == 403


def test_a_liaison_reads_runs_but_may_not_start_one(logged_in):
    places_pledge(scheme(cap=None), 5)
    client = logged_in("government_liaison")
    assert client.get("/placements/runs/").status_code == 200
    response = client.post("/placements/runs/", {"scheme": "dubs", "solver": "mip"})
    assert response.status_code == 403
    assert not AllocationRun.objects.exists()


def test_a_planner_runs_overrides_with_a_reason_and_records(logged_in):
    dubs = scheme(cap=None)
    places_pledge(dubs, 3, pledger="Kent")
    household("H-1", 2, start=1)
    household("H-2", 2, start=10)
    client = logged_in()
    response = client.post(
        "/placements/runs/", {"scheme": "dubs", "solver": "mip", "objective": "mix"}
    )
    run = AllocationRun.objects.get()
    # The run is a background job: the page sends the planner to the job's page,
    # which links to the run once it is done.
    assert response.status_code == 302
    job = Job.objects.get()
    assert response["Location"] == f"/jobs/{job.pk}/"
    job_page = client.get(response["Location"]).content.decode()
    assert f'href="/placements/runs/{run.pk}/"' in job_page
    page = client.get(f"/placements/runs/{run.pk}/").content.decode()
    assert "capacity_exhausted" in page
    assert "coverage" in page
    placed = run.report["assignments"][0]["family_id"]
    no_reason = client.post(
        f"/placements/runs/{run.pk}/",
        {"family_id": placed, "place_id": "", "reason": ""},
    )
    assert no_reason.status_code == 200
    assert not RunOverride.objects.exists()
    other = next(
        item["family_id"]
        for item in run.report["unplaced"]
        if item["family_id"] != placed
    )
    client.post(
        f"/placements/runs/{run.pk}/",
        {"family_id": placed, "place_id": "", "reason": "waits for a relative"},
    )
    client.post(
        f"/placements/runs/{run.pk}/",
        {"family_id": other, "place_id": run.report["places"][0], "reason": "school"},
    )
    client.post(f"/placements/runs/{run.pk}/", {"record": "1"})
    run.refresh_from_db()
    assert run.recorded_at is not None
    placement = Placement.objects.get()
    assert f"H{placement.household_id}" == other
    assert placement.run_id == run.pk
    again = client.post(f"/placements/runs/{run.pk}/", {"record": "1"}, follow=True)
    assert "recorded already" in again.content.decode()


def test_a_run_on_an_uploaded_pair_reports_what_cannot_be_placed(logged_in):
    families = b"family_id,size,language\nF1,3,ar\nF2,9,ar\nF3,2,ti\n"
    places = b"place_id,beds,languages\nP1,4,ar\nP2,2,ar\n"
    response = logged_in().post(
        "/placements/runs/",
        {
            "solver": "mip",
            "objective": "mix",
            "families_file": SimpleUploadedFile("families.csv", families),
            "places_file": SimpleUploadedFile("places.csv", places),
        },
    )
    assert response.status_code == 302
    run = AllocationRun.objects.get()
    reasons = {item["family_id"]: item["reason"] for item in run.report["unplaced"]}
    assert reasons == {"F2": "larger_than_any_place", "F3": "no_language_support"}
    assert run.persons_placed == 3


def test_a_bad_upload_is_shown_on_the_form(logged_in):
    response = logged_in().post(
        "/placements/runs/",
        {
            "solver": "mip",
            "objective": "mix",
            "families_file": SimpleUploadedFile("f.csv", b"family_id,size\nF1,two\n"),
            "places_file": SimpleUploadedFile("p.csv", b"place_id,beds\nP1,4\n"),
        },
    )
    assert response.status_code == 200
    assert "families.csv" in response.content.decode()
    assert not AllocationRun.objects.exists()
