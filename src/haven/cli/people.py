"""
``haven people reindex``: rebuild every person's search keys.

Run it once after an upgrade whose release notes say that names are read
differently (a new script or spelling rule): until then a search computes the
new keys while people registered before carry the old ones. It changes only the
keys, a batch at a time, and can be stopped and run again.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(subparsers: Any) -> None:
    """Add the ``people`` command group."""
    parser = subparsers.add_parser(
        "people",
        help="maintain the register of people (search keys)",
        description="Operations on the register as a whole, from the server.",
    )
    verbs = parser.add_subparsers(dest="verb", metavar="VERB")
    verbs.required = True
    reindex = verbs.add_parser(
        "reindex", help="recompute every person's name search keys"
    )
    reindex.add_argument(
        "--batch-size",
        type=int,
        default=1000,
        metavar="N",
        help="people per transaction (default: 1000)",
    )
    reindex.add_argument("--quiet", action="store_true", help="no progress bar")
    reindex.set_defaults(handler=run_reindex)


def run_reindex(args: argparse.Namespace) -> int:
    """Rebuild the keys with a progress bar; print what changed."""
    if args.batch_size < 1:
        print("haven people reindex: --batch-size: must be at least 1", file=sys.stderr)
        return 2
    from haven.cli.setup import console_actor, django_setup

    django_setup()
    from tqdm import tqdm

    from haven.apps.people.models import Person
    from haven.apps.people.reindex import search_keys_rebuild

    with tqdm(
        total=Person.objects.count(),
        unit="person",
        file=sys.stderr,
        disable=args.quiet,
        desc="reindex",
    ) as bar:

        def advance(done: int) -> None:
            bar.update(done - bar.n)

        result = search_keys_rebuild(
            actor_name=console_actor(),
            batch_size=args.batch_size,
            progress=advance,
        )
    print(
        f"checked {result.people} people, changed {result.people_changed}: "
        f"{result.keys_added} keys added, {result.keys_removed} removed"
    )
    return 0
