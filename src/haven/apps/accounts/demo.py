"""
Demo accounts for the demo camp: one per role, with generated passwords and TOTP keys.

Every account needs a second factor (specs/security.md R-05), so each demo account
comes with its authenticator already set up; the passwords and TOTP keys are written
to ``var/demo-accounts.json`` (readable by the owner only) so that ``make run`` can
print them again. They are for a local demo, never for real data.
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path

import pyotp
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from haven.apps.accounts.models import TotpDevice, User

DEMO_USERS: tuple[tuple[str, str, str, str], ...] = (
    ("clerk", User.Role.REGISTRATION_CLERK, "Préfecture du Pas-de-Calais", ""),
    ("caseworker", User.Role.CASEWORKER, "Safe Passage", "north"),
    ("caseworker2", User.Role.CASEWORKER, "France terre d'asile", "east"),
    ("supervisor", User.Role.SUPERVISOR, "Safe Passage", "north"),
    ("health", User.Role.HEALTH_OFFICER, "Médecins du Monde", ""),
    ("protection", User.Role.PROTECTION_SPECIALIST, "Safe Passage", ""),
    ("dublin", User.Role.DUBLIN_OFFICER, "Home Office", ""),
    ("planner", User.Role.ALLOCATION_PLANNER, "DG HOME", ""),
    ("liaison", User.Role.GOVERNMENT_LIAISON, "Home Office", ""),
    ("auditor", User.Role.AUDITOR, "Data protection office", ""),
    ("sysadmin", User.Role.SYSTEM_ADMINISTRATOR, "haven operations", ""),
)


def _passwords_file() -> Path:
    return Path(settings.VAR_DIR) / "demo-accounts.json"


def _known(path: Path) -> dict[str, dict[str, str]]:
    data = json.loads(path.read_text()) if path.exists() else {}
    # Files written before TOTP held the password alone.
    return {
        name: value if isinstance(value, dict) else {"password": value}
        for name, value in data.items()
    }


def demo_accounts_ensure() -> list[tuple[str, str, str, str]]:
    """Create missing demo accounts; return (name, password, TOTP key, role) of each."""
    path = _passwords_file()
    known = _known(path)
    rows = []
    with transaction.atomic():
        for username, role, agency, team in DEMO_USERS:
            user = User.objects.filter(username=username).first()
            entry = known.get(username, {})
            password = entry.get("password")
            if user is None or password is None:
                password = secrets.token_urlsafe(12)
                if user is None:
                    user = User(username=username, role=role, agency=agency, team=team)
                user.set_password(password)
                user.save()
            elif (user.agency, user.team) != (agency, team):
                user.agency, user.team = agency, team
                user.save(update_fields=["agency", "team"])
            device = TotpDevice.objects.filter(user=user).first()
            secret = entry.get("totp", "")
            if device is None or device.confirmed_at is None or secret != device.secret:
                secret = pyotp.random_base32(length=32)
                TotpDevice.objects.update_or_create(
                    user=user,
                    defaults={
                        "secret": secret,
                        "confirmed_at": timezone.now(),
                        "last_step": 0,
                    },
                )
            known[username] = {"password": password, "totp": secret}
            rows.append((username, password, secret, str(User.Role(role).label)))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(known, indent=2))
    path.chmod(0o600)
    return rows
