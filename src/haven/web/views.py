"""The home page and a health check."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render

from haven.web.navigation import nav_items_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send staff to the first page of the menu their role may open."""
    menu = nav_items_for(request.user)
    if not menu:
        return render(request, "web/home.html", status=200)
    return redirect(menu[0][0])


def healthz(request: HttpRequest) -> HttpResponse:
    """Answer that the process is up (no data, no database read)."""
    return JsonResponse({"status": "ok"})


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """
    A page that does not exist: problem+json under /api/, the layout elsewhere.

    API clients read errors as problem+json (docs/adr/0004), also for a path that
    names no operation at all.
    """
    if request.path.startswith("/api/"):
        return JsonResponse(
            {
                "type": "https://haven.invalid/problems/not_found",
                "title": "Not found",
                "status": 404,
                "detail": "no such resource",
                "code": "not_found",
                "errors": [],
            },
            status=404,
            content_type="application/problem+json",
        )
    return render(request, "404.html", status=404)
