"""
Figures per state for the distribution keys, and a strict CSV parser for them.

The package ships one data set (``data/*.csv``: Eurostat 2014 population and GDP, 2014
unemployment and 2010-2014 asylum applications per million). Each file has ``#`` comment
lines naming its source, then a header ``state,<value>`` and one row per state. A user
replaces any of them with their own file of the same shape; :func:`parse_figures_csv`
takes the text, so reading files stays with the caller.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType

from haven.engines.allocation.errors import DataFileError
from haven.engines.kernel import STATE_CODE_ALIASES, normalise_state_code

# File name and value column of each figure the keys use.
FIGURE_FILES: Mapping[str, str] = MappingProxyType(
    {
        "population": "population.csv",
        "gdp": "gdp.csv",
        "unemployment": "unemployment.csv",
        "asylum_per_million": "asylum_per_million.csv",
    }
)


@dataclass(frozen=True, slots=True)
class KeyData:
    """Figures per state code: population, GDP, unemployment %, asylum per million."""

    population: Mapping[str, float]
    gdp: Mapping[str, float]
    unemployment: Mapping[str, float]
    asylum_per_million: Mapping[str, float]

    def states(self) -> tuple[str, ...]:
        """Return the state codes that have every figure, sorted."""
        common = (
            set(self.population)
            & set(self.gdp)
            & set(self.unemployment)
            & set(self.asylum_per_million)
        )
        return tuple(sorted(common))


def _data_lines(text: str) -> list[tuple[int, str]]:
    """Return (line number, line) pairs that are neither blank nor comments."""
    kept = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            kept.append((number, line))
    return kept


def parse_figures_csv(text: str, *, source: str, column: str) -> dict[str, float]:
    """
    Parse ``state,<column>`` rows into a mapping of state code to a finite number.

    State codes are stored as ISO 3166-1 alpha-2; Eurostat's ``EL`` and ``UK`` are read
    as ``GR`` and ``GB``.

    Raise :class:`DataFileError` naming ``source``, the line and the column for a
    missing
    header, an unknown or duplicate state code, or a value that is not a non-negative
    number.

    >>> parse_figures_csv("# demo\\nstate,population\\nAT,8507786\\n",
    ...                   source="population.csv", column="population")
    {'AT': 8507786.0}
    """
    lines = _data_lines(text)
    if not lines:
        raise DataFileError(
            "the file has no header row", source=source, code="empty_file"
        )
    header_line, header_text = lines[0]
    header = [cell.strip() for cell in next(csv.reader([header_text]))]
    for needed in ("state", column):
        if needed not in header:
            raise DataFileError(
                f"missing column {needed!r} (header is {', '.join(header)})",
                source=source,
                line=header_line,
                column=needed,
                code="missing_column",
            )
    state_at = header.index("state")
    value_at = header.index(column)
    figures: dict[str, float] = {}
    for number, line in lines[1:]:
        cells = next(csv.reader(io.StringIO(line)))
        if len(cells) != len(header):
            raise DataFileError(
                f"expected {len(header)} cells, found {len(cells)}",
                source=source,
                line=number,
                code="wrong_cell_count",
            )
        state = normalise_state_code(cells[state_at])
        if not (len(state) == 2 and state.isalpha()):
            raise DataFileError(
                f"{cells[state_at]!r} is not a two-letter state code",
                source=source,
                line=number,
                column="state",
                code="bad_state_code",
            )
        if state in figures:
            raise DataFileError(
                f"state {state} appears twice (EL is read as GR, UK as GB)"
                if state in STATE_CODE_ALIASES.values()
                else f"state {state} appears twice",
                source=source,
                line=number,
                column="state",
                code="duplicate_state",
            )
        raw = cells[value_at].strip().replace("_", "")
        try:
            value = float(raw)
        except ValueError:
            value = math.nan
        if not math.isfinite(value) or value < 0:
            raise DataFileError(
                f"{cells[value_at]!r} is not a non-negative number",
                source=source,
                line=number,
                column=column,
                code="bad_number",
            )
        figures[state] = value
    if not figures:
        raise DataFileError(
            "the file has no data rows", source=source, code="empty_file"
        )
    return figures


def key_data_from_texts(texts: Mapping[str, tuple[str, str]]) -> KeyData:
    """
    Build :class:`KeyData` from ``{figure: (source name, CSV text)}``.

    Figures not given come from the packaged data set, so a user may replace one file.
    """
    parsed: dict[str, dict[str, float]] = {}
    for figure, file_name in FIGURE_FILES.items():
        if figure in texts:
            source, text = texts[figure]
        else:
            source, text = file_name, packaged_text(file_name)
        parsed[figure] = parse_figures_csv(text, source=source, column=figure)
    unknown = set(texts) - set(FIGURE_FILES)
    if unknown:
        raise DataFileError(
            f"unknown figure(s): {', '.join(sorted(unknown))}",
            source="key data",
            code="unknown_figure",
        )
    return KeyData(
        population=MappingProxyType(parsed["population"]),
        gdp=MappingProxyType(parsed["gdp"]),
        unemployment=MappingProxyType(parsed["unemployment"]),
        asylum_per_million=MappingProxyType(parsed["asylum_per_million"]),
    )


def packaged_text(file_name: str) -> str:
    """Return the text of one CSV shipped in ``haven.engines.allocation/data``."""
    folder = resources.files("haven.engines.allocation") / "data"
    return (folder / file_name).read_text(encoding="utf-8")


def default_key_data() -> KeyData:
    """Return the packaged 2014 figures (see ``data/*.csv`` for sources)."""
    return key_data_from_texts({})
