"""The allocation engine's one error tree: every error has a snake_case ``code``."""

from __future__ import annotations


class AllocationError(Exception):
    """Base of every error the allocation engine raises on invalid input."""

    code = "allocation_error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code
        self.message = message


class KeyInputError(AllocationError):
    """The figures or the participating set given to a distribution key are unusable."""

    code = "invalid_key_input"


class DataFileError(AllocationError):
    """A CSV input cannot be parsed; names the file, line and column at fault."""

    code = "invalid_data_file"

    def __init__(
        self,
        message: str,
        *,
        source: str,
        line: int | None = None,
        column: str | None = None,
        code: str | None = None,
    ) -> None:
        where = source
        if line is not None:
            where += f", line {line}"
        if column is not None:
            where += f", column {column!r}"
        super().__init__(f"{where}: {message}", code=code)
        self.source = source
        self.line = line
        self.column = column
        self.problem = message


class SolidarityInputError(AllocationError):
    """The solidarity pool's inputs are inconsistent."""

    code = "invalid_solidarity_input"


class PlacementInputError(AllocationError):
    """A placement problem is malformed (duplicate ids, negative capacity, ...)."""

    code = "invalid_placement_input"


class SolverError(AllocationError):
    """The optimisation solver failed to return a usable solution."""

    code = "solver_failed"
