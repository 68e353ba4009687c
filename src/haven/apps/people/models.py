"""
People as registered at first contact, and the places they are in.

A ``Person`` holds the current best knowledge; each ``Registration`` keeps what one
registry recorded, as it recorded it. Names live in every script and spelling the
person is known by (``PersonName``); ``NameKey`` rows index them for search in any
script. Special categories (needs, trafficking indicators) sit in their own tables so
that access and encryption can be set per table.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from haven.apps.crypto.fields import EncryptedTextField


class Location(models.Model):
    """A camp, a sector of a camp, a reception centre, or a city abroad."""

    class Kind(models.TextChoices):
        CAMP = "camp", _("Camp")
        SECTOR = "sector", _("Sector")
        CENTRE = "centre", _("Reception centre")
        CITY = "city", _("City")

    key = models.SlugField(_("key"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    country = models.CharField(_("country"), max_length=2)
    capacity = models.PositiveIntegerField(_("capacity"), default=0)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("location")

    def __str__(self) -> str:
        return self.name


class Household(models.Model):
    """A family group registered together."""

    reference = models.CharField(_("reference"), max_length=32, unique=True)
    location = models.ForeignKey(
        Location,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="households",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["reference"]
        verbose_name = _("household")

    def __str__(self) -> str:
        return self.reference


class Person(models.Model):
    """One individual, with the best current knowledge of their identity."""

    class Sex(models.TextChoices):
        FEMALE = "F", _("Female")
        MALE = "M", _("Male")
        OTHER = "X", _("Other")
        UNKNOWN = "U", _("Unknown")

    class DobPrecision(models.TextChoices):
        EXACT = "exact", _("Exact")
        YEAR = "year", _("Year only")
        ESTIMATED = "estimated", _("Estimated")
        UNKNOWN = "unknown", _("Unknown")

    class AgeDispute(models.TextChoices):
        NONE = "none", _("Not disputed")
        DISPUTED = "disputed", _("Disputed, assessment pending")
        ASSESSED_ADULT = "assessed_adult", _("Assessed as adult")
        ASSESSED_MINOR = "assessed_minor", _("Assessed as minor")

    class ChildStatus(models.TextChoices):
        NOT_A_CHILD = "not_a_child", _("Not a child")
        ACCOMPANIED = "accompanied", _("Accompanied child")
        SEPARATED = "separated", _("Separated child")
        UNACCOMPANIED = "unaccompanied", _("Unaccompanied child")

    class VoidReason(models.TextChoices):
        REGISTERED_IN_ERROR = "registered_in_error", _("Registered in error")
        DUPLICATE = "duplicate", _("Duplicate of another record")

    class Priority(models.IntegerChoices):
        NONE = 0, _("None")
        LOW = 1, _("Low")
        MEDIUM = 2, _("Medium")
        HIGH = 3, _("High")

    registration_number = models.CharField(
        _("registration number"), max_length=24, unique=True
    )
    given_name = models.CharField(_("given name"), max_length=120)
    father_name = models.CharField(_("father's name"), max_length=120, blank=True)
    grandfather_name = models.CharField(
        _("grandfather's name"), max_length=120, blank=True
    )
    family_name = models.CharField(_("family name"), max_length=120, blank=True)
    name_native = models.CharField(
        _("name in original script"), max_length=300, blank=True
    )
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    dob_precision = models.CharField(
        _("date of birth precision"),
        max_length=10,
        choices=DobPrecision.choices,
        default=DobPrecision.UNKNOWN,
    )
    age_dispute = models.CharField(
        _("age dispute"),
        max_length=16,
        choices=AgeDispute.choices,
        default=AgeDispute.NONE,
    )
    nationalities = models.JSONField(_("nationalities"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    place_of_origin = models.CharField(_("place of origin"), max_length=200, blank=True)
    household = models.ForeignKey(
        Household,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )
    child_status = models.CharField(
        _("child status"),
        max_length=16,
        choices=ChildStatus.choices,
        default=ChildStatus.NOT_A_CHILD,
    )
    housed_at = models.ForeignKey(
        Location,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="residents",
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.NONE
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Set when the person was erased: the row stays as an anonymous tombstone that
    # case counts and the placement ledger still point at (docs/adr/0018).
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True)
    # Set when the record was voided: registered in error or a duplicate. The row is
    # kept (audited, restorable) but leaves every list, search and count.
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)
    void_reason = models.CharField(
        _("reason for voiding"),
        max_length=24,
        choices=VoidReason.choices,
        blank=True,
    )
    void_note = models.TextField(_("note on voiding"), blank=True)
    # Set while this record is merged into another (tracing.Merge; docs/adr/0017):
    # it leaves lists and search, and the merge can be undone.
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("merged into"),
    )
    # Who holds the record, for the access policy's scopes (own, group, agency;
    # docs/adr/0025): set from the registering member of staff. A record with no
    # agency is seen only by roles whose scope is "all".
    agency = models.CharField(_("holding agency"), max_length=120, blank=True)
    team = models.CharField(_("team"), max_length=120, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned to"),
    )

    class Meta:
        ordering = ["registration_number"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [
            # The order of search results, most urgent first: a search for a common
            # name walks it and stops at the end of the page.
            models.Index(
                models.F("priority").desc(),
                "registration_number",
                name="person_search_order",
            ),
            models.Index(fields=["agency", "team"], name="person_scope"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(sex__in=["F", "M", "X", "U"]), name="person_sex_valid"
            ),
            models.CheckConstraint(
                condition=Q(version__gte=1), name="person_version_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.registration_number

    @property
    def listed(self) -> bool:
        """Return True unless the record was erased, voided or merged away."""
        return (
            self.erased_at is None
            and self.voided_at is None
            and self.merged_into_id is None
        )

    @property
    def full_name(self) -> str:
        """Return the Latin name parts in the order they were given."""
        parts = (
            self.given_name,
            self.father_name,
            self.grandfather_name,
            self.family_name,
        )
        return " ".join(part for part in parts if part)


def person_listed_q(prefix: str = "") -> Q:
    """Return the filter of people that lists, search and counts show: not erased,
    voided or merged away (the rows stay for history and undo)."""
    join = f"{prefix}__" if prefix else ""
    return Q(
        **{
            f"{join}erased_at__isnull": True,
            f"{join}voided_at__isnull": True,
            f"{join}merged_into__isnull": True,
        }
    )


class PersonName(models.Model):
    """One spelling of a person's name: as given, in a registry, or by a relative."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="names")
    given_name = models.CharField(_("given name"), max_length=120, blank=True)
    father_name = models.CharField(_("father's name"), max_length=120, blank=True)
    grandfather_name = models.CharField(
        _("grandfather's name"), max_length=120, blank=True
    )
    family_name = models.CharField(_("family name"), max_length=120, blank=True)
    native = models.CharField(_("in original script"), max_length=300, blank=True)
    source = models.CharField(_("source"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("name spelling")
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "person",
                    "given_name",
                    "father_name",
                    "grandfather_name",
                    "family_name",
                    "native",
                ],
                name="person_name_unique_spelling",
            )
        ]

    def __str__(self) -> str:
        return spelling_text(
            self.given_name,
            self.father_name,
            self.grandfather_name,
            self.family_name,
            self.native,
        )


