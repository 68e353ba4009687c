"""The one error the generator raises."""

from __future__ import annotations


class SyntheticError(ValueError):
    """
    Raise for arguments the generator cannot honour.

    ``code`` is a snake_case key callers can map to messages.
    """

    code: str = "synthetic_error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code
        self.message = message
