"""System check: durable database settings (run by migrate, check and runserver)."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error, register
from django.core.checks import Warning as CheckWarning

from haven.apps.operations.durability import durability_problems, durability_warnings


@register("database", deploy=False)
def check_durability(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Report each non-durable setting as an error, each advised one as a warning."""
    databases = kwargs.get("databases") or []
    if "default" not in databases:
        return []
    messages: list[CheckMessage] = [
        Error(f"database {problem}", id="haven.E001")
        for problem in durability_problems("default")
    ]
    messages += [
        CheckWarning(
            f"database {warning}",
            hint="data checksums are set when the cluster is created: "
            "initdb --data-checksums, or pg_checksums --enable while it is stopped",
            id="haven.W001",
        )
        for warning in durability_warnings("default")
    ]
    return messages
