from django.urls import path

from haven.apps.transfers import views

app_name = "transfers"

urlpatterns = [
    path("", views.manifest_list_view, name="manifest_list"),
    path("<int:pk>/", views.manifest_detail_view, name="manifest_detail"),
    path("<int:pk>/depart/", views.manifest_depart_view, name="manifest_depart"),
    path("<int:pk>/print/", views.manifest_print_view, name="manifest_print"),
    path(
        "<int:pk>/entries/<int:entry_pk>/remove/",
        views.entry_remove_view,
        name="entry_remove",
    ),
    path(
        "<int:pk>/entries/<int:entry_pk>/<slug:action>/",
        views.custody_view,
        name="custody",
    ),
    path("alerts/", views.alert_list_view, name="alert_list"),
    path("alerts/<int:pk>/", views.alert_escalate_view, name="alert_escalate"),
]
