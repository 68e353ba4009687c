"""Routes of the v1 API; each app's apis.py holds its endpoints."""

from django.urls import path

from haven.apps.people import apis as people
from haven.apps.placements import apis as placements

app_name = "v1"

urlpatterns = [
    path("people/", people.PersonListCreateApi.as_view(), name="person_list"),
    path("people/search/", people.PersonSearchApi.as_view(), name="person_search"),
    path("people/<int:pk>/", people.PersonDetailApi.as_view(), name="person_detail"),
    path("families/", people.FamilyRegisterApi.as_view(), name="family_register"),
    path(
        "households/<int:pk>/",
        people.HouseholdDetailApi.as_view(),
        name="household_detail",
    ),
    path("locations/", people.LocationListApi.as_view(), name="location_list"),
    path(
        "locations/<slug:key>/beds/",
        people.BedAssignApi.as_view(),
        name="bed_assign",
    ),
    path("census/", people.CensusApi.as_view(), name="census"),
    path("ledger/schemes/", placements.SchemeListApi.as_view(), name="scheme_list"),
    path(
        "ledger/pledges/", placements.PledgeListCreateApi.as_view(), name="pledge_list"
    ),
    path(
        "ledger/placements/",
        placements.PlacementCreateApi.as_view(),
        name="placement_create",
    ),
    path(
        "allocation/runs/",
        placements.AllocationRunCreateApi.as_view(),
        name="allocation_run_create",
    ),
    path(
        "allocation/runs/<int:pk>/",
        placements.AllocationRunDetailApi.as_view(),
        name="allocation_run_detail",
    ),
    path(
        "allocation/runs/<int:pk>/overrides/",
        placements.RunOverrideCreateApi.as_view(),
        name="run_override_create",
    ),
]
