"""
Read families and places from CSV text; every error names the file, line and column.

Columns are documented in ``docs/allocation.md``. Lists use ``;`` (``ar;fr``), pairs use
``=`` (``DE=0.7;FR=0.4``). Blank lines and lines starting with ``#`` are skipped.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable, Iterator, Mapping
from types import MappingProxyType

from haven.engines.allocation.errors import DataFileError
from haven.engines.allocation.placement.model import Family, Place

FAMILY_COLUMNS = (
    "family_id",
    "size",
    "language",
    "school_children",
    "unaccompanied_minors",
    "medical_needs",
    "relatives",
    "near_relatives_required",
    "ranking",
    "integration",
)
PLACE_COLUMNS = (
    "place_id",
    "area",
    "beds",
    "large_family_units",
    "school_places",
    "unaccompanied_places",
    "medical_places",
    "languages",
    "interpreters",
)
_TRUE = {"1", "true", "yes", "y"}
_FALSE = {"", "0", "false", "no", "n"}


class _Row:
    """One CSV row with typed getters that raise :class:`DataFileError` in place."""

    def __init__(self, cells: Mapping[str, str], *, source: str, line: int) -> None:
        self.cells = cells
        self.source = source
        self.line = line

    def fail(self, column: str, problem: str) -> DataFileError:
        """Return the error for ``column`` of this row."""
        return DataFileError(problem, source=self.source, line=self.line, column=column)

    def text(self, column: str, *, required: bool = False) -> str:
        """Return the stripped cell; a required cell may not be empty."""
        value = (self.cells.get(column) or "").strip()
        if required and not value:
            raise self.fail(column, "is empty")
        return value

    def integer(self, column: str, *, required: bool = False, minimum: int = 0) -> int:
        """Return the cell as a whole number of at least ``minimum`` (0 when empty)."""
        raw = self.text(column, required=required)
        if not raw:
            return 0
        try:
            value = int(raw)
        except ValueError:
            raise self.fail(column, f"{raw!r} is not a whole number") from None
        if value < minimum:
            raise self.fail(column, f"{value} is below the minimum {minimum}")
        return value

    def flag(self, column: str) -> bool:
        """Return the cell as a yes/no value."""
        raw = self.text(column).lower()
        if raw in _TRUE:
            return True
        if raw in _FALSE:
            return False
        raise self.fail(column, f"{raw!r} is not yes/no")

    def items(self, column: str) -> tuple[str, ...]:
        """Return the ``;``-separated list in the cell."""
        return tuple(
            part.strip() for part in self.text(column).split(";") if part.strip()
        )

    def pairs(self, column: str, convert: Callable[[str], float]) -> dict[str, float]:
        """Return the ``key=value;...`` pairs in the cell."""
        found: dict[str, float] = {}
        for part in self.items(column):
            key, sep, raw = part.partition("=")
            if not sep or not key.strip():
                raise self.fail(column, f"{part!r} is not of the form name=value")
            try:
                value = convert(raw.strip())
            except ValueError:
                raise self.fail(column, f"{raw.strip()!r} is not a number") from None
            if not math.isfinite(value) or value < 0:
                raise self.fail(
                    column, f"{raw.strip()!r} must be a non-negative number"
                )
            found[key.strip()] = value
        return found


def _rows(text: str, *, source: str, required: tuple[str, ...]) -> Iterator[_Row]:
    """Yield the data rows after checking the header has the ``required`` columns."""
    numbered = [
        (number, line)
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if not numbered:
        raise DataFileError(
            "the file has no header row", source=source, code="empty_file"
        )
    header_line = numbered[0][0]
    header = [cell.strip() for cell in next(csv.reader([numbered[0][1]]))]
    for column in required:
        if column not in header:
            raise DataFileError(
                f"missing column (header is {', '.join(header)})",
                source=source,
                line=header_line,
                column=column,
                code="missing_column",
            )
    for number, line in numbered[1:]:
        cells = next(csv.reader(io.StringIO(line)))
        if len(cells) != len(header):
            raise DataFileError(
                f"expected {len(header)} cells, found {len(cells)}",
                source=source,
                line=number,
                code="wrong_cell_count",
            )
        yield _Row(dict(zip(header, cells, strict=True)), source=source, line=number)


def parse_families_csv(text: str, *, source: str = "families.csv") -> list[Family]:
    """Return the families in ``text``; raise :class:`DataFileError` at a fault."""
    families: list[Family] = []
    seen: set[str] = set()
    for row in _rows(text, source=source, required=("family_id", "size", "language")):
        family_id = row.text("family_id", required=True)
        if family_id in seen:
            raise row.fail("family_id", f"{family_id!r} appears twice")
        seen.add(family_id)
        size = row.integer("size", required=True, minimum=1)
        counts = {}
        for column in ("school_children", "unaccompanied_minors", "medical_needs"):
            counts[column] = row.integer(column)
            if counts[column] > size:
                raise row.fail(
                    column, f"{counts[column]} is more than the family size {size}"
                )
        scores = row.pairs("integration", float)
        for area, score in scores.items():
            if score > 1:
                raise row.fail("integration", f"score {score} for {area} is above 1")
        families.append(
            Family(
                id=family_id,
                size=size,
                language=row.text("language", required=True),
                relatives=frozenset(row.items("relatives")),
                near_relatives_required=row.flag("near_relatives_required"),
                ranking=row.items("ranking"),
                integration=MappingProxyType(scores),
                **counts,
            )
        )
    return families


def parse_places_csv(text: str, *, source: str = "places.csv") -> list[Place]:
    """Return the places in ``text``; raise :class:`DataFileError` at a fault."""
    places: list[Place] = []
    seen: set[str] = set()
    for row in _rows(text, source=source, required=("place_id", "beds")):
        place_id = row.text("place_id", required=True)
        if place_id in seen:
            raise row.fail("place_id", f"{place_id!r} appears twice")
        seen.add(place_id)
        interpreters = {
            lang: int(count) for lang, count in row.pairs("interpreters", int).items()
        }
        places.append(
            Place(
                id=place_id,
                area=row.text("area"),
                beds=row.integer("beds", required=True),
                large_family_units=row.integer("large_family_units"),
                school_places=row.integer("school_places"),
                unaccompanied_places=row.integer("unaccompanied_places"),
                medical_places=row.integer("medical_places"),
                languages=frozenset(row.items("languages")),
                interpreters=MappingProxyType(interpreters),
            )
        )
    return places
