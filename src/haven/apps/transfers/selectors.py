"""Read manifests, open alerts and reception centres' occupancy."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from haven.apps.people.models import Location, Person
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


def _people(within: Q | None) -> QuerySet[Person]:
    people = Person.objects.all()
    return people.filter(within) if within is not None else people


def manifest_get(*, pk: int, within: Q | None = None) -> Manifest | None:
    """
    Return one manifest with its escorts and people, or None.

    ``within`` keeps the lines of the people the reader may see; the others are
    left out of ``entries`` (count them with ``services.manifest_outside_scope``).
    """
    lines = ManifestEntry.objects.select_related(
        "person", "destination", "escort"
    ).prefetch_related("events")
    if within is not None:
        lines = lines.filter(person__in=_people(within))
    return (
        Manifest.objects.select_related("origin")
        .prefetch_related("escorts", Prefetch("entries", queryset=lines))
        .filter(pk=pk)
        .first()
    )


def entry_get(
    *, manifest_pk: int, pk: int, within: Q | None = None
) -> ManifestEntry | None:
    """Return one line of a manifest in the reader's scope, or None."""
    lines = ManifestEntry.objects.filter(manifest_id=manifest_pk, pk=pk)
    if within is not None:
        lines = lines.filter(person__in=_people(within))
    return lines.first()


def alert_get(*, pk: int, within: Q | None = None) -> MissingPersonAlert | None:
    """Return one alert about a person in the reader's scope, or None."""
    alerts = MissingPersonAlert.objects.filter(pk=pk)
    if within is not None:
        alerts = alerts.filter(person__in=_people(within))
    return alerts.first()


def open_alerts(*, within: Q | None = None) -> QuerySet[MissingPersonAlert]:
    """Return the alerts still open, oldest first: the most urgent search."""
    alerts = MissingPersonAlert.objects.all()
    if within is not None:
        alerts = alerts.filter(person__in=_people(within))
    return (
        alerts.filter(state__in=OPEN_ALERT_STATES)
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
