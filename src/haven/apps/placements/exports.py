"""
The ledger as CSV and as HXL-tagged CSV (a second row of HXL hashtags).

A cell that a spreadsheet would read as a formula (starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return) is prefixed with a single quote. Numbers are
written as numbers and left alone.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from haven.apps.placements.models import Pledge

FORMULA_STARTS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")

# Column, HXL hashtag (https://hxlstandard.org/standard/1-1final/dictionary/).
LEDGER_COLUMNS: tuple[tuple[str, str], ...] = (
    ("scheme", "#org+scheme"),
    ("pledger", "#org+pledger"),
    ("pledger_kind", "#org+type"),
    ("country", "#country+code"),
    ("kind", "#indicator+kind"),
    ("places_pledged", "#indicator+pledged+num"),
    ("places_delivered", "#indicator+delivered+num"),
    ("places_remaining", "#indicator+remaining+num"),
    ("amount", "#value+pledged"),
    ("currency", "#currency"),
    ("period_start", "#date+start"),
    ("period_end", "#date+end"),
    ("pledged_on", "#date+pledged"),
)


def safe_cell(value: object) -> str:
    """Return ``value`` as text a spreadsheet will not run as a formula."""
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def _rows(pledges: Iterable[Pledge]) -> Iterable[Sequence[object]]:
    for pledge in pledges:
        yield (
            pledge.scheme.name,
            pledge.pledger,
            pledge.pledger_kind,
            pledge.country,
            pledge.kind,
            pledge.places,
            pledge.places_delivered,
            pledge.places_remaining,
            "" if pledge.amount is None else f"{pledge.amount:f}",
            pledge.currency,
            pledge.period_start.isoformat(),
            pledge.period_end.isoformat(),
            pledge.pledged_on.isoformat(),
        )


def ledger_csv(pledges: Iterable[Pledge], *, hxl: bool = False) -> str:
    """Return the pledges as CSV text; with ``hxl``, add the row of hashtags."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([name for name, _ in LEDGER_COLUMNS])
    if hxl:
        writer.writerow([tag for _, tag in LEDGER_COLUMNS])
    for row in _rows(pledges):
        writer.writerow([safe_cell(value) for value in row])
    return out.getvalue()
