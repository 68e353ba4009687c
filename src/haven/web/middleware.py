"""Security headers on every response (specs/security.md R-13, T-S15)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'self'"
)
# The bundled Swagger UI starts itself with an inline script; it shows the schema
# only, never records.
_DOCS_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self' 'unsafe-inline'; frame-ancestors 'none'; form-action 'self'; "
    "base-uri 'self'"
)


class SecurityHeadersMiddleware:
    """Send a CSP everywhere; forbid caching what an authenticated user sees."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        docs = request.path.startswith("/api/docs")
        response.setdefault("Content-Security-Policy", _DOCS_CSP if docs else _CSP)
        # Also set by Django's SecurityMiddleware; kept here so that no response
        # goes without them whatever the settings say.
        response.setdefault("X-Content-Type-Options", "nosniff")
        response.setdefault("Referrer-Policy", "same-origin")
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "no-store"
        return response
