"""The ledger and allocation endpoints: roles, problem+json, the pledge as a limit."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from haven.apps.placements.models import Placement, RunOverride
from tests.apps.placements.builders import household, person, places_pledge, scheme

pytestmark = pytest.mark.django_db

PLEDGE = {
    "scheme": "dubs",
    "pledger_kind": "local_authority",
    "pledger": "Leeds City Council",
    "country": "GB",
    "kind": "places",
    "places": 2,
    "period_start": "2016-05-12",
    "period_end": "2020-12-31",
    "pledged_on": "2016-10-10",
}


@pytest.fixture
def client_as(make_user):
    def login(role: str) -> APIClient:
        client = APIClient()
        client.force_login(make_user(role))
        return client

    return login


def test_a_planner_pledges_and_places_and_the_liaison_reads_the_totals(client_as):
    scheme(cap=480)
    planner = client_as("allocation_planner")
    created = planner.post("/api/v1/ledger/pledges/", PLEDGE, format="json")
    assert created.status_code == 201, created.content
    pledge_id = created.json()["id"]
    child = person(1)
    placed = planner.post(
        "/api/v1/ledger/placements/",
        {"pledge": pledge_id, "person": child.pk, "placed_on": "2016-10-20"},
        format="json",
    )
    assert placed.status_code == 201, placed.content
    liaison = client_as("government_liaison")
    schemes = liaison.get("/api/v1/ledger/schemes/").json()
    assert schemes == [
        {
            "key": "dubs",
            "name": "Scheme dubs",
            "legal_basis": "",
            "cap": 480,
            "cap_remaining": 479,
            "caps": [],
            "places_pledged": 2,
            "places_delivered": 1,
            "places_remaining": 1,
        }
    ]
    pledges = liaison.get("/api/v1/ledger/pledges/?scheme=dubs").json()
    assert [(p["pledger"], p["places_remaining"]) for p in pledges] == [
        ("Leeds City Council", 1)
    ]
    refused = liaison.post("/api/v1/ledger/pledges/", PLEDGE, format="json")
    assert refused.status_code == 403


def test_a_placement_beyond_the_pledge_is_a_409_problem(client_as):
    pledge = places_pledge(scheme(cap=None), 2)
    home = household("H-9", 3, start=20)
    response = client_as("supervisor").post(
        "/api/v1/ledger/placements/",
        {"pledge": pledge.pk, "household": home.pk},
        format="json",
    )
    assert response.status_code == 409
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["code"] == "pledge_exceeded"
    assert not Placement.objects.exists()


def test_an_invalid_pledge_is_a_problem_naming_the_fields(client_as):
    scheme()
    response = client_as("allocation_planner").post(
        "/api/v1/ledger/pledges/",
        {**PLEDGE, "kind": "money", "places": 2, "currency": "E"},
        format="json",
    )
    assert response.status_code == 400
    fields = {error["field"] for error in response.json()["errors"]}
    assert {"places", "amount", "currency"} <= fields


@pytest.mark.parametrize("role", ["caseworker", "registration_clerk", "auditor"])
def test_other_roles_may_not_read_the_ledger(client_as, role):
    assert client_as(role).get("/api/v1/ledger/schemes/").status_code == 403


def test_a_run_places_what_fits_reports_the_rest_and_takes_overrides(client_as):
    dubs = scheme(cap=None)
    places_pledge(dubs, 4, pledger="Kent")
    places_pledge(dubs, 2, pledger="Leeds")
    household("H-1", 3, start=1)
    household("H-2", 2, start=10)
    household("H-3", 5, start=20)
    planner = client_as("allocation_planner")
    created = planner.post(
        "/api/v1/allocation/runs/",
        {"scheme": "dubs", "solver": "mip", "objective": "mix"},
        format="json",
    )
    # The run is a background job (run at once by the tests' synchronous queue).
    assert created.status_code == 202, created.content
    job = created.json()
    assert created["Location"] == f"/api/v1/jobs/{job['id']}/"
    assert job["state"] == "succeeded", job["error"]
    assert job["result_link"] == f"/placements/runs/{job['result']['run_id']}/"
    polled = planner.get(created["Location"])
    assert polled.status_code == 200
    assert polled.json()["progress_done"] == polled.json()["progress_total"] == 5
    run = planner.get(f"/api/v1/allocation/runs/{job['result']['run_id']}/").json()
    assert run["persons_placed"] == 5
    assert run["proven_optimal"] is True
    assert [(u["label"], u["reason"]) for u in run["report"]["unplaced"]] == [
        ("H-3", "larger_than_any_place")
    ]
    family = run["report"]["assignments"][0]["family_id"]
    missing = planner.post(
        f"/api/v1/allocation/runs/{run['id']}/overrides/",
        {"family_id": family, "place_id": "", "reason": " "},
        format="json",
    )
    assert missing.status_code == 400
    done = planner.post(
        f"/api/v1/allocation/runs/{run['id']}/overrides/",
        {"family_id": family, "place_id": "", "reason": "waits for a sibling"},
        format="json",
    )
    assert done.status_code == 201, done.content
    assert RunOverride.objects.get().reason == "waits for a sibling"
    read = client_as("government_liaison").get(f"/api/v1/allocation/runs/{run['id']}/")
    assert read.status_code == 200
    assert read.json()["gap"] == pytest.approx(0.0, abs=1e-9)
