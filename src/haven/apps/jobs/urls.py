from django.urls import path

from haven.apps.jobs import views

app_name = "jobs"

urlpatterns = [
    path("", views.job_list_view, name="job_list"),
    path("<int:pk>/", views.job_detail_view, name="job_detail"),
    path("<int:pk>/cancel/", views.job_cancel_view, name="job_cancel"),
]
