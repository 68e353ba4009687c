"""
The error contract of the application layer (docs/adr/0004).

Services raise ``ApplicationError`` subclasses, never HTTP errors. The API maps them to
RFC 7807 problem+json, views show them as form errors, the CLI prints them.
``field_errors`` maps a field name (a dotted path for nested input) to its problems.
"""

from __future__ import annotations

from collections.abc import Mapping


class ApplicationError(Exception):
    """A request that cannot be carried out, with a code and the fields at fault."""

    code = "application_error"
    status = 400

    def __init__(
        self,
        message: str,
        *,
        field_errors: Mapping[str, list[str]] | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field_errors: dict[str, list[str]] = {
            name: list(problems) for name, problems in (field_errors or {}).items()
        }
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        if not self.field_errors:
            return self.message
        details = "; ".join(
            f"{name}: {problem}"
            for name, problems in self.field_errors.items()
            for problem in problems
        )
        return f"{self.message}: {details}"


class InvalidInputError(ApplicationError):
    """One or more fields are missing or wrong."""

    code = "invalid_input"
    status = 400


class NotFoundError(ApplicationError):
    """The record does not exist, or the user may not know that it does."""

    code = "not_found"
    status = 404


class ConflictError(ApplicationError):
    """The record changed since the caller read it (a stale version)."""

    code = "conflict"
    status = 409


class PermissionDeniedError(ApplicationError):
    """The user's role does not allow this action."""

    code = "permission_denied"
    status = 403
