"""``haven keys``: the keys of the encrypted fields (not ``haven key``, the quotas)."""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: Any) -> None:
    """Add the ``keys`` command group."""
    parser = subparsers.add_parser(
        "keys",
        help="rotate or list the encryption keys of special-category fields",
        description="Field values are sealed with AES-256-GCM under a key id; the "
        "keyring lives apart from the database and from SECRET_KEY.",
    )
    verbs = parser.add_subparsers(dest="verb", metavar="VERB")
    verbs.required = True
    rotate = verbs.add_parser(
        "rotate", help="add a key, re-encrypt every value with it, retire the others"
    )
    rotate.add_argument(
        "--keep-old", action="store_true", help="keep the old keys in the keyring"
    )
    rotate.set_defaults(handler=run_rotate)
    status = verbs.add_parser("status", help="count the values under each key id")
    status.set_defaults(handler=run_status)


def run_rotate(args: argparse.Namespace) -> int:
    """Rotate the field keys and print what was done."""
    from haven.cli.setup import django_setup

    django_setup()
    from django.utils import timezone

    from haven.apps.crypto.errors import FieldCryptoError
    from haven.apps.crypto.services import keys_rotate

    try:
        rotation = keys_rotate(now=timezone.now(), retire=not args.keep_old)
    except FieldCryptoError as error:
        print(f"haven keys rotate: {error}")
        return 1
    print(f"active key  {rotation.new_key_id}")
    print(f"re-encrypted {rotation.resealed} values")
    print(f"retired     {', '.join(rotation.retired) or 'none'}")
    return 0


def run_status(args: argparse.Namespace) -> int:
    """Print the active key and how many values each key seals."""
    from haven.cli.setup import django_setup

    django_setup()
    from haven.apps.crypto.keyring import keyring_get
    from haven.apps.crypto.services import key_usage

    keyring = keyring_get()
    usage = key_usage()
    for key_id in sorted(set(keyring.keys) | set(usage)):
        marks = " (active)" if key_id == keyring.active else ""
        if key_id not in keyring.keys:
            marks += " (missing from the keyring)"
        print(f"{key_id:<20} {usage.get(key_id, 0):>8} values{marks}")
    return 0 if set(usage) <= set(keyring.keys) else 1
