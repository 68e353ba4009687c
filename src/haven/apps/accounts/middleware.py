"""
Session rules on every request: a 12-hour absolute limit and the second factor.

The 15-minute idle limit is the session's age (``SESSION_COOKIE_AGE``), renewed by
an active request at most once a minute (``SESSION_RENEW_AFTER``): renewing on
every request would write the session row on every read, and the limit only ever
gets shorter by it, never longer. On top of it, a session
ends 12 hours after the log-in however active it is, and a session that has not
passed the second factor reaches only the pages that set it up or end it
(specs/security.md R-05, R-06; docs/adr/0015).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils import timezone

# Session keys set by the log-in views.
AUTH_AT = "haven_auth_at"
MFA_VERIFIED = "haven_mfa_verified"
RENEWED_AT = "haven_renewed_at"

# Pages open to a session that has not passed the second factor.
OPEN_BEFORE_MFA: frozenset[str] = frozenset(
    {
        "accounts:login",
        "accounts:login_verify",
        "accounts:mfa_enrol",
        "accounts:logout",
        "set_language",
        "web:healthz",
    }
)


def _refuse(request: HttpRequest, code: str, detail: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        body = {
            "type": f"https://haven.invalid/problems/{code}",
            "title": code.replace("_", " ").capitalize(),
            "status": 401,
            "detail": detail,
            "code": code,
            "errors": [],
        }
        return JsonResponse(body, status=401, content_type="application/problem+json")
    if code == "mfa_required":
        return redirect("accounts:mfa_enrol")
    return redirect_to_login(request.get_full_path())


def _renew_when_due(request: HttpRequest) -> None:
    """Push the idle limit back when the last renewal is a minute old or more."""
    now = timezone.now().timestamp()
    renewed_at = request.session.get(RENEWED_AT)
    if renewed_at is None or now - float(renewed_at) >= settings.SESSION_RENEW_AFTER:
        request.session[RENEWED_AT] = now  # marks the session modified: it is saved


class SessionSecurityMiddleware:
    """End sessions past 12 hours; hold sessions without a second factor back."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponse | None:
        """Refuse the view when the session is too old or lacks the second factor."""
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        auth_at = request.session.get(AUTH_AT)
        age = timezone.now().timestamp() - float(auth_at or 0)
        if auth_at is None or age > settings.SESSION_ABSOLUTE_AGE:
            logout(request)
            return _refuse(request, "session_expired", "log in again")
        _renew_when_due(request)
        match = request.resolver_match
        name = match.view_name if match else ""
        if request.session.get(MFA_VERIFIED) is not True and name not in (
            OPEN_BEFORE_MFA
        ):
            return _refuse(request, "mfa_required", "set up or pass the second factor")
        return None
