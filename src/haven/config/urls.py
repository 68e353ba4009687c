"""Top-level URL map: pages, the v1 API and its schema."""

from django.urls import include, path
from django.views.i18n import set_language

from haven.apps.cases.views.status import status_view

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/", include("haven.api.urls")),
    path("accounts/", include("haven.apps.accounts.urls")),
    path("people/", include("haven.apps.people.urls")),
    path("placements/", include("haven.apps.placements.urls")),
    path("cases/", include("haven.apps.cases.urls")),
    path("transfers/", include("haven.apps.transfers.urls")),
    path("determinations/", include("haven.apps.determinations.urls")),
    path("tracing/", include("haven.apps.tracing.urls")),
    path("sharing/", include("haven.apps.sharing.urls")),
    path("exports/", include("haven.apps.exports.urls")),
    path("jobs/", include("haven.apps.jobs.urls")),
    path("status/", status_view, name="status"),
    path("", include("haven.web.urls")),
]

handler404 = "haven.web.views.not_found"
