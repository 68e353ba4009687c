"""
The plain values that registration services take, and their validation.

Forms, the API and the importer all build these values, so every door checks input
the same way. ``validate_*`` collects every problem, keyed by field path, and the
service raises them together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.translation import gettext

from haven.apps.people.codes import COUNTRIES, LANGUAGES, NEED_CODE_BY_CODE
from haven.apps.people.models import Person, Registration

_PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{5,30}$")
_EARLIEST_BIRTH = date(1900, 1, 1)


@dataclass(frozen=True, slots=True)
class NameInput:
    """A name as given: Latin parts and the whole name in its original script."""

    given_name: str = ""
    father_name: str = ""
    grandfather_name: str = ""
    family_name: str = ""
    native: str = ""

    def cleaned(self) -> NameInput:
        """Return the name with surrounding and repeated spaces removed."""
        return NameInput(*(" ".join(part.split()) for part in self.parts_and_native()))

    def parts_and_native(self) -> tuple[str, str, str, str, str]:
        return (
            self.given_name,
            self.father_name,
            self.grandfather_name,
            self.family_name,
            self.native,
        )

    def is_empty(self) -> bool:
        return not any(self.parts_and_native())


@dataclass(frozen=True, slots=True)
class PersonInput:
    """Everything known about a person at registration."""

    name: NameInput
    sex: str
    other_spellings: tuple[NameInput, ...] = ()
    date_of_birth: date | None = None
    dob_precision: str = Person.DobPrecision.UNKNOWN
    age_dispute: str = Person.AgeDispute.NONE
    nationalities: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    phone: str = ""
    place_of_origin: str = ""
    child_status: str = Person.ChildStatus.NOT_A_CHILD
    needs: tuple[str, ...] = ()
    consent_tracing: bool = False


@dataclass(frozen=True, slots=True)
class RegistrationInput:
    """Where, when, by whom and in which registry a registration was made."""

    source_kind: str
    source_name: str
    registered_at: datetime
    registered_by: str
    location_key: str = ""
    external_id: str = ""
    # Set only when the person explicitly lodges an asylum application with this
    # registration (a state authority's act, with its own day; audited).
    asylum_lodged_on: date | None = None


@dataclass(frozen=True, slots=True)
class FamilyMemberInput:
    """A member of a family being registered, and their relation to the head."""

    person: PersonInput
    relation_to_head: str  # "head" or a Relationship.Relation value


@dataclass
class Problems:
    """Problems found in one input, by field path."""

    by_field: dict[str, list[str]] = field(default_factory=dict)

    def add(self, path: str, message: str) -> None:
        self.by_field.setdefault(path, []).append(message)

    def __bool__(self) -> bool:
        return bool(self.by_field)


def age_on(born: date, day: date) -> int:
    """Return the age in whole years on ``day`` of a person born on ``born``."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def validate_person(
    person: PersonInput,
    *,
    today: date,
    problems: Problems,
    prefix: str = "",
    status_on: date | None = None,
) -> None:
    """
    Add to ``problems`` every field of ``person`` that is missing or wrong.

    The child status is checked against the age on ``status_on``, the day the
    person was first registered (a child registered in 2016 stays recorded as the
    child they were), and defaults to ``today``.
    """
    name = person.name
    if not name.given_name.strip() and not name.native.strip():
        problems.add(
            f"{prefix}given_name",
            "enter the given name in Latin letters, or the name in its original script",
        )
    for label, value in zip(
        ("given_name", "father_name", "grandfather_name", "family_name", "name_native"),
        name.parts_and_native(),
        strict=True,
    ):
        if any(ord(char) < 32 for char in value):
            problems.add(f"{prefix}{label}", "contains control characters")
    if person.sex not in Person.Sex.values:
        problems.add(
            f"{prefix}sex", f"unknown value {person.sex!r}; expected F, M, X or U"
        )
    if person.dob_precision not in Person.DobPrecision.values:
        problems.add(
            f"{prefix}dob_precision", f"unknown value {person.dob_precision!r}"
        )
    if person.age_dispute not in Person.AgeDispute.values:
        problems.add(f"{prefix}age_dispute", f"unknown value {person.age_dispute!r}")
    _validate_birth(
        person,
        today=today,
        status_on=status_on or today,
        problems=problems,
        prefix=prefix,
    )
    for code in person.nationalities:
        if code not in COUNTRIES:
            problems.add(
                f"{prefix}nationalities", f"unknown country code {code!r} (ISO 3166-1)"
            )
    for code in person.languages:
        if code not in LANGUAGES:
            problems.add(
                f"{prefix}languages", f"unknown language code {code!r} (ISO 639)"
            )
    if person.phone and not _PHONE.match(person.phone):
        problems.add(f"{prefix}phone", "use digits, spaces and an optional leading +")
    for code in person.needs:
        if code not in NEED_CODE_BY_CODE:
            problems.add(f"{prefix}needs", f"unknown specific-needs code {code!r}")


