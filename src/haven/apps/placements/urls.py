from django.urls import path

from haven.apps.placements.views import ledger, runs

app_name = "placements"

urlpatterns = [
    path("", ledger.ledger_view, name="ledger"),
    path("export/", ledger.ledger_export_view, name="ledger_export"),
    path("runs/", runs.run_list_view, name="run_list"),
    path("runs/<int:pk>/", runs.run_detail_view, name="run_detail"),
]
