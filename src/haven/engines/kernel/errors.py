"""The base of every engine's error tree."""

from __future__ import annotations


class EngineError(Exception):
    """
    Raise for invalid input or a bug; never for a legal outcome.

    Each subclass sets a snake_case ``code`` that callers map to messages.
    """

    code: str = "engine_error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code
        self.message = message
