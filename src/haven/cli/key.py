"""``haven key``: share a number of people across states by a distribution key."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from haven.engines.allocation import (
    FIGURE_FILES,
    KEYS,
    AllocationError,
    KeyResult,
    distribute,
    key_data_from_texts,
)
from haven.engines.kernel import state_code_notes


def register(subparsers: Any) -> None:
    """Add the ``key`` command."""
    parser = subparsers.add_parser(
        "key",
        help="share N people across states by the 2015, AMMR or population key",
        description="Print each participating state's share and whole persons; the "
        "persons sum exactly to --total (largest remainder).",
    )
    parser.add_argument("--key", choices=sorted(KEYS), default="eu2015")
    parser.add_argument("--total", type=int, required=True, help="people to share")
    parser.add_argument(
        "--exclude",
        default="",
        help="comma-separated states to leave out (beneficiaries, opt-outs); ISO "
        "3166-1 alpha-2 codes, the EU's EL and UK are read as GR and GB",
    )
    parser.add_argument(
        "--include", default="", help="comma-separated states to use (default: all)"
    )
    parser.add_argument(
        "--data",
        type=Path,
        help="folder with your own population.csv, gdp.csv, unemployment.csv, "
        "asylum_per_million.csv (missing files fall back to the packaged 2014 data)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(handler=run)


def _codes(text: str) -> list[str]:
    """Split a comma-separated list of state codes (the engine reads EU aliases)."""
    return [part.strip().upper() for part in text.split(",") if part.strip()]


def read_figure_texts(folder: Path | None) -> dict[str, tuple[str, str]]:
    """Return ``{figure: (path, text)}`` for the key CSVs present in ``folder``."""
    if folder is None:
        return {}
    if not folder.is_dir():
        raise AllocationError(f"{folder}: not a folder", code="data_folder_missing")
    texts = {}
    for figure, name in FIGURE_FILES.items():
        path = folder / name
        if path.is_file():
            texts[figure] = (str(path), path.read_text(encoding="utf-8"))
    if not texts:
        raise AllocationError(
            f"{folder}: none of {', '.join(FIGURE_FILES.values())} found",
            code="data_folder_empty",
        )
    return texts


def render_table(result: KeyResult) -> str:
    """Return the key as an aligned text table with a total line."""
    lines = [f"{'state':<6}{'share %':>10}{'persons':>10}"]
    for row in result.states:
        lines.append(f"{row.state:<6}{row.share * 100:>10.4f}{row.persons:>10}")
    total = sum(row.persons for row in result.states)
    lines.append(f"{'total':<6}{100:>10.4f}{total:>10}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Compute and print the key; exit 2 on bad input."""
    for note in state_code_notes([*_codes(args.include), *_codes(args.exclude)]):
        print(f"haven key: {note}", file=sys.stderr)
    try:
        data = key_data_from_texts(read_figure_texts(args.data))
        result = distribute(
            args.key,
            data,
            args.total,
            include=_codes(args.include) or None,
            exclude=_codes(args.exclude),
        )
    except (AllocationError, OSError, UnicodeDecodeError) as error:
        print(f"haven key: {error}", file=sys.stderr)
        return 2
    if args.json:
        payload = {
            "key": result.key,
            "total": result.total,
            "states": [
                {"state": row.state, "share": row.share, "persons": row.persons}
                for row in result.states
            ],
            "left_out": [
                {"state": state, "missing": list(missing)}
                for state, missing in result.left_out
            ],
        }
        print(json.dumps(payload, indent=2))
    else:
        print(render_table(result))
    for state, missing in result.left_out:
        print(
            f"haven key: {state} left out: no {', '.join(missing)} figure "
            "(give it, or name the states with --include)",
            file=sys.stderr,
        )
    return 0
