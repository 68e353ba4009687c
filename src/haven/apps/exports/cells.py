"""
Write tables as CSV that a spreadsheet opens as data, never as formulas.

Every cell passes through :func:`safe_cell`: control characters are removed (a line
break inside a cell stays, as ``\\n``), and a text that starts with a character a
spreadsheet reads as the start of a formula (``=``, ``+``, ``-``, ``@``, their
full-width forms) or with an invisible character (a space, a zero-width or direction
mark) that could hide one, is prefixed with a single quote. Numbers are written as
numbers (specs/security.md R-12, T-S10; OWASP "CSV Injection").
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal

FORMULA_STARTS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")
# Unicode categories that show nothing: controls, format marks, separators.
INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})


def _strip_controls(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(c for c in text if c == "\n" or unicodedata.category(c) != "Cc")


def needs_quote_prefix(text: str) -> bool:
    """Return True when a spreadsheet could read ``text`` as, or hide, a formula."""
    if not text:
        return False
    first = text[0]
    return first in FORMULA_STARTS or unicodedata.category(first) in (
        INVISIBLE_CATEGORIES
    )


def safe_cell(value: object) -> str:
    """Return ``value`` as the text of one cell that cannot run as a formula."""
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return str(value)
    text = _strip_controls(str(value))
    if needs_quote_prefix(text):
        return "'" + text
    return text


def table_csv(rows: Iterable[Sequence[object]]) -> bytes:
    """Return the rows as CSV in UTF-8 (CRLF line ends), every cell made safe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return out.getvalue().encode("utf-8")
