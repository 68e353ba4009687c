from django.urls import path

from haven.apps.tracing import views

app_name = "tracing"

urlpatterns = [
    path("people/<int:pk>/", views.person_tracing_view, name="person_tracing"),
    path("requests/<int:pk>/", views.request_detail_view, name="request_detail"),
    path("requests/<int:pk>/search/", views.request_search_view, name="request_search"),
    path("candidates/<int:pk>/decide/", views.candidate_decide_view, name="decide"),
    path("duplicates/", views.duplicate_queue_view, name="duplicate_queue"),
    path("duplicates/scan/", views.duplicate_scan_view, name="duplicate_scan"),
    path("duplicates/<int:pk>/merge/", views.duplicate_merge_view, name="merge"),
    path("duplicates/<int:pk>/dismiss/", views.duplicate_dismiss_view, name="dismiss"),
    path("merges/<int:pk>/undo/", views.merge_undo_view, name="merge_undo"),
    path("people/<int:pk>/merge/", views.person_merge_view, name="person_merge"),
    path("merges/<int:pk>/", views.merge_detail_view, name="merge_detail"),
    path(
        "conflicts/<int:pk>/resolve/",
        views.conflict_resolve_view,
        name="conflict_resolve",
    ),
]
