"""The home page and a health check."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send staff to the search page, where most work starts."""
    return redirect("people:person_search")


def healthz(request: HttpRequest) -> HttpResponse:
    """Answer that the process is up (no data, no database read)."""
    return JsonResponse({"status": "ok"})
