"""
The DRF pieces every app's API shares.

Pagination with strict page parameters, the problem+json response of the schema,
serializers that refuse unknown fields, role permissions, the checked body, and
a lookup that is 404 when empty. The error handler itself is
``haven.api.problems``, named in the ``REST_FRAMEWORK`` setting.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from haven.apps.errors import NotFoundError

T = TypeVar("T")


class Pagination(PageNumberPagination):
    """
    50 a page by default, at most 200.

    ``page`` and ``page_size`` must be whole numbers from 1, given once, and
    ``page_size`` at most 200: anything else is a 400 naming the parameter, not
    a value quietly replaced by the default.
    """

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def paginate_queryset(
        self, queryset: Any, request: Any, view: Any = None
    ) -> list[Any] | None:
        problems: dict[str, list[str]] = {}
        for name, largest in (
            (self.page_query_param, None),
            (self.page_size_query_param, self.max_page_size),
        ):
            values = request.query_params.getlist(name)
            if len(values) > 1:
                problems[name] = ["give it once"]
            elif values and not (
                values[0].isascii()
                and values[0].isdigit()
                and 1 <= int(values[0]) <= (largest or 10**9)
            ):
                limit = f" to {largest}" if largest else ""
                problems[name] = [f"a whole number from 1{limit}, got {values[0]!r}"]
        if problems:
            raise serializers.ValidationError(problems)
        return super().paginate_queryset(queryset, request, view)


PROBLEM = OpenApiResponse(
    response=inline_serializer(
        "Problem",
        {
            "type": serializers.CharField(),
            "title": serializers.CharField(),
            "status": serializers.IntegerField(),
            "detail": serializers.CharField(),
            "code": serializers.CharField(),
            "errors": serializers.ListField(child=serializers.DictField()),
        },
    ),
    description="RFC 7807 problem+json naming each field at fault",
)


class StrictSerializer(serializers.Serializer[Any]):
    """
    A body may hold only the serializer's own fields: any other key is a 400
    naming it, never silently dropped (mass assignment, specs/security.md T-S3).
    """

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError(
                    dict.fromkeys(unknown, ["unknown field"])
                )
            # A text field takes text: DRF would turn 0 or true into "0" or "True".
            not_text = sorted(
                name
                for name, field in self.fields.items()
                if isinstance(field, serializers.CharField)
                and data.get(name) is not None
                and not isinstance(data[name], str)
            )
            if not_text:
                raise serializers.ValidationError(
                    dict.fromkeys(not_text, ["must be text"])
                )
        return super().to_internal_value(data)


def role_permission(allowed: Callable[[object], bool]) -> type[BasePermission]:
    """Return a DRF permission that lets in the users ``allowed`` accepts."""

    class RolePermission(BasePermission):
        def has_permission(self, request: Request, view: Any) -> bool:
            return allowed(request.user)

    RolePermission.__name__ = RolePermission.__qualname__ = (
        f"RolePermission[{allowed.__name__}]"
    )
    return RolePermission


def problems(*statuses: int) -> dict[int, OpenApiResponse]:
    """Return the schema's problem+json responses for ``statuses``."""
    return dict.fromkeys(statuses, PROBLEM)


def validated(
    serializer_class: type[serializers.Serializer[Any]], request: Request
) -> dict[str, Any]:
    """Return the request body checked by ``serializer_class``, or answer 400."""
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    data: dict[str, Any] = serializer.validated_data
    return data


def found(value: T | None, message: str) -> T:
    """Return ``value``, or answer 404 with ``message`` when there is none."""
    if value is None:
        raise NotFoundError(message)
    return value
