"""
Import registrations from CSV or JSON files, row by row, idempotently.

Every row is one person's registration. A row is stored whole or not at all (a
savepoint each), good rows are stored even when others are bad, and each bad row is
reported with its line number and the fields at fault. A row whose
(``source_name``, ``external_id``) is already stored is skipped, so running the same
file twice adds nothing, and a run that was killed part-way resumes where its last
committed batch ended. ``committed`` hears of each batch's stored external ids once
the batch is committed, never before, so a caller can acknowledge them.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction

from haven.apps.core.actors import Actor
from haven.apps.errors import ApplicationError
from haven.apps.people.inputs import NameInput, PersonInput, RegistrationInput
from haven.apps.people.models import Household, Registration
from haven.apps.people.services import person_register
from haven.engines.kernel import normalise_state_code
from haven.spreadsheet import column_name, delimiter_of

COLUMNS: tuple[str, ...] = (
    "external_id",
    "source_kind",
    "source_name",
    "registered_at",
    "registered_by",
    "location_key",
    "given_name",
    "father_name",
    "grandfather_name",
    "family_name",
    "name_native",
    "other_spellings",
    "sex",
    "date_of_birth",
    "dob_precision",
    "age_dispute",
    "nationalities",
    "languages",
    "phone",
    "place_of_origin",
    "child_status",
    "needs",
    "consent_tracing",
    "household_ref",
    # The day an asylum application was lodged with this registration, if one was:
    # lodging is never read from the source alone.
    "asylum_lodged_on",
)
REQUIRED: tuple[str, ...] = (
    "external_id",
    "source_kind",
    "source_name",
    "registered_at",
    "registered_by",
    "sex",
)
_TRUE = {"1", "true", "yes", "y"}
_FALSE = {"", "0", "false", "no", "n"}
BATCH = 250


@dataclass(frozen=True, slots=True)
class SourceRow:
    """One row of an import file and the line it starts on."""

    line: int
    values: dict[str, Any]


@dataclass(frozen=True, slots=True)
class RejectedRow:
    """A row that was not stored, and why."""

    line: int
    external_id: str
    reasons: tuple[str, ...]

    def __str__(self) -> str:
        ident = f" ({self.external_id})" if self.external_id else ""
        return f"line {self.line}{ident}: " + "; ".join(self.reasons)


@dataclass
class ImportReport:
    """What an import did: rows stored, skipped as already stored, and rejected."""

    stored: int = 0
    skipped: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)

    @property
    def read(self) -> int:
        return self.stored + self.skipped + len(self.rejected)


class ImportFileError(ApplicationError):
    """The file cannot be read at all (format, encoding or header)."""

    code = "import_file_unreadable"


def read_rows(path: Path) -> Iterator[SourceRow]:
    """Yield the rows of a CSV, JSON or JSON Lines file with their line numbers."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            f"{path}: not UTF-8 text ({error.reason} at byte {error.start})"
        ) from error
    suffix = path.suffix.lower()
    if suffix == ".csv":
        yield from _csv_rows(text, path)
    elif suffix == ".json":
        yield from _json_array_rows(text, path)
    elif suffix in (".jsonl", ".ndjson"):
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                yield _json_row(line, number)
    else:
        raise ImportFileError(
            f"{path}: unknown file type {suffix!r}; use .csv, .json or .jsonl"
        )


def _csv_rows(text: str, path: Path) -> Iterator[SourceRow]:
    delimiter = delimiter_of(text.split("\n", 1)[0], COLUMNS)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [column_name(cell) for cell in next(reader)]
    except StopIteration:
        return
    unknown = [name for name in header if name not in COLUMNS]
    missing = [name for name in REQUIRED if name not in header]
    if unknown or missing:
        problems = []
        if unknown:
            problems.append("unknown columns " + ", ".join(unknown))
        if missing:
            problems.append("missing columns " + ", ".join(missing))
        raise ImportFileError(f"{path}: header: " + "; ".join(problems))
    start = reader.line_num + 1
    try:
        for record in reader:
            line = start
            start = reader.line_num + 1
            if not any(cell.strip() for cell in record):
                continue
            if len(record) != len(header):
                yield SourceRow(
                    line,
                    {
                        "__error__": f"has {len(record)} cells, the header "
                        f"has {len(header)}"
                    },
                )
                continue
            yield SourceRow(line, dict(zip(header, record, strict=True)))
    except csv.Error as error:
        yield SourceRow(start, {"__error__": f"unreadable CSV: {error}"})


