"""
The access policy applied to every route before its view runs.

Each request is matched to its route's entry in policy.toml: a route with no
entry is refused, a method the entry does not list answers 405, a role without
the action answers 403, and a record outside the user's scope answers 404, as
if it did not exist, so that record numbers cannot be probed (docs/adr/0025).
Refusals are audited in their own transaction. The views keep their own role
checks as a second line.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseNotAllowed,
    JsonResponse,
)

from haven.apps.accounts.policy import (
    policy,
    record_in_scope,
    scope_for,
    writable_groups,
)
from haven.apps.audit.models import AuditEvent
from haven.apps.audit.services import audit_record


def _problem(status: int, code: str, detail: str) -> JsonResponse:
    body = {
        "type": f"https://haven.invalid/problems/{code}",
        "title": code.replace("_", " ").capitalize(),
        "status": status,
        "detail": detail,
        "code": code,
        "errors": [],
    }
    return JsonResponse(body, status=status, content_type="application/problem+json")


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _audit_refusal(request: HttpRequest, object_type: str, object_id: str) -> None:
    with transaction.atomic():
        audit_record(
            action="access.denied",
            actor_id=getattr(request.user, "pk", None),
            actor_name=request.user.get_username(),
            object_type=object_type,
            object_id=object_id,
            outcome=AuditEvent.Outcome.DENIED,
        )


def _forbidden(request: HttpRequest, name: str) -> HttpResponse:
    _audit_refusal(request, "route", name)
    if _is_api(request):
        return _problem(403, "permission_denied", "your role may not do this")
    raise PermissionDenied


def _unknown_parameters(request: HttpRequest, names: list[str]) -> HttpResponse:
    detail = "unknown query parameters: " + ", ".join(names)
    if _is_api(request):
        response = _problem(400, "invalid_input", detail)
        body = {
            **json.loads(response.content),
            "errors": [
                {"field": name, "message": "unknown query parameter"} for name in names
            ],
        }
        return JsonResponse(body, status=400, content_type="application/problem+json")
    return HttpResponseBadRequest(detail, content_type="text/plain; charset=utf-8")


# The largest key a database column of ids holds (a signed 64-bit integer): a
# number in a URL beyond it names no record, and would overflow the query.
LARGEST_ID = 2**63 - 1


def _no_such_record(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return _problem(404, "not_found", "no such record")
    raise Http404


class PolicyMiddleware:
    """Refuse any request the access policy does not allow."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: Any,
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        """Apply the route's policy entry; None lets the view run."""
        match = request.resolver_match
        name = match.view_name if match else ""
        route = policy().routes.get(name)
        if route is not None and route.public:
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            if _is_api(request):
                return _problem(401, "not_authenticated", "log in first")
            return redirect_to_login(request.get_full_path())
        if route is None:
            return _forbidden(request, name or request.path_info[:60])
        if route.session:
            return None
        method = request.method or "GET"
        need = route.need(method)
        if need is None:
            if _is_api(request):
                refusal = _problem(405, "method_not_allowed", "method not allowed")
                refusal["Allow"] = ", ".join(route.allowed_methods)
                return refusal
            return HttpResponseNotAllowed(route.allowed_methods)
        resource, action = need
        scope = scope_for(user, resource, action)
        if scope is None:
            return _forbidden(request, name)
        # A write, or the form that leads to one, needs every field group it sets.
        if action in ("create", "update") and not route.writes <= writable_groups(user):
            return _forbidden(request, name)
        unknown = sorted(set(request.GET) - route.params)
        if unknown:
            return _unknown_parameters(request, unknown)
        if any(
            isinstance(value, int) and not -LARGEST_ID <= value <= LARGEST_ID
            for value in view_kwargs.values()
        ):
            return _no_such_record(request)
        if route.object_resource:
            value = view_kwargs.get(route.object_kwarg)
            found = record_in_scope(user, route.object_resource, value, scope=scope)
            if found is False:
                _audit_refusal(request, route.object_resource, str(value))
                return _no_such_record(request)
        return None
