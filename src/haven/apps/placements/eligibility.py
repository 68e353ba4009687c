"""
Whom an allocation run of a scheme may place.

A scheme that covers everyone places every person not yet placed. A scheme that
covers unaccompanied children, as UK s.67 does, places only the people who, on the
run's date, are children without the adult responsible for them:

- Immigration Act 2016 s.67(1): "unaccompanied refugee children" from Europe
  [V S26 in docs/specs/responsibility-rules.md §7.1];
- a child is under 18 (Dublin III Art 2(i), UNVERIFIED wording), read from the
  derived status on the run's date (``people.selectors.child_statuses_on``), so a
  child who has turned 18 is not placed and a disputed age keeps the benefit of the
  doubt;
- present in the camp: registered at a camp or one of its sectors on or before the
  run's date (the Calais guidance of November 2016 asks for presence on or before
  24 October 2016, C2 [V S27]; the run reads presence on its own date, because the
  demo camp is dated to the day it is loaded; UNVERIFIED as a reading of the scheme).

The guidance's other conditions (best interests, C1; arrival in Europe before 20
March 2016, C3; age 12 or under, or 15 and Sudanese or Syrian, E1-E4) are decided
child by child in a determination (``engines.responsibility.s67``), not by the run:
the record does not hold them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Q

from haven.apps.people.models import Location, Person, Registration
from haven.apps.people.selectors import child_statuses_on
from haven.apps.placements.models import Scheme

_CAMP_KINDS = (Location.Kind.CAMP, Location.Kind.SECTOR)


def present_in_a_camp(person_ids: Iterable[int], *, on: date) -> set[int]:
    """Return the ids of the people registered in a camp or sector by ``on``."""
    ids = list(person_ids)
    registered = Registration.objects.filter(
        person_id__in=ids,
        location__kind__in=_CAMP_KINDS,
        registered_at__date__lte=on,
    ).values_list("person_id", flat=True)
    housed = Person.objects.filter(
        Q(pk__in=ids), Q(housed_at__kind__in=_CAMP_KINDS)
    ).values_list("pk", flat=True)
    return set(registered) | set(housed)


def eligible(scheme: Scheme | None, people: list[Person], *, on: date) -> list[Person]:
    """Return the people of ``people`` that a run of ``scheme`` on ``on`` may place."""
    if scheme is None or scheme.covers == Scheme.Covers.EVERYONE:
        return people
    statuses = child_statuses_on(people, on=on)
    children = [p for p in people if statuses[p.pk].without_responsible_adult]
    present = present_in_a_camp((p.pk for p in children), on=on)
    return [p for p in children if p.pk in present]
