"""
RFC 7807 problem+json for every API error (docs/adr/0004).

Each problem has ``type``, ``title``, ``status``, ``detail``, a snake_case ``code``,
and ``errors``: a list of ``{"field": path, "message": text}`` naming each field
at fault. Application errors from services and DRF's own errors both end here.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from haven.apps.errors import ApplicationError

PROBLEM_CONTENT_TYPE = "application/problem+json"


def _flatten(detail: Any, path: str = "") -> list[dict[str, str]]:
    if isinstance(detail, dict):
        items: list[dict[str, str]] = []
        for key, value in detail.items():
            if isinstance(key, int) or str(key).isdigit():
                # A list item (DRF's ListField reports errors by index).
                items += _flatten(value, f"{path}[{key}]")
                continue
            name = str(key) if key != "non_field_errors" else ""
            items += _flatten(
                value, f"{path}.{name}" if path and name else (name or path)
            )
        return items
    if isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            return [{"field": path, "message": str(item)} for item in detail]
        items = []
        for index, item in enumerate(detail):
            items += _flatten(item, f"{path}[{index}]")
        return items
    return [{"field": path, "message": str(detail)}]


def problem_response(
    *,
    status_code: int,
    title: str,
    detail: str,
    code: str,
    errors: list[dict[str, str]],
) -> Response:
    """Build a problem+json response."""
    body = {
        "type": f"https://haven.invalid/problems/{code}",
        "title": title,
        "status": status_code,
        "detail": detail,
        "code": code,
        "errors": errors,
    }
    return Response(body, status=status_code, content_type=PROBLEM_CONTENT_TYPE)


def problem_exception_handler(
    exc: Exception, context: dict[str, Any]
) -> Response | None:
    """Turn application and DRF errors into problem+json responses."""
    if isinstance(exc, ApplicationError):
        errors = [
            {"field": field, "message": message}
            for field, messages in exc.field_errors.items()
            for message in messages
        ]
        return problem_response(
            status_code=exc.status,
            title=exc.code.replace("_", " ").capitalize(),
            detail=exc.message,
            code=exc.code,
            errors=errors,
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    code = exc.get_codes()
    code_name = code if isinstance(code, str) else "invalid_input"
    if response.status_code == status.HTTP_400_BAD_REQUEST:
        code_name = "invalid_input"
    errors = _flatten(exc.detail) if isinstance(exc.detail, dict | list) else []
    detail = (
        str(exc.detail)
        if not isinstance(exc.detail, dict | list)
        else "some fields are wrong"
    )
    problem = problem_response(
        status_code=response.status_code,
        title=code_name.replace("_", " ").capitalize(),
        detail=detail,
        code=code_name,
        errors=errors,
    )
    for header in ("WWW-Authenticate", "Retry-After", "Allow"):
        if header in response:
            problem[header] = response[header]
    return problem
