"""``haven allocate``: place a batch of families and write the placements."""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path
from typing import Any

from tqdm import tqdm

from haven.engines.allocation import (
    OBJECTIVES,
    SOLVERS,
    AllocationError,
    Objective,
    PlacementReport,
    parse_families_csv,
    parse_places_csv,
    place_families,
    resolve_objective,
)


def register(subparsers: Any) -> None:
    """Add the ``allocate`` command."""
    parser = subparsers.add_parser(
        "allocate",
        help="place families into reception places (whole families only)",
        description="Read FAMILIES.csv and PLACES.csv (columns in docs/allocation.md), "
        "place every family that fits, and write one row per family to --out.",
    )
    parser.add_argument("families", type=Path, metavar="FAMILIES.csv")
    parser.add_argument("places", type=Path, metavar="PLACES.csv")
    parser.add_argument(
        "--out", type=Path, required=True, help="placements CSV to write"
    )
    parser.add_argument("--objective", choices=sorted(OBJECTIVES), default="mix")
    parser.add_argument(
        "--weights",
        default="",
        help="override weights, e.g. relatives=0.5,ranking=0.5,coverage=2",
    )
    parser.add_argument("--solver", choices=SOLVERS, default="mip")
    parser.add_argument(
        "--respect-preferences",
        action="store_true",
        help="afterwards, move families to areas they rank higher that still have room",
    )
    parser.add_argument(
        "--time-limit", type=float, default=60.0, help="seconds per solve"
    )
    parser.set_defaults(handler=run)


def _objective(name: str, weights: str) -> Objective:
    """Return the named objective with ``name=value`` overrides applied."""
    base = resolve_objective(name)
    values = {
        "relatives": base.relatives,
        "ranking": base.ranking,
        "integration": base.integration,
        "coverage": base.coverage,
    }
    for part in weights.split(","):
        if not part.strip():
            continue
        key, _, raw = part.partition("=")
        if key.strip() not in values:
            raise AllocationError(
                f"--weights: unknown weight {key.strip()!r}", code="bad_weight"
            )
        try:
            values[key.strip()] = float(raw)
        except ValueError:
            raise AllocationError(
                f"--weights: {raw!r} is not a number", code="bad_weight"
            ) from None
    try:
        return Objective(**values)
    except AllocationError as error:
        raise AllocationError(f"--weights: {error.message}", code=error.code) from None


def _write(path: Path, report: PlacementReport) -> None:
    """Write one row per family: placed families first, then the unplaced."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "family_id",
                "place_id",
                "area",
                "value",
                "terms",
                "binding",
                "passed_over",
                "unplaced_reason",
                "detail",
            ]
        )
        for row in report.assignments:
            terms = ";".join(f"{name}={value:.4g}" for name, value in row.terms)
            writer.writerow(
                [
                    row.family_id,
                    row.place_id,
                    row.area,
                    f"{row.value:.6g}",
                    terms,
                    ";".join(row.binding),
                    " | ".join(row.passed_over),
                    "",
                    "",
                ]
            )
        for item in report.unplaced:
            writer.writerow(
                [item.family_id, "", "", "0", "", "", "", item.reason, item.detail]
            )


def run(args: argparse.Namespace) -> int:
    """Run the batch; exit 0 when done (even with unplaced families), 2 on bad input."""
    steps = tqdm(total=4, desc="allocate", unit="step", file=sys.stderr, leave=False)
    try:
        objective = _objective(args.objective, args.weights)
        steps.set_postfix_str("reading")
        families = parse_families_csv(
            args.families.read_text(encoding="utf-8"), source=str(args.families)
        )
        places = parse_places_csv(
            args.places.read_text(encoding="utf-8"), source=str(args.places)
        )
        steps.update()
        steps.set_postfix_str(f"solving {len(families)} families with {args.solver}")
        report = place_families(
            families,
            places,
            objective=objective,
            solver=args.solver,
            respect_preference=args.respect_preferences,
            time_limit=args.time_limit,
        )
        steps.update(2)
        steps.set_postfix_str("writing")
        _write(args.out, report)
        steps.update()
    except (AllocationError, OSError, UnicodeDecodeError) as error:
        steps.close()
        print(f"haven allocate: {error}", file=sys.stderr)
        return 2
    steps.close()
    print(f"solver        {report.solver}")
    print(f"objective     {report.objective:.6f}")
    print(f"LP bound      {report.lp_bound:.6f}")
    print(f"best bound    {report.best_bound:.6f}")
    print(
        f"gap           {report.gap:.6%}"
        + ("  (proven optimal)" if report.proven_optimal else "")
    )
    print(
        f"placed        {report.families_placed} families, "
        f"{report.persons_placed} people; "
        f"unplaced {len(report.unplaced)} families, {report.persons_unplaced} people"
    )
    for note in report.notes:
        print(f"note          {note}")
    for item in report.unplaced:
        print(
            f"unplaced      {item.family_id} ({item.size} people): "
            f"{item.reason}: {item.detail}"
        )
    print(f"wrote         {args.out}")
    return 0
