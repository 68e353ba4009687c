from django.urls import path

from haven.apps.determinations import views

app_name = "determinations"

urlpatterns = [
    path("requests/", views.request_tracker_view, name="request_tracker"),
    path("requests/<int:pk>/reply/", views.request_reply_view, name="request_reply"),
    path("requests/<int:pk>/step/", views.request_step_view, name="request_step"),
    path(
        "people/<int:pk>/",
        views.determination_page_view,
        name="determination_page",
    ),
    path(
        "people/<int:pk>/requests/",
        views.dublin_request_create_view,
        name="dublin_request_create",
    ),
]
