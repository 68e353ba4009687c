"""
Entry point of the ``haven`` console command.

Each command group lives in its own module exposing ``register(subparsers)``; the
module adds its parser and sets ``handler`` to a function taking the parsed
arguments and returning an exit status. Engine commands import engines only;
operation commands call ``django_setup()`` first, so engine commands stay fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

# Command modules under haven.cli, in the order they appear in --help.
COMMAND_MODULES: tuple[str, ...] = (
    "determine",
    "demo",
    "democode",
    "importer",
    "serve",
    "worker",
    "key",
    "allocate",
    "backup",
    "link",
    "audit",
    "sessions",
    "keys",
    "transfers",
    "retention",
    "export",
    "sharing",
    "people",
)


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every command group registered."""
    parser = argparse.ArgumentParser(
        prog="haven",
        description="haven: registration, tracing, responsibility and allocation.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    subparsers.required = True
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"haven.cli.{name}")
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the arguments, run the chosen command and return its exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    status: int = args.handler(args)
    return status


if __name__ == "__main__":
    sys.exit(main())
