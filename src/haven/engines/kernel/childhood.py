"""
Child status as of a date: the one place where age, a disputed age and who is with
the child become "a child, accompanied or not", on a given day.

A recorded status is what a member of staff wrote down on the day they met the
person; it does not follow age. Every count, list and page reads the status this
module derives, as of the day it describes; a determination reads it as of the first
lodging, which the regulation freezes (Dublin III Art 7(2); AMMR Art 24).

Pure: no clock, no Django. The status values are the people app's
``Person.ChildStatus`` values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from haven.engines.kernel.citation import Citation
from haven.engines.kernel.dates import age_on

NOT_A_CHILD = "not_a_child"
ACCOMPANIED = "accompanied"
SEPARATED = "separated"
UNACCOMPANIED = "unaccompanied"
CHILD_STATUSES = (ACCOMPANIED, SEPARATED, UNACCOMPANIED)
# Separated children are without the adult responsible for them by law or practice:
# unaccompanied minors in the sense of Dublin III Art 2(j) / AMMR Art 2(12).
WITHOUT_RESPONSIBLE_ADULT = (SEPARATED, UNACCOMPANIED)

ADULT_AGE = 18

# Dublin III Art 2(i): a minor is a third-country national under 18 (wording
# UNVERIFIED in the D3 text; the same definition is in Directives 2013/32 and 2013/33).
MINOR = Citation("604/2013", 2, point="i")
# Dublin III Art 2(j): an unaccompanied minor arrives without the adult responsible
# for them, for as long as no such adult has effectively taken them into care.
UNACCOMPANIED_MINOR = Citation("604/2013", 2, point="j")
# The benefit of the doubt while an age is disputed: UNHCR, Guidelines on Policies
# and Procedures in dealing with Unaccompanied Children Seeking Asylum (1997) §5.11,
# and the Children Act 1989 age-assessment practice ("Merton") read the same way.
# UNVERIFIED: neither text is in the project's specs. AMMR Art 25 applies the
# unaccompanied-minor criteria to the applicant as a minor [V S21/S22 in the specs].
BENEFIT_OF_THE_DOUBT_SOURCES = (
    "UNHCR Guidelines on Unaccompanied Children Seeking Asylum (1997) 5.11 "
    "(UNVERIFIED)",
    "Children Act 1989 age-assessment practice (UNVERIFIED)",
)

# How the date of birth is known, as ``Person.DobPrecision`` names it.
PRECISION_YEAR = "year"
# How the age is disputed, as ``Person.AgeDispute`` names it.
DISPUTED = "disputed"
ASSESSED_ADULT = "assessed_adult"
ASSESSED_MINOR = "assessed_minor"


@dataclass(frozen=True, slots=True)
class ChildStatusOn:
    """A person's child status on one day, with the age and the reason for it."""

    on: date
    status: str
    age: int | None
    reason: str
    benefit_of_the_doubt: bool = False
    unverified: bool = False

    @property
    def is_child(self) -> bool:
        """Return whether the person is treated as a child on the day."""
        return self.status != NOT_A_CHILD

    @property
    def without_responsible_adult(self) -> bool:
        """Return whether the person is an unaccompanied (or separated) child."""
        return self.status in WITHOUT_RESPONSIBLE_ADULT


def latest_birth(born: date, precision: str) -> date:
    """
    Return the latest day of birth the record allows.

    A date of birth known only by its year is stored as some day of that year; the
    benefit of the doubt counts the person as born on its last day.

    >>> latest_birth(date(2009, 1, 1), "year")
    datetime.date(2009, 12, 31)
    >>> latest_birth(date(2009, 6, 15), "exact")
    datetime.date(2009, 6, 15)
    """
    if precision == PRECISION_YEAR:
        return date(born.year, 12, 31)
    return born


def child_status_on(
    *,
    on: date,
    date_of_birth: date | None,
    dob_precision: str,
    age_dispute: str,
    recorded_status: str,
    with_adult: bool | None,
) -> ChildStatusOn:
    """
    Return the person's child status on ``on``.

    - Assessed as an adult: not a child.
    - Age disputed and not yet assessed: a child, whatever the date of birth says
      (the benefit of the doubt, while the dispute is open).
    - A date of birth: a child before the 18th birthday (Art 2(i)); a birth known
      only by year counts from the year's last day.
    - No date of birth: the recorded status, or a child when assessed as a minor.

    A child's accompaniment is the recorded one (accompanied, separated,
    unaccompanied) when one was recorded; otherwise accompanied when an adult of the
    household is with them (``with_adult``), and unaccompanied when none is.

    >>> child_status_on(on=date(2027, 6, 14), date_of_birth=date(2009, 6, 15),
    ...     dob_precision="exact", age_dispute="none", recorded_status="unaccompanied",
    ...     with_adult=False).status
    'unaccompanied'
    >>> child_status_on(on=date(2027, 6, 15), date_of_birth=date(2009, 6, 15),
    ...     dob_precision="exact", age_dispute="none", recorded_status="unaccompanied",
    ...     with_adult=False).status
    'not_a_child'
    """
    if age_dispute == ASSESSED_ADULT:
        age = _age(date_of_birth, dob_precision, on)
        return ChildStatusOn(on, NOT_A_CHILD, age, "assessed as an adult")
    if age_dispute == DISPUTED:
        age = _age(date_of_birth, dob_precision, on)
        status = _accompaniment(recorded_status, with_adult)
        return ChildStatusOn(
            on,
            status,
            age,
            "age disputed: treated as a child while the dispute is open",
            benefit_of_the_doubt=True,
            unverified=True,
        )
    if date_of_birth is not None:
        born = latest_birth(date_of_birth, dob_precision)
        if born > on:
            return ChildStatusOn(on, NOT_A_CHILD, None, f"not yet born on {on}")
        age = age_on(born, on)
        if age >= ADULT_AGE:
            return ChildStatusOn(on, NOT_A_CHILD, age, f"aged {age} on {on}")
        status = _accompaniment(recorded_status, with_adult)
        return ChildStatusOn(on, status, age, f"aged {age} on {on}")
    if age_dispute == ASSESSED_MINOR or recorded_status in CHILD_STATUSES:
        status = _accompaniment(recorded_status, with_adult)
        return ChildStatusOn(
            on,
            status,
            None,
            "no date of birth: recorded as a child",
            benefit_of_the_doubt=True,
        )
    return ChildStatusOn(on, NOT_A_CHILD, None, "no date of birth")


def _age(born: date | None, precision: str, on: date) -> int | None:
    if born is None:
        return None
    latest = latest_birth(born, precision)
    return age_on(latest, on) if latest <= on else None


def _accompaniment(recorded: str, with_adult: bool | None) -> str:
    if recorded in CHILD_STATUSES:
        return recorded
    return ACCOMPANIED if with_adult else UNACCOMPANIED