def spelling_text(
    given_name: str,
    father_name: str,
    grandfather_name: str,
    family_name: str,
    native: str,
) -> str:
    """Return a spelling as one line: its Latin parts, or else its native form."""
    parts = (given_name, father_name, grandfather_name, family_name)
    return " ".join(p for p in parts if p) or native


class NameKey(models.Model):
    """A script-independent search key of one of a person's names."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="name_keys"
    )
    key = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "key"], name="name_key_unique")
        ]
        indexes = [models.Index(fields=["key", "person"], name="name_key_lookup")]

    def __str__(self) -> str:
        return self.key


class Relationship(models.Model):
    """``person`` is ``relation`` of ``relative`` (e.g. parent of)."""

    class Relation(models.TextChoices):
        PARENT = "parent", _("Parent")
        CHILD = "child", _("Child")
        SIBLING = "sibling", _("Sibling")
        SPOUSE = "spouse", _("Spouse")
        UNCLE_AUNT = "uncle_aunt", _("Uncle or aunt")
        NEPHEW_NIECE = "nephew_niece", _("Nephew or niece")
        COUSIN = "cousin", _("Cousin")
        GRANDPARENT = "grandparent", _("Grandparent")
        GRANDCHILD = "grandchild", _("Grandchild")

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="relations"
    )
    relative = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="related_from"
    )
    relation = models.CharField(_("relation"), max_length=16, choices=Relation.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "relative", "relation"], name="relationship_unique"
            ),
            models.CheckConstraint(
                condition=~Q(person=models.F("relative")), name="relationship_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.relation} of {self.relative_id}"


class Registration(models.Model):
    """One registration event: what one registry recorded, where, when and by whom."""

    class SourceKind(models.TextChoices):
        STATE_AUTHORITY = "state_authority", _("State authority")
        NGO_CENSUS = "ngo_census", _("NGO census")
        RELATIVE_DECLARED = "relative_declared", _("Relative declared in another state")

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="registrations"
    )
    source_kind = models.CharField(
        _("source"), max_length=20, choices=SourceKind.choices
    )
    source_name = models.CharField(_("source registry"), max_length=120)
    external_id = models.CharField(_("external id"), max_length=64)
    location = models.ForeignKey(
        Location,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registrations",
    )
    registered_at = models.DateTimeField(_("registered at"))
    registered_by = models.CharField(_("registered by"), max_length=120)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    given_name = models.CharField(max_length=120, blank=True)
    father_name = models.CharField(max_length=120, blank=True)
    grandfather_name = models.CharField(max_length=120, blank=True)
    family_name = models.CharField(max_length=120, blank=True)
    name_native = models.CharField(max_length=300, blank=True)
    sex = models.CharField(max_length=1, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    dob_precision = models.CharField(max_length=10, blank=True)
    nationality = models.CharField(max_length=2, blank=True)
    phone = models.CharField(max_length=32, blank=True)
    place_of_origin = models.CharField(max_length=200, blank=True)
    # The day an application for international protection was lodged with this
    # registration (Dublin III Art 20(2); AMMR: "registered"). Lodging is an
    # explicit act of a state authority, never read from the registration's source:
    # an NGO census or a state's registration without it is no asylum claim.
    asylum_lodged_on = models.DateField(
        _("asylum application lodged on"), null=True, blank=True
    )

    class Meta:
        ordering = ["registered_at"]
        verbose_name = _("registration")
        constraints = [
            models.UniqueConstraint(
                fields=["source_name", "external_id"], name="registration_source_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source_name}/{self.external_id}"


class Vulnerability(models.Model):
    """One specific need or trafficking indicator, with who recorded it and when."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="vulnerabilities"
    )
    code = models.CharField(_("code"), max_length=8)
    # Health and trafficking detail in free text: encrypted (docs/adr/0014). The
    # code stays clear, because the census counts it in SQL.
    row_uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    note = EncryptedTextField(_("note"), blank=True, default="")
    recorded_at = models.DateTimeField(_("recorded at"))
    recorded_by = models.CharField(_("recorded by"), max_length=120)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["-recorded_at"]
        verbose_name = _("specific need")

    def __str__(self) -> str:
        return self.code


