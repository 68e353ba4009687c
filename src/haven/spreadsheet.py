"""
CSV as spreadsheets save it: the separator and the header's case vary.

Excel in much of Europe writes semicolons, some tools tabs or bars, and clerks
type column names as they like. Every reader of registry files (``haven import``,
``haven link``) asks this module which separator a file uses and how a header
cell names a column, so that they read the same files the same way.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Final

__all__ = ["column_name", "delimiter_of"]

DELIMITERS: Final = (",", ";", "\t", "|")


def column_name(cell: str) -> str:
    """Return a header cell as a column name: case and surrounding spaces ignored."""
    return cell.strip().lower()


def delimiter_of(header_line: str, columns: Collection[str]) -> str:
    """
    Return the separator that splits ``header_line`` into the most of ``columns``.

    A comma wins a tie, so a header naming no known column is read as plain CSV
    and its unknown columns are reported as such.

    >>> delimiter_of("Record_ID;Given_Name;dob", {"record_id", "given_name", "dob"})
    ';'
    >>> delimiter_of("shoe_size", {"record_id"})
    ','
    """
    return max(
        DELIMITERS,
        key=lambda d: sum(column_name(c) in columns for c in header_line.split(d)),
    )
