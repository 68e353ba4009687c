"""``haven demo``: load a generated Calais-like camp into the database."""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from typing import Any


def register(subparsers: Any) -> None:
    """Add the ``demo`` command."""
    parser = subparsers.add_parser(
        "demo",
        help="load a seeded synthetic camp (invented people only)",
        description="Generate a Calais-like camp with families, spelling variation "
        "between registrations and relatives abroad, and load it.",
    )
    parser.add_argument(
        "--size", type=int, default=7000, help="people in the camp (default 7000)"
    )
    parser.add_argument(
        "--seed", type=int, default=2016, help="random seed (default 2016)"
    )
    parser.add_argument(
        "--reference-date",
        type=_day,
        default=None,
        help="the day the camp is counted on, YYYY-MM-DD (default today): every date "
        "of the camp is moved to it, so its time limits are live",
    )
    parser.set_defaults(handler=run)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(
            f"--reference-date: give the day as YYYY-MM-DD, not {text!r}"
        ) from error


def run(args: argparse.Namespace) -> int:
    """Generate and load the camp; exit 0 on success, 1 if it was already loaded."""
    if args.size < 1:
        print("haven demo: --size must be at least 1", file=sys.stderr)
        return 2
    from haven.cli.setup import django_setup

    django_setup()
    from django.utils import timezone

    from haven.apps.people.demo import demo_camp_load
    from haven.synthetic import generate_camp
    from haven.synthetic.twins import demo_twins

    reference = args.reference_date or timezone.localdate()
    started = time.perf_counter()
    camp = generate_camp(
        args.size, args.seed, reference_date=reference, twins=demo_twins(args.size)
    )
    generated = time.perf_counter()
    result = demo_camp_load(camp)
    done = time.perf_counter()
    if result.already_loaded:
        print(f"the demo camp of seed {args.seed} is already loaded; nothing added")
        return 1
    print(
        f"loaded {result.people} people, {result.registrations} registrations, "
        f"{result.households} households, {result.locations} places, "
        f"dated {reference.isoformat()} "
        f"(generated in {generated - started:.1f} s, "
        f"stored in {done - generated:.1f} s)"
    )
    return 0
