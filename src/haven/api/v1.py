"""Routes of the v1 API; each app's apis.py holds its endpoints."""

from django.urls import path

from haven.apps.people import apis as people

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
    path("census/", people.CensusApi.as_view(), name="census"),
]
