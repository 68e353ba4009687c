"""Read manifests, open alerts and reception centres' occupancy."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from haven.apps.people.models import Location
from haven.apps.transfers.models import Manifest, ManifestEntry, MissingPersonAlert

OPEN_ALERT_STATES = (
    MissingPersonAlert.State.OPEN,
    MissingPersonAlert.State.POLICE_NOTIFIED,
    MissingPersonAlert.State.TRAFFICKING_REFERRED,
)


def manifest_list() -> QuerySet[Manifest]:
    """Return manifests, latest departure first, with their head counts."""
    return Manifest.objects.select_related("origin").annotate(
        people=Count("entries"),
        checked_in=Count("entries", filter=Q(entries__state="checked_in")),
        missing=Count("entries", filter=Q(entries__state="missing")),
    )


def manifest_get(*, pk: int) -> Manifest | None:
    """Return one manifest with its escorts and people, or None."""
    return (
        Manifest.objects.select_related("origin")
        .prefetch_related(
            "escorts",
            "entries__person",
            "entries__destination",
            "entries__escort",
            "entries__events",
        )
        .filter(pk=pk)
        .first()
    )


def entry_get(*, manifest_pk: int, pk: int) -> ManifestEntry | None:
    """Return one line of a manifest, or None."""
    return ManifestEntry.objects.filter(manifest_id=manifest_pk, pk=pk).first()


def open_alerts() -> QuerySet[MissingPersonAlert]:
    """Return the alerts still open, oldest first: the most urgent search."""
    return (
        MissingPersonAlert.objects.filter(state__in=OPEN_ALERT_STATES)
        .select_related("person", "entry__manifest", "entry__destination")
        .prefetch_related("events")
        .order_by("raised_at", "id")
    )


def centres_occupancy() -> QuerySet[Location]:
    """Return reception centres with residents and people in transit to them."""
    return (
        Location.objects.filter(kind=Location.Kind.CENTRE)
        .annotate(
            occupied=Count("residents", distinct=True),
            expected=Count(
                "arrivals",
                filter=Q(
                    arrivals__state__in=[
                        ManifestEntry.State.CHECKED_OUT,
                        ManifestEntry.State.IN_TRANSIT,
                    ]
                ),
                distinct=True,
            ),
        )
        .order_by("name")
    )
