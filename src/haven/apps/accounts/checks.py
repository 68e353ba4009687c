"""
Start-up checks of the access policy against the URLs that exist.

A route without a policy entry would be refused at run time anyway; the check
says so before the application starts, and names routes the policy lists that
no longer exist (docs/adr/0025).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.core.checks import CheckMessage, Error
from django.urls import URLPattern, URLResolver, get_resolver

from haven.apps.accounts.policy import PolicyError, policy


def route_names(
    resolver: URLResolver | None = None, namespace: str = ""
) -> Iterator[str]:
    """Yield the qualified name of every URL pattern, as ``view_name`` has it."""
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = (
                f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            )
            yield from route_names(pattern, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name or ''}"


def policy_covers_routes(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Check the policy file reads, and that it and the URLs name the same routes."""
    try:
        routes = policy().routes
    except PolicyError as error:
        return [Error(str(error), id="haven.E101")]
    names = set(route_names())
    errors: list[CheckMessage] = [
        Error(f"route {name!r} has no entry in policy.toml", id="haven.E102")
        for name in sorted(names - set(routes))
    ]
    errors += [
        Error(
            f"policy.toml names route {name!r}, which does not exist", id="haven.E103"
        )
        for name in sorted(set(routes) - names)
    ]
    return errors
