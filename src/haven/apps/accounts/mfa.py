"""
The second factor: TOTP (RFC 6238) enrolment and checks, and recovery codes.

Codes are six digits over 30-second steps; one step either side is accepted for
clock drift, and a step once accepted is never accepted again (no replay). Recovery
codes are 80-bit random strings; only their SHA-256 is stored, and each works once
(specs/security.md R-05; docs/adr/0015).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

import pyotp
from django.db import transaction

from haven.apps.accounts.models import RecoveryCode, TotpDevice, User
from haven.apps.errors import ApplicationError, InvalidInputError

ISSUER = "haven"
DIGITS = 6
STEP_SECONDS = 30
RECOVERY_CODES = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i


class MfaError(ApplicationError):
    """The second factor could not be set up or checked."""

    code = "mfa_error"
    status = 400


def totp_step(now: datetime) -> int:
    """Return the 30-second step of a moment."""
    return int(now.timestamp()) // STEP_SECONDS


def totp_uri(*, user: User, secret: str) -> str:
    """Return the otpauth:// URI an authenticator app reads."""
    return pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS).provisioning_uri(
        name=user.get_username(), issuer_name=ISSUER
    )


def totp_code(secret: str, now: datetime) -> str:
    """Return the code an authenticator shows at ``now`` (demo and tests)."""
    return pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS).at(now)


def mfa_is_enrolled(user: User) -> bool:
    """Return True when the user has a confirmed authenticator."""
    return TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).exists()


def totp_enrol_start(*, user: User) -> TotpDevice:
    """Give an unenrolled user a fresh secret to confirm; refuse if already enrolled."""
    with transaction.atomic():
        device = TotpDevice.objects.select_for_update().filter(user=user).first()
        if device is not None and device.confirmed_at is not None:
            raise MfaError("an authenticator is already set up for this account")
        if device is None:
            device = TotpDevice(user=user)
        device.secret = pyotp.random_base32(length=32)
        device.last_step = 0
        device.save()
    return device


def totp_enrol_pending(*, user: User) -> TotpDevice | None:
    """Return the unconfirmed device of a user, if enrolment has started."""
    return TotpDevice.objects.filter(user=user, confirmed_at__isnull=True).first()


def _hash_recovery(code: str) -> str:
    normalised = "".join(code.lower().split()).replace("-", "")
    return hashlib.sha256(normalised.encode()).hexdigest()


def recovery_codes_issue(*, user: User) -> list[str]:
    """Replace the user's recovery codes with new ones; return them once."""
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(16))
        codes.append("-".join(raw[i : i + 4] for i in range(0, 16, 4)))
    with transaction.atomic():
        RecoveryCode.objects.filter(user=user).delete()
        RecoveryCode.objects.bulk_create(
            [RecoveryCode(user=user, code_hash=_hash_recovery(c)) for c in codes]
        )
    return codes


def _totp_accept(device: TotpDevice, code: str, now: datetime) -> bool:
    code = "".join(code.split())
    if len(code) != DIGITS or not code.isdigit():
        return False
    totp = pyotp.TOTP(device.secret, digits=DIGITS, interval=STEP_SECONDS)
    step = totp_step(now)
    for candidate in (step - 1, step, step + 1):
        if candidate <= device.last_step:
            continue
        if secrets.compare_digest(totp.generate_otp(candidate), code):
            device.last_step = candidate
            device.save(update_fields=["last_step"])
            return True
    return False


def totp_enrol_confirm(*, user: User, code: str, now: datetime) -> list[str]:
    """Confirm enrolment with a code from the app; return new recovery codes."""
    with transaction.atomic():
        device = (
            TotpDevice.objects.select_for_update()
            .filter(user=user, confirmed_at__isnull=True)
            .first()
        )
        if device is None:
            raise MfaError("start setting up the authenticator first")
        if not _totp_accept(device, code, now):
            raise InvalidInputError(
                "the code was not accepted",
                field_errors={"code": ["enter the 6-digit code the app shows now"]},
            )
        device.confirmed_at = now
        device.save(update_fields=["confirmed_at"])
        return recovery_codes_issue(user=user)


def mfa_check(*, user: User, code: str, now: datetime) -> bool:
    """Return True for a current TOTP code or an unused recovery code (used up)."""
    with transaction.atomic():
        device = (
            TotpDevice.objects.select_for_update()
            .filter(user=user, confirmed_at__isnull=False)
            .first()
        )
        if device is None:
            return False
        if _totp_accept(device, code, now):
            return True
        used = RecoveryCode.objects.filter(
            user=user, code_hash=_hash_recovery(code), used_at__isnull=True
        ).update(used_at=now)
        return used == 1
