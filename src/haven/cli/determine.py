"""
``haven determine FACTS.json``: run the responsibility engine on a facts file.

A JSON object is one case; a JSON array is a batch in which each case is answered
or rejected on its own. Exit status: 0 when every case was answered, 1 when any case
was rejected, 2 when the file cannot be read. Imports engines only, never Django.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import Any

from tqdm import tqdm

from haven.engines.responsibility import Determination, InvalidFactsError, determine

PROGRESS_THRESHOLD = 100


def register(subparsers: Any) -> None:
    """Add the ``determine`` command."""
    parser = subparsers.add_parser(
        "determine",
        help="determine the responsible state from a JSON facts file",
        description=__doc__,
    )
    parser.add_argument("facts", help="path to a JSON facts file (object or array)")
    parser.add_argument(
        "--explain", action="store_true", help="print readable text instead of JSON"
    )
    parser.add_argument(
        "--today",
        type=date.fromisoformat,
        default=None,
        help="determination date (YYYY-MM-DD) when the facts do not give one",
    )
    parser.set_defaults(handler=handle)


def _one(case: Any, today: date | None) -> Determination | list[str]:
    try:
        return determine(case, today=today)
    except InvalidFactsError as error:
        return error.messages()


def handle(args: argparse.Namespace) -> int:
    """Determine each case in the file, print the results and return the exit status."""
    try:
        with open(args.facts, encoding="utf-8") as stream:
            data = json.load(stream)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        print(f"haven determine: cannot read {args.facts}: {error}", file=sys.stderr)
        return 2
    if not isinstance(data, list):
        outcome = _one(data, args.today)
        if isinstance(outcome, list):
            if args.explain:
                print("Rejected:\n" + "\n".join(f"  {line}" for line in outcome))
            else:
                print(json.dumps({"errors": outcome}, indent=2))
            return 1
        print(
            outcome.explain()
            if args.explain
            else json.dumps(outcome.to_json(), indent=2)
        )
        return 0
    rejected = 0
    answers: list[dict[str, Any]] = []
    texts: list[str] = []
    cases = tqdm(
        data,
        desc="determine",
        unit="case",
        file=sys.stderr,
        disable=len(data) < PROGRESS_THRESHOLD,
    )
    for index, case in enumerate(cases):
        outcome = _one(case, args.today)
        if isinstance(outcome, list):
            rejected += 1
            answers.append({"index": index, "errors": outcome})
            texts.append(f"# case {index}: rejected\n" + "\n".join(outcome))
        else:
            answers.append({"index": index, **outcome.to_json()})
            texts.append(f"# case {index}\n{outcome.explain()}")
    print("\n\n".join(texts) if args.explain else json.dumps(answers, indent=2))
    return 1 if rejected else 0