def _json_row(text: str, line: int) -> SourceRow:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        return SourceRow(line, {"__error__": f"invalid JSON: {error.msg}"})
    if not isinstance(value, dict):
        return SourceRow(line, {"__error__": "each record must be a JSON object"})
    return SourceRow(line, value)


def _json_array_rows(text: str, path: Path) -> Iterator[SourceRow]:
    decoder = json.JSONDecoder()
    position = text.find("[")
    if position < 0:
        raise ImportFileError(f"{path}: a .json file must hold an array of objects")
    position += 1
    while True:
        while position < len(text) and text[position] in " \t\r\n,":
            position += 1
        if position >= len(text):
            raise ImportFileError(f"{path}: the array is not closed")
        if text[position] == "]":
            return
        line = text.count("\n", 0, position) + 1
        try:
            value, position = decoder.raw_decode(text, position)
        except json.JSONDecodeError as error:
            raise ImportFileError(
                f"{path}: line {error.lineno}: invalid JSON: {error.msg}"
            ) from error
        if isinstance(value, dict):
            yield SourceRow(line, value)
        else:
            yield SourceRow(line, {"__error__": "each record must be a JSON object"})


def _text(values: dict[str, Any], name: str) -> str:
    value = values.get(name, "")
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return str(value).strip()


def _codes(values: dict[str, Any], name: str) -> tuple[str, ...]:
    value = values.get(name)
    if isinstance(value, list):
        return tuple(str(v).strip() for v in value if str(v).strip())
    return tuple(
        part.strip() for part in _text(values, name).split(";") if part.strip()
    )


def row_to_inputs(
    row: SourceRow,
) -> tuple[PersonInput, RegistrationInput, str] | list[str]:
    """Return a row's service inputs and household reference, or its problems."""
    values = row.values
    if "__error__" in values:
        return [str(values["__error__"])]
    problems: list[str] = []
    unknown = sorted(set(values) - set(COLUMNS))
    if unknown:
        problems.append("unknown fields " + ", ".join(unknown))
    for name in REQUIRED:
        if not _text(values, name):
            problems.append(f"{name}: required")
    born: date | None = None
    if _text(values, "date_of_birth"):
        try:
            born = date.fromisoformat(_text(values, "date_of_birth"))
        except ValueError:
            problems.append(
                f"date_of_birth: {_text(values, 'date_of_birth')!r} is not a date "
                "(YYYY-MM-DD)"
            )
    registered_at: datetime | None = None
    if _text(values, "registered_at"):
        try:
            registered_at = datetime.fromisoformat(_text(values, "registered_at"))
        except ValueError:
            problems.append(
                f"registered_at: {_text(values, 'registered_at')!r} is not a date "
                "and time (ISO 8601)"
            )
    lodged: date | None = None
    if _text(values, "asylum_lodged_on"):
        try:
            lodged = date.fromisoformat(_text(values, "asylum_lodged_on"))
        except ValueError:
            problems.append(
                f"asylum_lodged_on: {_text(values, 'asylum_lodged_on')!r} is not a "
                "date (YYYY-MM-DD)"
            )
    consent_text = _text(values, "consent_tracing").lower()
    if consent_text not in _TRUE | _FALSE:
        problems.append(f"consent_tracing: {consent_text!r} is not yes or no")
    if problems or registered_at is None:
        return problems
    spellings = tuple(
        NameInput(given_name=part.strip())
        for part in _text(values, "other_spellings").split(";")
        if part.strip()
    )
    person = PersonInput(
        name=NameInput(
            _text(values, "given_name"),
            _text(values, "father_name"),
            _text(values, "grandfather_name"),
            _text(values, "family_name"),
            _text(values, "name_native"),
        ),
        other_spellings=spellings,
        sex=_text(values, "sex").upper(),
        date_of_birth=born,
        dob_precision=_text(values, "dob_precision")
        or ("exact" if born else "unknown"),
        age_dispute=_text(values, "age_dispute") or "none",
        nationalities=tuple(
            normalise_state_code(code) for code in _codes(values, "nationalities")
        ),
        languages=tuple(code.lower() for code in _codes(values, "languages")),
        phone=_text(values, "phone"),
        place_of_origin=_text(values, "place_of_origin"),
        child_status=_text(values, "child_status") or "not_a_child",
        needs=tuple(code.upper() for code in _codes(values, "needs")),
        consent_tracing=consent_text in _TRUE,
    )
    registration = RegistrationInput(
        source_kind=_text(values, "source_kind"),
        source_name=_text(values, "source_name"),
        registered_at=registered_at,
        registered_by=_text(values, "registered_by"),
        location_key=_text(values, "location_key"),
        external_id=_text(values, "external_id"),
        asylum_lodged_on=lodged,
    )
    return person, registration, _text(values, "household_ref")


