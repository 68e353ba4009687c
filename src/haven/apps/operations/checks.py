"""System check: durable database settings (run by migrate, check and runserver)."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error, register

from haven.apps.operations.durability import durability_problems


@register("database", deploy=False)
def check_durability(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Report each non-durable database setting as an error."""
    databases = kwargs.get("databases") or []
    if "default" not in databases:
        return []
    return [
        Error(f"database {problem}", id="haven.E001")
        for problem in durability_problems("default")
    ]
