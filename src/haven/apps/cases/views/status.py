"""
The person's status page: a personal code, no log-in, nothing but first name and
stage. Codes are POSTed, never put in URLs, and attempts are limited per client
address and per code; a wrong code and a limited attempt get the same answer.
"""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from haven.apps.cases.forms import StatusLookupForm
from haven.apps.cases.reasons import LETTER_LANGUAGES
from haven.apps.cases.selectors import person_status
from haven.apps.cases.services import status_code_digest

WINDOW_SECONDS = 15 * 60
ATTEMPTS_PER_ADDRESS = 10
ATTEMPTS_PER_CODE = 5


def _limited(key: str, limit: int) -> bool:
    """Count one attempt under ``key``; return whether the limit is exceeded."""
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, WINDOW_SECONDS)
        count = 1
    return count > limit


@never_cache
@require_http_methods(["GET", "POST"])
def status_view(request: HttpRequest) -> HttpResponse:
    """Ask for the personal code; show the status in the person's language."""
    if request.method == "GET":
        return render(request, "cases/status_lookup.html", {"form": StatusLookupForm()})
    form = StatusLookupForm(request.POST)
    code = form.data.get("code", "") if hasattr(form, "data") else ""
    digest = status_code_digest(str(code))
    address = request.META.get("REMOTE_ADDR", "unknown")
    over_address = _limited(f"status:address:{address}", ATTEMPTS_PER_ADDRESS)
    over_code = _limited(f"status:code:{digest}", ATTEMPTS_PER_CODE)
    status = None
    if form.is_valid() and not (over_address or over_code):
        status = person_status(digest=digest)
    if status is None:
        return render(
            request,
            "cases/status_lookup.html",
            {"form": StatusLookupForm(), "not_shown": True},
            status=429 if over_address or over_code else 200,
        )
    language = LETTER_LANGUAGES[status.language]
    with translation.override(status.language):
        return render(
            request,
            f"cases/status/{status.language}.html",
            {"status": status, "reviewed": language.reviewed},
        )
