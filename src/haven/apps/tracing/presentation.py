"""How a match's reasons are shown: kept with people (``people.reasons``), where
registration's duplicate warning shows them too."""

from __future__ import annotations

from haven.apps.people.reasons import FIELD_LABELS, SIDES, contribution_rows

__all__ = ["FIELD_LABELS", "SIDES", "contribution_rows"]
