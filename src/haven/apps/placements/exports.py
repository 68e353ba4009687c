"""
The ledger as CSV and as HXL-tagged CSV (a second row of HXL hashtags).

The rows go out through the export service (``haven.apps.exports``), which defuses
formulas, seals the file unless plain text is allowed and asked for, stores it for
30 days and audits it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from haven.apps.core.actors import Actor
from haven.apps.exports.services import MadeExport, export_create
from haven.apps.placements.models import Pledge, Scheme

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


def ledger_rows(
    pledges: Iterable[Pledge], *, hxl: bool = False
) -> list[Sequence[object]]:
    """Return the header, with ``hxl`` the row of hashtags, then one row a pledge."""
    rows: list[Sequence[object]] = [[name for name, _ in LEDGER_COLUMNS]]
    if hxl:
        rows.append([tag for _, tag in LEDGER_COLUMNS])
    for pledge in pledges:
        rows.append(
            (
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
        )
    return rows


def ledger_export(
    *,
    pledges: Iterable[Pledge],
    scheme: Scheme | None,
    hxl: bool,
    actor: Actor,
    now: datetime,
    plaintext: bool = False,
) -> MadeExport:
    """Export the pledges (of one scheme, or all) through the export service."""
    stem = f"ledger-{scheme.key}" if scheme is not None else "ledger"
    return export_create(
        kind="placements.ledger_hxl" if hxl else "placements.ledger",
        filename=f"{stem}{'-hxl' if hxl else ''}.csv",
        rows=ledger_rows(pledges, hxl=hxl),
        actor=actor,
        now=now,
        plaintext=plaintext,
    )
