"""Processing-time metrics and returns per month."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from haven.apps.accounts.roles import may_read_case_metrics
from haven.apps.cases.models import Case
from haven.apps.cases.selectors import case_metrics, returns_by_month
from haven.apps.core.views import role_required


@role_required(may_read_case_metrics)
def metrics_view(request: HttpRequest) -> HttpResponse:
    """Show time in each stage, overdue counts and the median time to arrival."""
    metrics = case_metrics(now=timezone.now())
    labels = dict(Case.State.choices)
    longest = max((s.median_days for s in metrics.stages), default=0.0) or 1.0
    stages = [
        {
            "label": labels.get(s.stage, s.stage),
            "cases": s.cases,
            "median": s.median_days,
            "longest": s.longest_days,
            "width": round(100 * s.median_days / longest),
        }
        for s in metrics.stages
    ]
    by_state = [(labels[v], metrics.by_state.get(v, 0)) for v in Case.State.values]
    return render(
        request,
        "cases/metrics.html",
        {"metrics": metrics, "stages": stages, "by_state": by_state},
    )


@role_required(may_read_case_metrics)
def returns_view(request: HttpRequest) -> HttpResponse:
    """Show returns per month, voluntary and enforced."""
    return render(request, "cases/returns.html", {"months": returns_by_month()})
