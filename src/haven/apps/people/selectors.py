"""Read people: search in any script, one person with their history, camp counts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Count, F, Lookup, OuterRef, Q, QuerySet, Subquery

from haven.apps.people.codes import NEED_CODE_BY_CODE
from haven.apps.people.models import (
    Household,
    Location,
    NameKey,
    Person,
    PersonName,
    Registration,
    Vulnerability,
    person_listed_q,
    spelling_text,
)
from haven.engines.kernel import ChildStatusOn, child_status_on
from haven.engines.linkage import search_keys

MAX_QUERY_TOKENS = 8

Record = dict[str, str | None]


def registration_record(registration: Registration) -> Record:
    """Return one registration as a record of the linkage engine's registry
    (the duplicate scan, tracing and the check for duplicates at registration)."""
    location = registration.location
    return {
        "record_id": str(registration.pk),
        "given_name": registration.given_name,
        "father_name": registration.father_name,
        "grandfather_name": registration.grandfather_name,
        "family_name": registration.family_name,
        "name_native": registration.name_native,
        "sex": registration.sex,
        "dob": registration.date_of_birth.isoformat()
        if registration.date_of_birth
        else "",
        "dob_precision": registration.dob_precision,
        "nationality": registration.nationality,
        "place_of_origin": registration.place_of_origin,
        "phone": registration.phone,
        "city": location.name
        if location is not None and location.kind == "city"
        else "",
    }


# A multi-word search first finds who has every word; up to this many people, the
# page is then read by primary key. Beyond it the words are common together and
# walking the people in order finds a page quickly.
DENSE_MATCHES = 5_000


def person_search(*, query: str, within: Q | None = None) -> QuerySet[Person]:
    """
    Return the people whose names match every word of ``query``, in any script.

    A word matches a person when one of its search keys is a key of one of the
    person's spellings. A word also matches through its neighbours, so that a name
    split differently ("Abdel Lah", "Abdallah") is still found. A registration
    number matches exactly, whatever its case, and then alone.

    People come most urgent first (``person_search_order``). The database cannot
    tell how often two names go together, so for several words the people who
    have them all are found first (``DENSE_MATCHES``); a plan from its estimates
    alone can walk most of the register for two names rarely found together.

    ``within`` keeps the people the searching user may see (the access policy's
    scope); nobody outside it is found, even by registration number.
    """
    query = " ".join(query.split())
    # Erased records are tombstones with nothing left to find; voided and
    # merged-away records are kept but not listed.
    people = Person.objects.filter(person_listed_q()).select_related(
        "household", "housed_at"
    )
    if within is not None:
        people = people.filter(within)
    if not query:
        return people.none()
    numbered = people.filter(registration_number__in=sorted({query, query.upper()}))
    if numbered.exists():
        return numbered
    words = query.split(" ")[:MAX_QUERY_TOKENS]
    key_sets: list[list[str]] = []
    for index, word in enumerate(words):
        keys = set(search_keys(word))
        if not keys:  # an article or particle on its own ("El", "bin") says nothing
            continue
        # Joined without a space, two words give only the key of the compound.
        if index > 0:
            keys |= search_keys(f"{words[index - 1]}{word}")
        if index + 1 < len(words):
            keys |= search_keys(f"{word}{words[index + 1]}")
        key_sets.append(sorted(keys))
    if not key_sets:
        return people.none()
    holders = [
        NameKey.objects.filter(key__in=keys).values_list("person_id", flat=True)
        for keys in key_sets
    ]
    ordered = ("-priority", "registration_number")
    if len(holders) > 1:
        together = holders[0].intersection(*holders[1:])
        found = list(together[: DENSE_MATCHES + 1])
        if len(found) <= DENSE_MATCHES:
            return people.filter(_person_among(found)).order_by(*ordered)
    matching = people
    for ids in holders:
        matching = matching.filter(pk__in=ids)
    return matching.order_by(*ordered)


def people_listed(people: QuerySet[Person]) -> QuerySet[Person]:
    """
    Return ``people`` with the reference of their household and the key of where
    they are housed, for a list.

    Read as subqueries rather than joins: PostgreSQL then reads them for the page
    of people it returns only, after sorting, not for every person a common name
    matches, and no household or place is built for each row.
    """
    household = Household.objects.filter(pk=OuterRef("household_id")).order_by()
    place = Location.objects.filter(pk=OuterRef("housed_at_id")).order_by()
    return people.select_related(None).annotate(
        household_reference=Subquery(household.values("reference")[:1]),
        housed_at_key=Subquery(place.values("key")[:1]),
    )


def people_spellings(ids: Collection[int]) -> dict[int, list[str]]:
    """Return the spellings of each person's names as text, oldest first."""
    spellings: dict[int, list[str]] = {}
    rows = (
        PersonName.objects.filter(person_id__in=ids)
        .order_by("pk")
        .values_list(
            "person_id",
            "given_name",
            "father_name",
            "grandfather_name",
            "family_name",
            "native",
        )
    )
    for person_id, given, father, grandfather, family, native in rows:
        spellings.setdefault(person_id, []).append(
            spelling_text(given, father, grandfather, family, native)
        )
    return spellings


