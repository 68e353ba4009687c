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
