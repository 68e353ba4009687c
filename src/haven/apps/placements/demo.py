"""
Demo pledges: UK s.67 (Dubs) with its caps of 350 and 480, and the 2015 EU relocation.

The Dubs pledges of local authorities are invented figures that sum to the cap of
480; about 200 places are delivered to unaccompanied and separated children of the
demo camp in the autumn of 2016, as in Calais. The EU relocation pledges are each
state's share of the 66,000 people of Decision (EU) 2015/1601, Annexes I and II, by
the engine's 2015 key.

The pledges and placements are dated like the demo camp: ``reference`` is the day
the camp is counted on (``haven.synthetic.shift``), and every day here moves with it
so that a placement never predates the child's registration. The caps stay on the
days the Home Office announced them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from haven.apps.core.actors import Actor
from haven.apps.people.models import Person
from haven.apps.people.selectors import child_statuses_on
from haven.apps.placements.models import Pledge, Scheme
from haven.apps.placements.services import (
    cap_version_add,
    placement_record,
    pledge_create,
    scheme_create,
)
from haven.engines.allocation import default_key_data, distribute
from haven.synthetic import CAMP_REFERENCE_DATE

DUBS_KEY = "uk-s67-dubs"
EU_KEY = "eu-relocation-2015"

# Invented local authority pledges (places, day pledged); they sum to 480.
DUBS_PLEDGES: tuple[tuple[str, int, date], ...] = (
    ("London boroughs", 90, date(2016, 9, 5)),
    ("Kent County Council", 25, date(2016, 9, 12)),
    ("Birmingham City Council", 40, date(2016, 9, 26)),
    ("Manchester City Council", 35, date(2016, 10, 3)),
    ("Leeds City Council", 30, date(2016, 10, 10)),
    ("Bristol City Council", 25, date(2016, 10, 17)),
    ("Glasgow City Council", 30, date(2016, 10, 24)),
    ("Cardiff Council", 20, date(2016, 11, 7)),
    ("Sheffield City Council", 25, date(2016, 11, 21)),
    ("Brighton and Hove City Council", 20, date(2016, 12, 5)),
    ("Newcastle City Council", 25, date(2017, 1, 16)),
    ("Nottingham City Council", 20, date(2017, 2, 20)),
    ("Oxfordshire County Council", 25, date(2017, 3, 13)),
    ("Norfolk County Council", 20, date(2017, 3, 27)),
    ("Belfast City Council", 20, date(2017, 4, 10)),
    ("Edinburgh City Council", 30, date(2017, 4, 24)),
)
DUBS_DELIVERED = 200
DUBS_FIRST_DAY = date(2016, 10, 17)
EU_EXCLUDED = ("IT", "GR", "GB", "IE", "DK")
EU_TOTAL = 66_000


@dataclass(frozen=True, slots=True)
class LedgerDemoResult:
    """What the demo ledger holds after loading, or that it was there already."""

    schemes: int = 0
    pledges: int = 0
    placements: int = 0
    already_loaded: bool = False


def ledger_demo_load(
    *, today: date, reference: date = CAMP_REFERENCE_DATE
) -> LedgerDemoResult:
    """Load the demo schemes, caps, pledges and Dubs placements; idempotent."""
    if Scheme.objects.filter(key=DUBS_KEY).exists():
        return LedgerDemoResult(already_loaded=True)
    moved = reference - CAMP_REFERENCE_DATE
    with transaction.atomic():
        dubs = scheme_create(
            key=DUBS_KEY,
            name="UK s.67 (Dubs)",
            legal_basis="Immigration Act 2016, s.67",
            covers=Scheme.Covers.UNACCOMPANIED_CHILDREN,
        )
        cap_version_add(
            scheme=dubs,
            places=350,
            effective_from=date(2017, 2, 8),
            today=today,
            source="Home Office statement, 8 February 2017",
        )
        cap_version_add(
            scheme=dubs,
            places=480,
            effective_from=date(2017, 4, 26),
            today=today,
            source="Home Office statement, 26 April 2017",
        )
        pledges = [
            pledge_create(
                scheme=dubs,
                pledger_kind=Pledge.PledgerKind.LOCAL_AUTHORITY,
                pledger=name,
                country="GB",
                kind=Pledge.Kind.PLACES,
                places=places,
                period_start=date(2016, 5, 12) + moved,
                period_end=date(2020, 12, 31) + moved,
                pledged_on=pledged_on + moved,
                note="demo figures",
            )
            for name, places, pledged_on in DUBS_PLEDGES
        ]
        placements = _dubs_deliver(pledges, first_day=DUBS_FIRST_DAY + moved)
        eu = scheme_create(
            key=EU_KEY,
            name="EU relocation 2015 (Decision 2015/1601)",
            legal_basis="Council Decision (EU) 2015/1601",
        )
        cap_version_add(
            scheme=eu,
            places=120_000,
            effective_from=date(2015, 9, 22),
            today=today,
            source="Council Decision (EU) 2015/1601, Art. 4",
        )
        shares = distribute(
            "eu2015", default_key_data(), EU_TOTAL, exclude=EU_EXCLUDED
        ).persons()
        for state, persons in sorted(shares.items()):
            pledges.append(
                pledge_create(
                    scheme=eu,
                    pledger_kind=Pledge.PledgerKind.STATE,
                    pledger=state,
                    country=state,
                    kind=Pledge.Kind.PLACES,
                    places=persons,
                    period_start=date(2015, 9, 25) + moved,
                    period_end=date(2017, 9, 26) + moved,
                    pledged_on=date(2015, 9, 22) + moved,
                    note="share of 66,000 by the 2015 key",
                )
            )
    return LedgerDemoResult(schemes=2, pledges=len(pledges), placements=placements)


def _dubs_deliver(pledges: list[Pledge], *, first_day: date) -> int:
    """
    Place up to 200 unaccompanied or separated children, spread over pledges.

    A child is one on the day of their placement (``child_statuses_on``), not one
    recorded as a child at registration.
    """
    last_day = first_day + timedelta(days=45)
    people = list(
        Person.objects.filter(erased_at__isnull=True).order_by("registration_number")
    )
    first = child_statuses_on(people, on=first_day)
    last = child_statuses_on(people, on=last_day)
    children = [
        person
        for person in people
        if first[person.pk].without_responsible_adult
        and last[person.pk].without_responsible_adult
    ][:DUBS_DELIVERED]
    actor = Actor(name="demo")
    placed = 0
    for index, child in enumerate(children):
        pledge = pledges[index % len(pledges)]
        placement_record(
            pledge_id=pledge.pk,
            person=child,
            placed_on=first_day + timedelta(days=(index * 45) // DUBS_DELIVERED),
            actor=actor,
        )
        placed += 1
    return placed
