"""
Where a request comes from, for the audit rows written while serving it.

The middleware sets a fresh request id and a keyed hash of the client address;
services read them through ``request_context()`` without being handed the request.
The address itself is never stored (specs/security.md R-09).
"""

from __future__ import annotations

import contextvars
import hmac
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse

from haven.apps.audit.keys import audit_key


@dataclass(frozen=True, slots=True)
class RequestContext:
    """The request id and the hashed client address of the current request."""

    request_id: str = ""
    ip_hash: str = ""


_current: contextvars.ContextVar[RequestContext] = contextvars.ContextVar(
    "haven_audit_request",
    default=RequestContext(),  # noqa: B039 (immutable value)
)


def request_context() -> RequestContext:
    """Return the context of the request being served (empty outside requests)."""
    return _current.get()


def ip_hash(address: str) -> str:
    """Return a keyed hash of a client address (so it cannot be guessed back)."""
    if not address:
        return ""
    return hmac.digest(audit_key(), b"ip\x00" + address.encode(), "sha256").hex()[:32]


class AuditContextMiddleware:
    """Give each request an id (also sent as ``X-Request-ID``) for its audit rows."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        context = RequestContext(
            request_id=uuid.uuid4().hex,
            ip_hash=ip_hash(str(request.META.get("REMOTE_ADDR", ""))),
        )
        token = _current.set(context)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response["X-Request-ID"] = context.request_id
        return response
