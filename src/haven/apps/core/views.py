"""Role checks and form errors shared by every app's pages."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse

from haven.apps.audit.models import AuditEvent
from haven.apps.audit.services import audit_record
from haven.apps.errors import ApplicationError

View = Callable[..., HttpResponse]


def role_required(check: Callable[[object], bool]) -> Callable[[View], View]:
    """Allow the view only to logged-in users whose role passes ``check``."""

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not check(request.user):
                match = request.resolver_match
                with transaction.atomic():
                    audit_record(
                        action="access.denied",
                        actor_id=getattr(request.user, "pk", None),
                        actor_name=request.user.get_username(),
                        object_type="route",
                        object_id=match.view_name if match else "",
                        outcome=AuditEvent.Outcome.DENIED,
                    )
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def audit_read(request: HttpRequest, object_type: str, object_id: int) -> None:
    """Record that the requesting user read one record (inside a transaction)."""
    audit_record(
        action=f"{object_type}.read",
        actor_id=getattr(request.user, "pk", None),
        actor_name=request.user.get_username(),
        object_type=object_type,
        object_id=object_id,
    )


def add_errors(form: Any, error: ApplicationError, prefix: str = "") -> None:
    """Show a service's field errors on the form fields they name, the rest on top."""
    for path, problems in error.field_errors.items():
        name = path[len(prefix) :] if prefix and path.startswith(prefix) else path
        target = name if name in form.fields else None
        for problem in problems:
            form.add_error(target, f"{problem}" if target else f"{path}: {problem}")
    if not error.field_errors:
        form.add_error(None, error.message)
