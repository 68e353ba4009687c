"""How a match's reasons are shown: one row per field, in words and as a bar.

Used by the tracing pages and by registration's warning of likely duplicates.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

FIELD_LABELS = {
    "given_name": _("Given name"),
    "father_name": _("Father's name"),
    "lineage": _("Grandfather or family name"),
    "grandfather_name": _("Grandfather's name"),
    "family_name": _("Family name"),
    "dob": _("Date of birth"),
    "age": _("Age"),
    "sex": _("Sex"),
    "nationality": _("Nationality"),
    "place_of_origin": _("Place of origin"),
    "city": _("City"),
    "phone": _("Phone"),
    "name_order": _("Name order"),
}
SIDES = {
    "for": _("for a match"),
    "against": _("against a match"),
    "neutral": _("neutral"),
}
# A bar's full length stands for this many bits of evidence (a factor of 1,024).
FULL_SCALE_BITS = 10.0


def contribution_rows(
    contributions: Iterable[Mapping[str, Any]],
) -> list[dict[str, Any]]:
    """Return each field's label, level, signed weight and bar length (bits)."""
    rows = []
    for item in contributions:
        # Rounded as shown; adding 0.0 turns -0.0 into 0.0, which is neutral.
        weight = round(float(item.get("match_weight", 0.0)), 1) + 0.0
        magnitude = min(abs(weight), FULL_SCALE_BITS)
        side = "for" if weight > 0 else "against" if weight < 0 else "neutral"
        rows.append(
            {
                "field": FIELD_LABELS.get(str(item.get("field")), item.get("field")),
                "level": item.get("level", ""),
                "weight": weight,
                "signed": f"{weight:+.1f}",
                "magnitude": round(magnitude, 2),
                "side": side,
                "side_label": SIDES[side],
            }
        )
    return rows
