from django.urls import path

from haven.apps.cases.views import case, dashboard

app_name = "cases"

urlpatterns = [
    path("", case.case_list_view, name="case_list"),
    path("<int:pk>/", case.case_detail_view, name="case_detail"),
    path("<int:pk>/step/", case.case_transition_view, name="case_transition"),
    path(
        "<int:pk>/requests/<int:request_pk>/step/",
        case.request_transition_view,
        name="request_transition",
    ),
    path("<int:pk>/decisions/", case.decision_create_view, name="decision_create"),
    path("<int:pk>/returns/", case.return_create_view, name="return_create"),
    path("<int:pk>/status-code/", case.status_code_issue_view, name="status_code"),
    path("letters/<int:pk>/", case.letter_view, name="letter"),
    path("letters/<int:pk>/pdf/", case.letter_pdf_view, name="letter_pdf"),
    path("letters/<int:pk>/deliveries/", case.delivery_create_view, name="delivery"),
    path("decisions/<int:pk>/appeals/", case.appeal_create_view, name="appeal_create"),
    path("appeals/<int:pk>/step/", case.appeal_transition_view, name="appeal_step"),
    path("metrics/", dashboard.metrics_view, name="metrics"),
    path("returns/", dashboard.returns_view, name="returns"),
]
