"""The responsibility engine's error tree; legal outcomes are never errors."""

from __future__ import annotations

from dataclasses import dataclass

from haven.engines.kernel import EngineError


@dataclass(frozen=True, slots=True)
class FactError:
    """One invalid fact: the JSON path and what is wrong with it."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class ResponsibilityError(EngineError):
    """Base of every error the responsibility engine raises."""

    code = "responsibility_error"


class InvalidFactsError(ResponsibilityError):
    """Raise once for all invalid facts of a case, each naming its JSON path."""

    code = "invalid_facts"

    def __init__(self, errors: tuple[FactError, ...]) -> None:
        self.errors = errors
        super().__init__("; ".join(str(error) for error in errors))

    def messages(self) -> list[str]:
        """Return each error as ``path: message``."""
        return [str(error) for error in self.errors]
