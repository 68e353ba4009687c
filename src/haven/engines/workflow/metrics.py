"""Processing times: time spent in each stage, and medians between two events."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Entry:
    """A case entered ``state`` at ``at``."""

    state: str
    at: datetime


@dataclass(frozen=True, slots=True)
class StageTime:
    """How long cases spent in one stage: how many, the median and the longest."""

    stage: str
    cases: int
    median_days: float
    longest_days: float


def median_days(spans: Iterable[timedelta]) -> float | None:
    """
    Return the median of ``spans`` in days (one decimal), or None when empty.

    >>> median_days([timedelta(days=2), timedelta(days=4), timedelta(days=30)])
    4.0
    """
    days = [span / _DAY for span in spans]
    if not days:
        return None
    return round(statistics.median(days), 1)


def stage_times(
    histories: Iterable[Sequence[Entry]],
    *,
    until: datetime,
    final: Collection[str] = (),
    order: Sequence[str] = (),
) -> tuple[StageTime, ...]:
    """
    Return the time spent in each stage over all ``histories``.

    A stage lasts until the next entry; the current stage lasts until ``until``
    unless it is ``final``. Stages come in ``order``, then the rest by name.
    """
    spans: dict[str, list[timedelta]] = defaultdict(list)
    for history in histories:
        entries = sorted(history, key=lambda e: e.at)
        for entry, following in zip(entries, [*entries[1:], None], strict=True):
            if following is None:
                if entry.state in final:
                    continue
                end = until
            else:
                end = following.at
            spans[entry.state].append(max(end - entry.at, timedelta(0)))
    rank = {stage: index for index, stage in enumerate(order)}
    stages = sorted(spans, key=lambda s: (rank.get(s, len(rank)), s))
    result = []
    for stage in stages:
        values = spans[stage]
        median = median_days(values)
        result.append(
            StageTime(
                stage=stage,
                cases=len(values),
                median_days=median if median is not None else 0.0,
                longest_days=round(max(values) / _DAY, 1),
            )
        )
    return tuple(result)
