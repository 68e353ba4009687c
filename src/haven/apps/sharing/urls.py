from django.urls import path

from haven.apps.sharing import views

app_name = "sharing"

urlpatterns = [
    path("people/<int:pk>/", views.person_disclosures_view, name="person_disclosures"),
    path("disclosures/", views.disclosure_queue_view, name="disclosure_queue"),
    path("disclosures/origin/", views.origin_queue_view, name="origin_queue"),
    path(
        "disclosures/<int:pk>/", views.disclosure_detail_view, name="disclosure_detail"
    ),
    path(
        "disclosures/<int:pk>/approve/",
        views.disclosure_approve_view,
        name="disclosure_approve",
    ),
    path(
        "disclosures/<int:pk>/send/", views.disclosure_send_view, name="disclosure_send"
    ),
    path(
        "disclosures/<int:pk>/override/",
        views.disclosure_override_view,
        name="disclosure_override",
    ),
]
