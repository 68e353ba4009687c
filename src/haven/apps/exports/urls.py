from django.urls import path

from haven.apps.exports import views

app_name = "exports"

urlpatterns = [
    path("<uuid:token>/download/", views.export_download_view, name="export_download"),
]
