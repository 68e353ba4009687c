"""The one error tree of the linkage engine."""

from __future__ import annotations


class LinkageError(Exception):
    """Invalid input to the linkage engine, or a model that cannot be used.

    ``code`` is a stable snake_case identifier that callers may branch on;
    ``params`` holds the values the message was built from.
    """

    code: str = "linkage_error"

    def __init__(
        self, message: str, *, code: str | None = None, **params: object
    ) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code
        self.params: dict[str, object] = dict(params)


class InvalidRecordsError(LinkageError):
    """Input records lack required columns or hold unusable values."""

    code = "invalid_records"


class TrainingError(LinkageError):
    """The model could not be trained on the records given."""

    code = "training_failed"
