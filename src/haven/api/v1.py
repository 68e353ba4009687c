"""Routes of the v1 API; each app's apis.py holds its endpoints."""

from django.urls import path

from haven.apps.determinations import apis as determinations
from haven.apps.people import apis as people
from haven.apps.placements import apis as placements
from haven.apps.tracing import apis as tracing

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
    path(
        "people/<int:pk>/determination-facts/",
        determinations.DeterminationFactsApi.as_view(),
        name="determination_facts",
    ),
    path(
        "people/<int:pk>/determinations/",
        determinations.DeterminationListCreateApi.as_view(),
        name="determination_list",
    ),
    path(
        "people/<int:pk>/dublin-requests/",
        determinations.DublinRequestCreateApi.as_view(),
        name="dublin_request_create",
    ),
    path(
        "dublin-requests/",
        determinations.DublinRequestTrackerApi.as_view(),
        name="dublin_request_tracker",
    ),
    path(
        "dublin-requests/<int:pk>/reply/",
        determinations.DublinRequestReplyApi.as_view(),
        name="dublin_request_reply",
    ),
    path(
        "people/<int:pk>/tracing-requests/",
        tracing.TracingRequestCreateApi.as_view(),
        name="tracing_request_create",
    ),
    path(
        "tracing-requests/<int:pk>/search/",
        tracing.TracingRequestSearchApi.as_view(),
        name="tracing_request_search",
    ),
    path(
        "tracing-requests/<int:pk>/candidates/",
        tracing.CandidateListApi.as_view(),
        name="tracing_candidate_list",
    ),
    path(
        "tracing-candidates/<int:pk>/decisions/",
        tracing.MatchDecisionCreateApi.as_view(),
        name="tracing_decision_create",
    ),
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