def people_needs(ids: Collection[int]) -> dict[int, list[str]]:
    """Return the codes of each person's specific needs in force, sorted."""
    needs: dict[int, set[str]] = {}
    rows = Vulnerability.objects.filter(person_id__in=ids, active=True).values_list(
        "person_id", "code"
    )
    for person_id, code in rows:
        needs.setdefault(person_id, set()).add(code)
    return {person_id: sorted(codes) for person_id, codes in needs.items()}


class _AnyOf(Lookup):
    """``column = ANY(%s)``: the values go to PostgreSQL as one array parameter."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(
        self, compiler: Any, connection: BaseDatabaseWrapper
    ) -> tuple[str, tuple[Any, ...]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", (*lhs_params, list(self.rhs))


def _person_among(ids: list[int]) -> Q | Lookup:
    """
    Return the filter keeping the people whose key is in ``ids``.

    PostgreSQL gets the keys as one array parameter: as ``pk__in`` they would be
    thousands of parameters, each prepared and quoted by Django and psycopg, which
    cost more than the rest of the search.
    """
    if connection.vendor == "postgresql":
        return _AnyOf(F("pk"), ids)
    return Q(pk__in=ids)


def person_get(*, pk: int) -> Person | None:
    """Return one person with what their page shows, or None."""
    return (
        Person.objects.select_related("household", "housed_at")
        .prefetch_related(
            "names",
            "registrations__location",
            "vulnerabilities",
            "consents",
            "relations__relative",
            "events",
        )
        .filter(pk=pk)
        .first()
    )


AGE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("0–4", 0, 4),
    ("5–11", 5, 11),
    ("12–15", 12, 15),
    ("16–17", 16, 17),
    ("18–24", 18, 24),
    ("25–59", 25, 59),
    ("60+", 60, 200),
)


@dataclass(frozen=True, slots=True)
class Census:
    """Counts of the people in a camp (or everywhere, when no camp is given)."""

    as_of: date
    total: int
    by_age_band: list[tuple[str, int]]
    by_sex: list[tuple[str, int]]
    by_nationality: list[tuple[str, int]]
    by_need: list[tuple[str, int]]
    by_child_status: list[tuple[str, int]]
    unaccompanied_children: int
    without_housing: int
    age_disputed: int


# What the derived child status reads of a person, in this order.
_STATUS_FIELDS = (
    "pk",
    "household_id",
    "date_of_birth",
    "dob_precision",
    "age_dispute",
    "child_status",
)
_Row = tuple[int, int | None, date | None, str, str, str]


def _status_on(row: _Row, on: date, with_adult: bool | None) -> ChildStatusOn:
    _pk, _household, born, precision, dispute, recorded = row
    return child_status_on(
        on=on,
        date_of_birth=born,
        dob_precision=precision,
        age_dispute=dispute,
        recorded_status=recorded,
        with_adult=with_adult,
    )


def _is_adult_on(row: _Row, on: date) -> bool:
    """Return whether the person is an adult on ``on`` (born, and not a child)."""
    status = _status_on(row, on, None)
    if status.is_child:
        return False
    return row[2] is None or status.age is not None


def _households_with_adults(
    household_ids: Collection[int], on: date
) -> dict[int, set[int]]:
    """Return, per household, the ids of its members who are adults on ``on``."""
    adults: dict[int, set[int]] = {key: set() for key in household_ids}
    if not household_ids:
        return adults
    members = Person.objects.filter(
        household_id__in=list(household_ids), erased_at__isnull=True
    ).values_list(*_STATUS_FIELDS)
    for member in members:
        if member[1] is not None and _is_adult_on(member, on):
            adults[member[1]].add(member[0])
    return adults


def child_statuses_on(
    people: Iterable[Person] | QuerySet[Person], *, on: date
) -> dict[int, ChildStatusOn]:
    """
    Return each person's child status on ``on``, by person id.

    The one reading of child status for pages, lists and counts: derived from the
    date of birth, the age dispute and who of the household is with the child on
    that day (``haven.engines.kernel.childhood``); the stored ``child_status`` is
    only what was recorded, and is never rewritten to follow age. A query set is
    read as plain values (a census reads thousands of people).
    """
    rows: list[_Row]
    if isinstance(people, QuerySet):
        rows = list(people.values_list(*_STATUS_FIELDS))
    else:
        rows = [
            (
                p.pk,
                p.household_id,
                p.date_of_birth,
                p.dob_precision,
                p.age_dispute,
                p.child_status,
            )
            for p in people
        ]
    households = {row[1] for row in rows if row[1] is not None}
    adults = _households_with_adults(households, on)
    statuses = {}
    no_one: set[int] = set()
    for row in rows:
        others = adults.get(row[1], no_one) if row[1] is not None else no_one
        with_adult = bool(others) and (len(others) > 1 or row[0] not in others)
        statuses[row[0]] = _status_on(row, on, with_adult)
    return statuses


def child_status_of(person: Person, *, on: date) -> ChildStatusOn:
    """Return one person's child status on ``on`` (see ``child_statuses_on``)."""
    return child_statuses_on([person], on=on)[person.pk]


