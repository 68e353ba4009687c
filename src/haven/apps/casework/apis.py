"""
The parts every casework endpoint repeats: who acts, which roles may, the problems
it can answer with, the validated body, and a lookup that is 404 when empty.

The cases and transfers APIs drive workflow steps, each taken by a member of staff
in a role; the services take them as ``actor`` and ``role`` keywords.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypedDict, TypeVar

from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from haven.apps.accounts.roles import role_of
from haven.apps.errors import NotFoundError
from haven.apps.people.apis import PROBLEM

T = TypeVar("T")


class Acting(TypedDict):
    """The member of staff taking a step, as the services name them."""

    actor: str
    role: str


def acting(request: Request) -> Acting:
    """Return the user behind the request as the actor and role of a step."""
    return {"actor": request.user.get_username(), "role": role_of(request.user)}


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
