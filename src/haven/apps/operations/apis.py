"""
DRF plumbing for reliable writes: the ``Idempotency-Key`` of every POST.

``idempotent`` wraps an APIView method; ``IDEMPOTENCY_KEY`` documents the header in
the schema. The key, the request's hash and the response are stored in the
operation's own transaction by ``haven.apps.operations.idempotency``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.request import Request
from rest_framework.response import Response

from haven.apps.operations.idempotency import idempotent_call, request_hash

IDEMPOTENCY_KEY = OpenApiParameter(
    name="Idempotency-Key",
    type=OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=False,
    description="A unique value per intended operation (a UUID). Sending the same "
    "request again with the same key returns the first response and changes "
    "nothing; the same key with another body is refused with 422.",
)
REPLAYED_HEADER = "Idempotent-Replayed"

Handler = Callable[..., Response]


def idempotent(method: Handler) -> Handler:
    """Make an APIView ``post`` happen at most once per user and Idempotency-Key."""

    @functools.wraps(method)
    def wrapper(view: Any, request: Request, *args: Any, **kwargs: Any) -> Response:
        key = request.headers.get("Idempotency-Key")
        user_id = request.user.pk
        # Permissions run before the handler, so user_id is None only for views that
        # let anonymous users write; their keys have no owner to be scoped to.
        if key is None or user_id is None:
            return method(view, request, *args, **kwargs)
        fingerprint = request_hash(
            method=request.method or "POST", path=request.path, body=request.data
        )

        def operation() -> tuple[int, Any]:
            response = method(view, request, *args, **kwargs)
            return response.status_code, response.data

        stored = idempotent_call(
            user_id=user_id,
            key=key,
            fingerprint=fingerprint,
            operation=operation,
            now=timezone.now(),
        )
        response = Response(stored.body, status=stored.status_code)
        response[REPLAYED_HEADER] = "true" if stored.replayed else "false"
        return response

    return wrapper