def child_status_label(status: ChildStatusOn) -> str:
    """Return the status's label in the user's language."""
    return str(dict(Person.ChildStatus.choices).get(status.status, status.status))


def relatives_within(*, person: Person, within: Q) -> set[int]:
    """Return the ids of the person's recorded relatives that ``within`` keeps."""
    return set(
        Person.objects.filter(
            within, pk__in=person.relations.values("relative_id")
        ).values_list("pk", flat=True)
    )


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def census_get(*, today: date, camp: Location | None = None) -> Census:
    """
    Count people by age band, sex, nationality, need and child status on ``today``.

    Ages and child status are those of the day counted (``child_statuses_on``), so
    a child who has turned 18 is counted as an adult, and a disputed age as a child;
    a page may count as of another day by passing it as ``today``.
    """
    people = Person.objects.filter(
        person_listed_q(),
        registrations__source_kind__in=["state_authority", "ngo_census"],
    ).distinct()
    if camp is not None:
        people = people.filter(
            Q(housed_at=camp)
            | Q(housed_at__parent=camp)
            | Q(registrations__location=camp)
            | Q(registrations__location__parent=camp)
        ).distinct()
    ids = people.values("pk")
    base = Person.objects.filter(pk__in=ids)
    total = base.count()
    as_of = today
    bands = []
    for label, low, high in AGE_BANDS:
        # born after (today - (high+1) years) and on or before (today - low years)
        count = base.filter(
            date_of_birth__gt=_years_before(as_of, high + 1),
            date_of_birth__lte=_years_before(as_of, low),
        ).count()
        bands.append((label, count))
    bands.append(("unknown", base.filter(date_of_birth__isnull=True).count()))
    sex_labels = dict(Person.Sex.choices)
    by_sex = [
        (str(sex_labels.get(row["sex"], row["sex"])), row["n"])
        for row in base.values("sex").annotate(n=Count("pk")).order_by("-n")
    ]
    nationality = Counter(
        (codes[0] if codes else "unknown")
        for codes in base.values_list("nationalities", flat=True)
    )
    needs = Counter(
        NEED_CODE_BY_CODE[code].category
        for code in Vulnerability.objects.filter(
            person__in=ids, active=True
        ).values_list("code", flat=True)
        if code in NEED_CODE_BY_CODE
    )
    statuses = child_statuses_on(base, on=as_of)
    counted = Counter(status.status for status in statuses.values())
    status_labels = dict(Person.ChildStatus.choices)
    by_status = [
        (str(status_labels.get(status, status)), n)
        for status, n in sorted(counted.items(), key=lambda item: (-item[1], item[0]))
    ]
    return Census(
        as_of=as_of,
        total=total,
        by_age_band=bands,
        by_sex=by_sex,
        by_nationality=nationality.most_common(),
        by_need=needs.most_common(),
        by_child_status=by_status,
        unaccompanied_children=counted[Person.ChildStatus.UNACCOMPANIED],
        without_housing=base.filter(housed_at__isnull=True).count(),
        age_disputed=base.exclude(age_dispute=Person.AgeDispute.NONE).count(),
    )


def locations_with_occupancy() -> QuerySet[Location]:
    """Return camps, sectors and centres with the number of people housed in each."""
    return (
        Location.objects.exclude(kind=Location.Kind.CITY)
        .select_related("parent")
        .annotate(occupancy=Count("residents"))
        .order_by("kind", "name")
    )
