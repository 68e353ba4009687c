"""Run every benchmark listed in BENCHMARKS, or those named on the command line."""

from __future__ import annotations

import importlib
import sys

BENCHMARKS: tuple[str, ...] = (
    "responsibility",
    "allocation",
    "linkage",
    "duplicates",
    "load",
    "audit",
)


def main(argv: list[str]) -> int:
    """Run the chosen benchmarks in order; return non-zero if any failed to run."""
    chosen = argv or list(BENCHMARKS)
    failed = 0
    for name in chosen:
        module = importlib.import_module(f"bench.{name}")
        print(f"== bench {name}", flush=True)
        try:
            module.main()
        except Exception as error:  # noqa: BLE001  (one failing benchmark must not hide the rest)
            failed += 1
            print(f"bench {name} failed: {error!r}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
