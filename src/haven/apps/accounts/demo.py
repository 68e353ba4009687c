"""
Demo accounts for the demo camp: one per role, with generated passwords.

The passwords are written to ``var/demo-accounts.json`` (readable by the owner only)
so that ``make run`` can print them again; they are for a local demo, never for real
data.
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path

from django.conf import settings
from django.db import transaction

from haven.apps.accounts.models import User

DEMO_USERS: tuple[tuple[str, str, str], ...] = (
    ("clerk", User.Role.REGISTRATION_CLERK, "Préfecture du Pas-de-Calais"),
    ("caseworker", User.Role.CASEWORKER, "Safe Passage"),
    ("caseworker2", User.Role.CASEWORKER, "France terre d'asile"),
    ("supervisor", User.Role.SUPERVISOR, "Safe Passage"),
    ("health", User.Role.HEALTH_OFFICER, "Médecins du Monde"),
    ("protection", User.Role.PROTECTION_SPECIALIST, "Safe Passage"),
    ("dublin", User.Role.DUBLIN_OFFICER, "Home Office"),
    ("planner", User.Role.ALLOCATION_PLANNER, "DG HOME"),
    ("liaison", User.Role.GOVERNMENT_LIAISON, "Home Office"),
    ("auditor", User.Role.AUDITOR, "Data protection office"),
    ("sysadmin", User.Role.SYSTEM_ADMINISTRATOR, "haven operations"),
)


def _passwords_file() -> Path:
    return Path(settings.VAR_DIR) / "demo-accounts.json"


def demo_accounts_ensure() -> list[tuple[str, str, str]]:
    """Create missing demo accounts; return (user name, password, role) of each."""
    path = _passwords_file()
    known: dict[str, str] = json.loads(path.read_text()) if path.exists() else {}
    rows = []
    with transaction.atomic():
        for username, role, agency in DEMO_USERS:
            user = User.objects.filter(username=username).first()
            password = known.get(username)
            if user is None or password is None:
                password = secrets.token_urlsafe(12)
                if user is None:
                    user = User(username=username, role=role, agency=agency)
                user.set_password(password)
                user.save()
                known[username] = password
            rows.append((username, password, str(User.Role(role).label)))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(known, indent=2))
    path.chmod(0o600)
    return rows