def registrations_import(
    rows: Iterable[SourceRow],
    *,
    actor: Actor,
    now: datetime,
    progress: Any = None,
    batch_size: int = BATCH,
    committed: Callable[[list[str]], None] | None = None,
) -> ImportReport:
    """
    Store every good row, skip rows already stored, and report every bad row.

    Rows are stored ``batch_size`` at a time, one transaction per batch. After a
    batch commits, ``committed`` is called with the external ids it stored.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    report = ImportReport()
    batch: list[SourceRow] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= batch_size:
            _import_batch(batch, report, actor=actor, now=now, committed=committed)
            if progress is not None:
                progress(len(batch))
            batch = []
    if batch:
        _import_batch(batch, report, actor=actor, now=now, committed=committed)
        if progress is not None:
            progress(len(batch))
    return report


def _import_batch(
    batch: list[SourceRow],
    report: ImportReport,
    *,
    actor: Actor,
    now: datetime,
    committed: Callable[[list[str]], None] | None,
) -> None:
    stored: list[str] = []
    with transaction.atomic():
        if committed is not None:
            transaction.on_commit(lambda: committed(stored))
        for row in batch:
            parsed = row_to_inputs(row)
            external_id = (
                _text(row.values, "external_id")
                if "__error__" not in row.values
                else ""
            )
            if isinstance(parsed, list):
                report.rejected.append(
                    RejectedRow(row.line, external_id, tuple(parsed))
                )
                continue
            person_input, registration, household_ref = parsed
            if Registration.objects.filter(
                source_name=registration.source_name.strip(),
                external_id=registration.external_id,
            ).exists():
                report.skipped += 1
                continue
            try:
                with transaction.atomic():
                    person = person_register(
                        person=person_input,
                        registration=registration,
                        actor=actor,
                        now=now,
                    )
                    if household_ref:
                        household, _ = Household.objects.get_or_create(
                            reference=household_ref[:32]
                        )
                        person.household = household
                        person.save(update_fields=["household"])
            except ApplicationError as error:
                reasons = tuple(
                    f"{_short(name)}: {problem}"
                    for name, problems in error.field_errors.items()
                    for problem in problems
                ) or (error.message,)
                report.rejected.append(RejectedRow(row.line, external_id, reasons))
            except IntegrityError as error:
                report.rejected.append(
                    RejectedRow(row.line, external_id, (f"conflict: {error}",))
                )
            else:
                report.stored += 1
                stored.append(registration.external_id)


def _short(path: str) -> str:
    """Return a service field path as the import column it came from."""
    return path.removeprefix("members[0].").removeprefix("registration.")