def _validate_birth(
    person: PersonInput,
    *,
    today: date,
    status_on: date,
    problems: Problems,
    prefix: str,
) -> None:
    born = person.date_of_birth
    if person.child_status not in Person.ChildStatus.values:
        problems.add(f"{prefix}child_status", f"unknown value {person.child_status!r}")
        return
    if born is None:
        if person.dob_precision not in ("", Person.DobPrecision.UNKNOWN):
            problems.add(
                f"{prefix}date_of_birth",
                f"required when the precision is {person.dob_precision!r}",
            )
        return
    if born > today:
        problems.add(f"{prefix}date_of_birth", f"{born.isoformat()} is in the future")
        return
    if born < _EARLIEST_BIRTH:
        problems.add(f"{prefix}date_of_birth", f"{born.isoformat()} is before 1900")
        return
    if person.dob_precision == Person.DobPrecision.UNKNOWN:
        problems.add(
            f"{prefix}dob_precision",
            "say whether the date of birth is exact, year only or estimated",
        )
    age = age_on(born, max(status_on, born))
    disputed = person.age_dispute != Person.AgeDispute.NONE
    is_child_status = person.child_status != Person.ChildStatus.NOT_A_CHILD
    if age < 18 and not is_child_status and not disputed:
        problems.add(
            f"{prefix}child_status",
            f"a person aged {age} is a child: record them as accompanied, separated "
            "or unaccompanied, or record the age dispute",
        )
    if age >= 18 and is_child_status and not disputed:
        problems.add(
            f"{prefix}child_status",
            f"a person aged {age} is not a child; record the age dispute if they say "
            "they are under 18",
        )


def validate_registration(
    registration: RegistrationInput, *, now: datetime, problems: Problems
) -> None:
    """Add to ``problems`` every field of ``registration`` that is missing or wrong."""
    if registration.source_kind not in Registration.SourceKind.values:
        problems.add(
            "registration.source_kind",
            f"unknown value {registration.source_kind!r}; expected one of "
            + ", ".join(Registration.SourceKind.values),
        )
    if not registration.source_name.strip():
        problems.add("registration.source_name", "name the registry this came from")
    if not registration.registered_by.strip():
        problems.add("registration.registered_by", "name who registered the person")
    if registration.registered_at.tzinfo is None:
        problems.add("registration.registered_at", "give a time zone (e.g. ...Z)")
    elif registration.registered_at > now:
        problems.add("registration.registered_at", "is in the future")
    if len(registration.external_id) > 64:
        problems.add("registration.external_id", "is longer than 64 characters")
    lodged = registration.asylum_lodged_on
    if lodged is not None:
        if registration.source_kind != Registration.SourceKind.STATE_AUTHORITY:
            problems.add(
                "registration.asylum_lodged_on",
                "an asylum application is lodged with a state authority: choose that "
                "source, or leave the application out",
            )
        if lodged > now.date():
            problems.add("registration.asylum_lodged_on", "is in the future")


# The earliest day a census may be counted on: before it, no camp of the project's
# kind existed, and a typing slip (0216) is caught rather than counted.
EARLIEST_CENSUS_DAY = date(2000, 1, 1)


def census_day(text: str, *, today: date) -> tuple[date, str]:
    """
    Return the day a census is counted on, and the problem with ``text`` if any.

    Today by default; another day given as YYYY-MM-DD, no later than today.
    """
    text = text.strip()
    if not text:
        return today, ""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return today, gettext("Date: give the day as YYYY-MM-DD.")
    if day > today:
        return today, gettext("Date: the census cannot count a day after today.")
    if day < EARLIEST_CENSUS_DAY:
        return today, gettext("Date: give a day in 2000 or later.")
    return day, ""
