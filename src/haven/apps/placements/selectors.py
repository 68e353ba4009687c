"""Read the ledger: pledged, delivered and remaining by scheme and over time."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet, Sum

from haven.apps.placements.models import AllocationRun, Placement, Pledge, Scheme


@dataclass(frozen=True, slots=True)
class SchemeSummary:
    """A scheme's cap history and its totals of places pledged and delivered."""

    scheme: Scheme
    caps: tuple[tuple[date, int], ...]
    places_pledged: int
    places_delivered: int
    money_pledged: tuple[tuple[str, Decimal], ...]

    @property
    def places_remaining(self) -> int:
        """Return the places pledged and not yet delivered."""
        return self.places_pledged - self.places_delivered

    @property
    def cap_remaining(self) -> int | None:
        """Return the places left under the cap, or None without a cap."""
        if self.scheme.cap is None:
            return None
        return self.scheme.cap - self.scheme.places_delivered


@dataclass(frozen=True, slots=True)
class TimelinePoint:
    """Cumulative places pledged and delivered, and the cap, at the end of a day."""

    day: date
    pledged: int
    delivered: int
    cap: int | None


def scheme_list() -> QuerySet[Scheme]:
    """Return every scheme with its cap versions."""
    return Scheme.objects.prefetch_related("cap_versions").order_by("name")


def scheme_get(*, key: str) -> Scheme | None:
    """Return the scheme with ``key``, or None."""
    return Scheme.objects.prefetch_related("cap_versions").filter(key=key).first()


def scheme_summary(*, scheme: Scheme) -> SchemeSummary:
    """Return the cap history and totals of one scheme."""
    pledges = Pledge.objects.filter(scheme=scheme)
    places = pledges.filter(kind=Pledge.Kind.PLACES).aggregate(
        pledged=Sum("places"), delivered=Sum("places_delivered")
    )
    money = (
        pledges.filter(kind=Pledge.Kind.MONEY)
        .values("currency")
        .annotate(total=Sum("amount"))
        .order_by("currency")
    )
    return SchemeSummary(
        scheme=scheme,
        caps=tuple(
            (version.effective_from, version.places)
            for version in scheme.cap_versions.order_by("effective_from")
        ),
        places_pledged=places["pledged"] or 0,
        places_delivered=places["delivered"] or 0,
        money_pledged=tuple(
            (row["currency"], row["total"] or Decimal(0)) for row in money
        ),
    )


def pledge_list(*, scheme: Scheme | None = None) -> QuerySet[Pledge]:
    """Return the pledges, of one scheme or of all, in ledger order."""
    pledges = Pledge.objects.select_related("scheme")
    if scheme is not None:
        pledges = pledges.filter(scheme=scheme)
    return pledges.order_by("scheme__name", "country", "pledger", "id")


def ledger_timeline(*, scheme: Scheme) -> list[TimelinePoint]:
    """
    Return the cumulative places pledged and delivered on each day anything changed.

    The cap on each day is the latest cap version in effect that day.
    """
    pledged: dict[date, int] = defaultdict(int)
    for day, places in Pledge.objects.filter(
        scheme=scheme, kind=Pledge.Kind.PLACES
    ).values_list("pledged_on", "places"):
        pledged[day] += places
    delivered: dict[date, int] = defaultdict(int)
    for day, places in Placement.objects.filter(pledge__scheme=scheme).values_list(
        "placed_on", "places"
    ):
        delivered[day] += places
    caps = sorted(scheme.cap_versions.values_list("effective_from", "places"))
    days = sorted(set(pledged) | set(delivered) | {day for day, _ in caps})
    points: list[TimelinePoint] = []
    total_pledged = total_delivered = 0
    for day in days:
        total_pledged += pledged.get(day, 0)
        total_delivered += delivered.get(day, 0)
        cap = next((places for since, places in reversed(caps) if since <= day), None)
        points.append(TimelinePoint(day, total_pledged, total_delivered, cap))
    return points


def run_list() -> QuerySet[AllocationRun]:
    """Return the allocation runs, newest first."""
    return AllocationRun.objects.select_related("created_by", "scheme")


def run_get(*, pk: int) -> AllocationRun | None:
    """Return one allocation run with its overrides, or None."""
    return (
        AllocationRun.objects.select_related("created_by", "scheme")
        .prefetch_related("overrides__overridden_by")
        .filter(pk=pk)
        .first()
    )
