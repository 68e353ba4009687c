from django.urls import path

from haven.apps.people.views import census, person, register, search

app_name = "people"

urlpatterns = [
    path("", search.person_search_view, name="person_search"),
    path("register/", register.family_register_view, name="family_register"),
    path("<int:pk>/", person.person_detail_view, name="person_detail"),
    path("<int:pk>/edit/", person.person_edit_view, name="person_edit"),
    path("<int:pk>/needs/", person.need_add_view, name="need_add"),
    path(
        "<int:pk>/consents/<int:consent_pk>/withdraw/",
        person.consent_withdraw_view,
        name="consent_withdraw",
    ),
    path("<int:pk>/void/", person.person_void_view, name="person_void"),
    path("<int:pk>/restore/", person.person_restore_view, name="person_restore"),
    path("households/<int:pk>/", person.household_detail_view, name="household_detail"),
    path("census/", census.census_view, name="census"),
    path("places/", census.location_list_view, name="location_list"),
]