class Consent(models.Model):
    """Consent for one purpose; withdrawing keeps the row as history."""

    class Purpose(models.TextChoices):
        TRACING = "tracing", _("Family tracing")
        SHARING = "sharing", _("Sharing with a named recipient")

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="consents"
    )
    purpose = models.CharField(_("purpose"), max_length=10, choices=Purpose.choices)
    recipient = models.CharField(_("recipient"), max_length=200, blank=True)
    given_at = models.DateTimeField(_("given at"))
    given_by_recorder = models.CharField(_("recorded by"), max_length=120)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by_recorder = models.CharField(
        _("withdrawal recorded by"), max_length=120, blank=True
    )

    class Meta:
        ordering = ["-given_at"]
        verbose_name = _("consent")
        constraints = [
            models.CheckConstraint(
                condition=Q(purpose="tracing") | ~Q(recipient=""),
                name="consent_sharing_names_recipient",
            )
        ]

    def __str__(self) -> str:
        return f"{self.purpose} ({'withdrawn' if self.withdrawn_at else 'given'})"


class PersonEvent(models.Model):
    """One entry of a person's history: what happened, when, and who did it."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField()
    actor = models.CharField(max_length=150)
    action = models.CharField(max_length=40)
    fields = models.JSONField(default=list, blank=True)
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.action} by {self.actor}"


class Bed(models.Model):
    """
    One bed of a place with a capacity; a person holds at most one bed at a time.

    A place has exactly ``capacity`` beds, numbered from 1, so it can never house
    more people than it has beds; the constraints refuse a bed booked twice and a
    person in two beds, whatever the code above them does (specs/security.md R-23).
    """

    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, related_name="beds"
    )
    number = models.PositiveIntegerField(_("bed number"))
    person = models.OneToOneField(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bed",
    )
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)

    class Meta:
        ordering = ["location", "number"]
        verbose_name = _("bed")
        constraints = [
            models.UniqueConstraint(
                fields=["location", "number"], name="bed_unique_number"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="bed_number_positive"
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=True, assigned_at__isnull=True)
                | Q(person__isnull=False, assigned_at__isnull=False),
                name="bed_assigned_at_with_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.location_id}/{self.number}"
