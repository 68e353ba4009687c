"""Start Django for the operation commands (import, demo, serve)."""

from __future__ import annotations

import os


def django_setup() -> None:
    """Configure Django with haven's settings, once."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haven.config.settings")
    import django

    django.setup()


def console_actor() -> str:
    """Name the operator of a console command in audit events: console:<os user>."""
    import getpass

    try:
        return f"console:{getpass.getuser()}"
    except (KeyError, OSError):
        return "console"
