"""Routes of the v1 API; each app's apis.py holds its endpoints."""

from django.urls import path

from haven.apps.cases import apis as cases
from haven.apps.determinations import apis as determinations
from haven.apps.jobs import apis as jobs
from haven.apps.people import apis as people
from haven.apps.placements import apis as placements
from haven.apps.sharing import apis as sharing
from haven.apps.tracing import apis as tracing
from haven.apps.transfers import apis as transfers

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
        "dublin-requests/<int:pk>/",
        determinations.DublinRequestDetailApi.as_view(),
        name="dublin_request_detail",
    ),
    path(
        "dublin-requests/<int:pk>/reply/",
        determinations.DublinRequestReplyApi.as_view(),
        name="dublin_request_reply",
    ),
    path(
        "dublin-requests/<int:pk>/steps/",
        determinations.DublinRequestStepApi.as_view(),
        name="dublin_request_step",
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
    path(
        "people/<int:pk>/disclosures/",
        sharing.PersonDisclosureListApi.as_view(),
        name="person_disclosure_list",
    ),
    path("disclosures/", sharing.DisclosureQueueApi.as_view(), name="disclosure_queue"),
    path(
        "disclosures/<int:pk>/",
        sharing.DisclosureDetailApi.as_view(),
        name="disclosure_detail",
    ),
    path(
        "disclosures/<int:pk>/approve/",
        sharing.DisclosureApproveApi.as_view(),
        name="disclosure_approve",
    ),
    path(
        "disclosures/<int:pk>/origin-override/",
        sharing.DisclosureOverrideApi.as_view(),
        name="disclosure_override",
    ),
    path(
        "disclosures/<int:pk>/send/",
        sharing.DisclosureSendApi.as_view(),
        name="disclosure_send",
    ),
    path("jobs/<int:pk>/", jobs.JobDetailApi.as_view(), name="job_detail"),
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
    path("cases/metrics/", cases.CaseMetricsApi.as_view(), name="case_metrics"),
    path("cases/<int:pk>/", cases.CaseDetailApi.as_view(), name="case_detail"),
    path(
        "cases/<int:pk>/transitions/",
        cases.CaseTransitionListApi.as_view(),
        name="case_transition_list",
    ),
    path(
        "cases/<int:pk>/step/",
        cases.CaseTransitionApplyApi.as_view(),
        name="case_transition_apply",
    ),
    path(
        "cases/<int:pk>/decisions/",
        cases.DecisionCreateApi.as_view(),
        name="decision_create",
    ),
    path(
        "cases/<int:pk>/returns/", cases.ReturnCreateApi.as_view(), name="return_create"
    ),
    path(
        "decisions/<int:pk>/appeals/",
        cases.AppealLodgeApi.as_view(),
        name="appeal_lodge",
    ),
    path(
        "appeals/<int:pk>/step/",
        cases.AppealTransitionApi.as_view(),
        name="appeal_transition",
    ),
    path("manifests/", transfers.ManifestCreateApi.as_view(), name="manifest_create"),
    path(
        "manifests/<int:pk>/",
        transfers.ManifestDetailApi.as_view(),
        name="manifest_detail",
    ),
    path(
        "manifests/<int:pk>/entries/",
        transfers.ManifestEntryAddApi.as_view(),
        name="manifest_entry_add",
    ),
    path(
        "manifests/<int:pk>/depart/",
        transfers.ManifestDepartApi.as_view(),
        name="manifest_depart",
    ),
    path(
        "manifests/<int:pk>/entries/<int:entry_pk>/check-out/",
        transfers.CustodyCheckOutApi.as_view(),
        name="custody_check_out",
    ),
    path(
        "manifests/<int:pk>/entries/<int:entry_pk>/check-in/",
        transfers.CustodyCheckInApi.as_view(),
        name="custody_check_in",
    ),
    path(
        "manifests/<int:pk>/entries/<int:entry_pk>/missing/",
        transfers.CustodyReportMissingApi.as_view(),
        name="custody_report_missing",
    ),
    path("alerts/", transfers.AlertListApi.as_view(), name="alert_list"),
    path(
        "alerts/<int:pk>/escalate/",
        transfers.AlertEscalateApi.as_view(),
        name="alert_escalate",
    ),
]
