"""``haven sharing``: add recipients and the data-sharing agreements with them."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import Any


def register(subparsers: Any) -> None:
    """Add the ``sharing`` command group."""
    parser = subparsers.add_parser(
        "sharing",
        help="add recipients outside the agency and data-sharing agreements",
        description="A disclosure needs a recipient and an agreement with it in force "
        "(docs/adr/0021). Errors name each field at fault; the exit status is 1.",
    )
    verbs = parser.add_subparsers(dest="verb", metavar="VERB")
    verbs.required = True
    recipient = verbs.add_parser(
        "recipient-add",
        help="add an organisation that may receive people's data",
        description="Example: haven sharing recipient-add --name 'ICRC Central "
        "Tracing Agency' --kind humanitarian --country CH",
    )
    recipient.add_argument("--name", required=True, help="the organisation's name")
    recipient.add_argument(
        "--kind",
        required=True,
        help="humanitarian, un_agency, service_provider, government or "
        "law_enforcement (government and law enforcement need a second approver)",
    )
    recipient.add_argument(
        "--country",
        required=True,
        help="ISO 3166-1 alpha-2 country code, e.g. GB (the EU's UK and EL are read "
        "as GB and GR)",
    )
    recipient.set_defaults(handler=run_recipient_add)
    agreement = verbs.add_parser(
        "agreement-add",
        help="add a signed data-sharing agreement with a recipient",
        description="Example: haven sharing agreement-add --reference DSA-2016-004 "
        "--recipient 'ICRC Central Tracing Agency' --fields given_name,family_name "
        "--valid-from 2016-01-01 --valid-until 2017-12-31",
    )
    agreement.add_argument("--reference", required=True, help="its reference")
    agreement.add_argument("--recipient", required=True, help="the recipient's name")
    agreement.add_argument(
        "--fields",
        required=True,
        help="comma-separated fields it covers, from the allowlist "
        "(haven.apps.sharing.fields)",
    )
    agreement.add_argument("--valid-from", required=True, help="YYYY-MM-DD")
    agreement.add_argument("--valid-until", required=True, help="YYYY-MM-DD")
    agreement.set_defaults(handler=run_agreement_add)


def _fail(problems: dict[str, list[str]]) -> int:
    for field, messages in problems.items():
        for message in messages:
            print(f"haven sharing: {field}: {message}", file=sys.stderr)
    return 1


def run_recipient_add(args: argparse.Namespace) -> int:
    """Add the recipient; print its id, or every field at fault."""
    from haven.cli.setup import console_actor, django_setup

    django_setup()
    from haven.apps.errors import ApplicationError
    from haven.apps.sharing.registry import recipient_create
    from haven.engines.kernel import state_code_notes

    try:
        made = recipient_create(
            name=args.name,
            kind=args.kind,
            country=args.country,
            actor_name=console_actor(),
        )
    except ApplicationError as error:
        return _fail(error.field_errors or {"": [error.message]})
    for note in state_code_notes([args.country]):
        print(f"haven sharing: {note}", file=sys.stderr)
    print(f"recipient {made.pk} added: {made.name} ({made.kind}, {made.country})")
    return 0


def _day(text: str, field: str, problems: dict[str, list[str]]) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        problems[field] = [f"{text!r} is not a date; write YYYY-MM-DD"]
        return None


def run_agreement_add(args: argparse.Namespace) -> int:
    """Add the agreement; print its reference, or every field at fault."""
    problems: dict[str, list[str]] = {}
    valid_from = _day(args.valid_from, "valid_from", problems)
    valid_until = _day(args.valid_until, "valid_until", problems)
    if valid_from is None or valid_until is None:
        return _fail(problems)
    from haven.cli.setup import console_actor, django_setup

    django_setup()
    from haven.apps.errors import ApplicationError
    from haven.apps.sharing.registry import agreement_create

    try:
        made = agreement_create(
            reference=args.reference,
            recipient_name=args.recipient,
            fields=args.fields.split(","),
            valid_from=valid_from,
            valid_until=valid_until,
            actor_name=console_actor(),
        )
    except ApplicationError as error:
        return _fail(error.field_errors or {"": [error.message]})
    print(
        f"agreement {made.reference} added with {made.recipient.name}, "
        f"{made.valid_from} to {made.valid_until}: {', '.join(made.fields)}"
    )
    return 0
