"""
The people endpoints of the v1 API.

Inputs are validated twice on purpose: the serializers check types and shapes
(problem+json names the JSON field), then the services check meaning (the same
rules as the forms and the importer).
"""

from __future__ import annotations

from typing import Any, cast

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from haven.apps.accounts.policy import readable, scope_q
from haven.apps.accounts.roles import may_read_census, may_read_people, may_write_people
from haven.apps.audit.services import audit_record
from haven.apps.core.actors import Actor
from haven.apps.core.apis import PROBLEM, Pagination, StrictSerializer
from haven.apps.errors import ConflictError, InvalidInputError, NotFoundError
from haven.apps.operations.apis import IDEMPOTENCY_KEY, idempotent
from haven.apps.operations.preconditions import (
    PreconditionFailedError,
    entity_tag,
    expected_version,
    if_match_versions,
)
from haven.apps.people.beds import bed_assign
from haven.apps.people.inputs import (
    FamilyMemberInput,
    NameInput,
    PersonInput,
    RegistrationInput,
    census_day,
)
from haven.apps.people.models import (
    Bed,
    Household,
    Location,
    Person,
    Registration,
    person_listed_q,
)
from haven.apps.people.selectors import (
    census_get,
    locations_with_occupancy,
    people_listed,
    people_needs,
    people_spellings,
    person_get,
    person_search,
)
from haven.apps.people.services import (
    family_register,
    person_register,
    person_update,
)
from haven.engines.kernel import normalise_state_code


class CanReadPeople(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return may_read_people(request.user)
        return may_write_people(request.user)


class CanReadCensus(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return may_read_census(request.user)


IF_MATCH = OpenApiParameter(
    name="If-Match",
    type=OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=False,
    description="The ETag read with the record. A write to a version that is no "
    "longer current is refused with 412; without If-Match the body must name its "
    "version (a stale one gets 409), and with neither the write gets 428.",
)


def _messages(detail: Any) -> list[str]:
    """Flatten DRF's nested error detail to plain messages."""
    if isinstance(detail, dict):
        return [
            f"{key}: {m}" for key, value in detail.items() for m in _messages(value)
        ]
    if isinstance(detail, list):
        return [m for item in detail for m in _messages(item)]
    return [str(detail)]


class NameSerializer(StrictSerializer):
    given_name = serializers.CharField(max_length=120, allow_blank=True, default="")
    father_name = serializers.CharField(max_length=120, allow_blank=True, default="")
    grandfather_name = serializers.CharField(
        max_length=120, allow_blank=True, default=""
    )
    family_name = serializers.CharField(max_length=120, allow_blank=True, default="")
    native = serializers.CharField(max_length=300, allow_blank=True, default="")


class PersonInputSerializer(StrictSerializer):
    name = NameSerializer()
    other_spellings = NameSerializer(many=True, required=False, default=list)
    sex = serializers.ChoiceField(choices=Person.Sex.choices)
    date_of_birth = serializers.DateField(required=False, allow_null=True, default=None)
    dob_precision = serializers.ChoiceField(
        choices=Person.DobPrecision.choices, default="unknown"
    )
    age_dispute = serializers.ChoiceField(
        choices=Person.AgeDispute.choices, default="none"
    )
    nationalities = serializers.ListField(
        child=serializers.CharField(max_length=2), default=list
    )
    languages = serializers.ListField(
        child=serializers.CharField(max_length=3), default=list
    )
    phone = serializers.CharField(max_length=32, allow_blank=True, default="")
    place_of_origin = serializers.CharField(
        max_length=200, allow_blank=True, default=""
    )
    child_status = serializers.ChoiceField(
        choices=Person.ChildStatus.choices, default="not_a_child"
    )
    needs = serializers.ListField(
        child=serializers.CharField(max_length=8), default=list
    )
    consent_tracing = serializers.BooleanField(default=False)

    class Meta:
        ref_name = "PersonInput"


def person_input(data: dict[str, Any]) -> PersonInput:
    """Return the service value for validated serializer data."""
    return PersonInput(
        name=NameInput(**data["name"]),
        other_spellings=tuple(NameInput(**n) for n in data.get("other_spellings", [])),
        sex=data["sex"],
        date_of_birth=data.get("date_of_birth"),
        dob_precision=data["dob_precision"],
        age_dispute=data["age_dispute"],
        # The EU's EL and UK are stored as ISO's GR and GB; the response shows it.
        nationalities=tuple(
            normalise_state_code(code) for code in data["nationalities"]
        ),
        languages=tuple(data["languages"]),
        phone=data["phone"],
        place_of_origin=data["place_of_origin"],
        child_status=data["child_status"],
        needs=tuple(data["needs"]),
        consent_tracing=data["consent_tracing"],
    )


class RegistrationInputSerializer(StrictSerializer):
    source_kind = serializers.ChoiceField(choices=Registration.SourceKind.choices)
    source_name = serializers.CharField(max_length=120)
    registered_by = serializers.CharField(max_length=120)
    registered_at = serializers.DateTimeField(required=False)
    location_key = serializers.CharField(max_length=80, allow_blank=True, default="")
    external_id = serializers.CharField(max_length=64, allow_blank=True, default="")
    # Given only when an asylum application is lodged with this registration (a
    # state authority's explicit act, audited); the source alone never lodges one.
    asylum_lodged_on = serializers.DateField(required=False, allow_null=True)


def registration_input(data: dict[str, Any]) -> RegistrationInput:
    return RegistrationInput(
        source_kind=data["source_kind"],
        source_name=data["source_name"],
        registered_by=data["registered_by"],
        registered_at=data.get("registered_at") or timezone.now(),
        location_key=data["location_key"],
        external_id=data["external_id"],
        asylum_lodged_on=data.get("asylum_lodged_on"),
    )


class PersonOutputSerializer(serializers.ModelSerializer[Person]):
    household: serializers.SlugRelatedField[Household] = serializers.SlugRelatedField(
        slug_field="reference", read_only=True, allow_null=True
    )
    housed_at: serializers.SlugRelatedField[Location] = serializers.SlugRelatedField(
        slug_field="key", read_only=True, allow_null=True
    )
    spellings = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = [
            "id",
            "registration_number",
            "given_name",
            "father_name",
            "grandfather_name",
            "family_name",
            "name_native",
            "spellings",
            "sex",
            "date_of_birth",
            "dob_precision",
            "age_dispute",
            "nationalities",
            "languages",
            "phone",
            "place_of_origin",
            "household",
            "child_status",
            "housed_at",
            "priority",
            "version",
            "created_at",
            "updated_at",
        ]

    def get_spellings(self, person: Person) -> list[str]:
        return [str(name) for name in person.names.all()]


class PersonReadSerializer(PersonOutputSerializer):
    """A person as read: the fields the reader's role may not see are left out."""

    needs = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="Specific-needs codes in force; only for roles that read needs.",
    )

    class Meta(PersonOutputSerializer.Meta):
        fields = [*PersonOutputSerializer.Meta.fields, "needs"]
        ref_name = "Person"


_DATETIME = serializers.DateTimeField()
_NOT_LISTED = object()


def _household_reference(person: Person) -> str | None:
    listed = getattr(person, "household_reference", _NOT_LISTED)
    if listed is not _NOT_LISTED:  # read with the list (people_listed)
        return cast("str | None", listed)
    return person.household.reference if person.household else None


def _housed_at_key(person: Person) -> str | None:
    listed = getattr(person, "housed_at_key", _NOT_LISTED)
    if listed is not _NOT_LISTED:
        return cast("str | None", listed)
    return person.housed_at.key if person.housed_at else None


def person_data(
    person: Person,
    fields: frozenset[str],
    *,
    spellings: list[str] | None = None,
    needs: list[str] | None = None,
) -> dict[str, Any]:
    """
    Return a person as the API shows it, holding only the fields in ``fields``.

    Built by hand rather than by a ModelSerializer: the access policy decides the
    fields per role (docs/adr/0025), and this runs for every row of every list.
    ``spellings`` and ``needs``, when given, were read for a whole list at once;
    otherwise they are read through the person's (possibly prefetched) relations.
    """
    born = person.date_of_birth
    if spellings is None:
        spellings = [str(name) for name in person.names.all()]
    data: dict[str, Any] = {
        "id": person.pk,
        "registration_number": person.registration_number,
        "given_name": person.given_name,
        "father_name": person.father_name,
        "grandfather_name": person.grandfather_name,
        "family_name": person.family_name,
        "name_native": person.name_native,
        "spellings": spellings,
        "sex": person.sex,
        "date_of_birth": born.isoformat() if born else None,
        "dob_precision": person.dob_precision,
        "age_dispute": person.age_dispute,
        "nationalities": person.nationalities,
        "languages": person.languages,
        "phone": person.phone,
        "place_of_origin": person.place_of_origin,
        "household": _household_reference(person),
        "child_status": person.child_status,
        "housed_at": _housed_at_key(person),
        "priority": person.priority,
        "version": person.version,
        "created_at": _DATETIME.to_representation(person.created_at),
        "updated_at": _DATETIME.to_representation(person.updated_at),
    }
    if "needs" in fields:
        if needs is None:
            needs = sorted({v.code for v in person.vulnerabilities.all() if v.active})
        data["needs"] = needs
    return {key: value for key, value in data.items() if key in fields}


def people_data(request: Request, people: Any) -> list[dict[str, Any]]:
    """
    Return people as the requesting user may read them.

    Their spellings and needs are read for the whole list in two queries of plain
    values: a prefetch builds a model and a related manager per row, which cost
    more than the rest of a search.
    """
    fields = readable(request.user)
    people = list(people)
    ids = [person.pk for person in people]
    spellings = people_spellings(ids) if ids and "spellings" in fields else {}
    needs = people_needs(ids) if ids and "needs" in fields else {}
    return [
        person_data(
            person,
            fields,
            spellings=spellings.get(person.pk, []),
            needs=needs.get(person.pk, []),
        )
        for person in people
    ]


def one_person(request: Request, person: Person) -> dict[str, Any]:
    """Return one person as the requesting user may read them."""
    return person_data(person, readable(request.user))


class PersonListCreateApi(APIView):
    """List people (newest first) or register one person."""

    permission_classes = [CanReadPeople]

    class CreateSerializer(StrictSerializer):
        person = PersonInputSerializer()
        registration = RegistrationInputSerializer()

    @extend_schema(
        operation_id="v1_people_list",
        parameters=[
            OpenApiParameter(
                "page",
                {"type": "integer", "minimum": 1},
                description="page number, from 1",
            ),
            OpenApiParameter(
                "page_size",
                {"type": "integer", "minimum": 1, "maximum": 200},
                description="people a page, from 1 to 200 (50 when not given)",
            ),
        ],
        responses={
            200: inline_serializer(
                "PersonPage",
                {
                    "count": serializers.IntegerField(),
                    "next": serializers.URLField(allow_null=True),
                    "previous": serializers.URLField(allow_null=True),
                    "results": PersonReadSerializer(many=True),
                },
            ),
            400: PROBLEM,
            404: PROBLEM,
        },
    )
    def get(self, request: Request) -> Response:
        paginator = Pagination()
        people = people_listed(
            Person.objects.filter(person_listed_q())
            .filter(scope_q(request.user, "person", "read"))
            .order_by("-pk")
        )
        page = paginator.paginate_queryset(people, request, view=self)
        return paginator.get_paginated_response(people_data(request, page))

    @extend_schema(
        request=CreateSerializer,
        parameters=[IDEMPOTENCY_KEY],
        responses={
            201: PersonReadSerializer,
            400: PROBLEM,
            409: PROBLEM,
            422: PROBLEM,
        },
    )
    @idempotent
    def post(self, request: Request) -> Response:
        serializer = self.CreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        person = person_register(
            person=person_input(serializer.validated_data["person"]),
            registration=registration_input(serializer.validated_data["registration"]),
            actor=Actor.of_request(request),
            now=timezone.now(),
        )
        return Response(people_data(request, [person])[0], status=201)


class PersonSearchApi(APIView):
    """Search people by a name in any script; POST so names stay out of URLs."""

    permission_classes = [CanReadPeople]

    class SearchSerializer(StrictSerializer):
        q = serializers.CharField(max_length=200)
        limit = serializers.IntegerField(min_value=1, max_value=200, default=50)

    def check_permissions(self, request: Request) -> None:
        if not may_read_people(request.user):
            self.permission_denied(request)

    @extend_schema(
        request=SearchSerializer,
        responses={200: PersonReadSerializer(many=True), 400: PROBLEM},
    )
    def post(self, request: Request) -> Response:
        serializer = self.SearchSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        found = people_listed(
            person_search(
                query=serializer.validated_data["q"],
                within=scope_q(request.user, "person", "read"),
            )
        )
        people = list(found[: serializer.validated_data["limit"]])
        return Response(people_data(request, people))


class PersonDetailApi(APIView):
    """
    Read one person, or change them with optimistic locking.

    GET sends the version as an ETag; PUT names the version it starts from in
    If-Match (412 when stale) or in the body's ``version`` (409 when stale).
    """

    permission_classes = [CanReadPeople]

    class UpdateSerializer(PersonInputSerializer):
        version = serializers.IntegerField(min_value=1, required=False)

        class Meta:
            ref_name = "PersonUpdate"

    def _get(self, pk: int) -> Person:
        person = person_get(pk=pk)
        if person is None:
            raise NotFoundError("no person with this id")
        return person

    @extend_schema(responses={200: PersonReadSerializer, 404: PROBLEM})
    def get(self, request: Request, pk: int) -> Response:
        with transaction.atomic():
            person = self._get(pk)
            audit_record(
                action="person.read",
                actor_id=request.user.pk,
                actor_name=request.user.get_username(),
                object_type="person",
                object_id=person.pk,
            )
        response = Response(one_person(request, person))
        response["ETag"] = entity_tag(
            kind="person", pk=person.pk, version=person.version
        )
        return response

    @extend_schema(
        request=UpdateSerializer,
        parameters=[IF_MATCH],
        responses={
            200: PersonReadSerializer,
            400: PROBLEM,
            404: PROBLEM,
            409: PROBLEM,
            412: PROBLEM,
            428: PROBLEM,
        },
    )
    def put(self, request: Request, pk: int) -> Response:
        person = self._get(pk)
        serializer = self.UpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if_match = if_match_versions(
            request.headers.get("If-Match"), kind="person", pk=person.pk
        )
        version = expected_version(
            if_match=if_match,
            body_version=serializer.validated_data.get("version"),
            current=person.version,
        )
        try:
            updated = person_update(
                person=person,
                expected_version=version,
                data=person_input(serializer.validated_data),
                actor=Actor.of_request(request),
                now=timezone.now(),
            )
        except ConflictError as error:
            if if_match is None:
                raise
            raise PreconditionFailedError(
                error.message, field_errors=error.field_errors
            ) from error
        response = Response(one_person(request, updated))
        response["ETag"] = entity_tag(
            kind="person", pk=updated.pk, version=updated.version
        )
        return response


class FamilyRegisterApi(APIView):
    """Register a family in one transaction: the first member is the head."""

    permission_classes = [CanReadPeople]

    class MemberSerializer(PersonInputSerializer):
        relation_to_head = serializers.CharField(max_length=16)

        class Meta:
            ref_name = "FamilyMemberInput"

    class FamilySerializer(StrictSerializer):
        registration = RegistrationInputSerializer()
        members = serializers.ListField(
            child=serializers.DictField(), min_length=1, max_length=20
        )

    @extend_schema(
        request=FamilySerializer,
        parameters=[IDEMPOTENCY_KEY],
        responses={
            201: PersonReadSerializer(many=True),
            400: PROBLEM,
            409: PROBLEM,
            422: PROBLEM,
        },
    )
    @idempotent
    def post(self, request: Request) -> Response:
        outer = self.FamilySerializer(data=request.data)
        outer.is_valid(raise_exception=True)
        members = []
        errors: dict[str, list[str]] = {}
        for index, raw in enumerate(outer.validated_data["members"]):
            member = self.MemberSerializer(data=raw)
            if member.is_valid():
                members.append(
                    FamilyMemberInput(
                        person=person_input(member.validated_data),
                        relation_to_head=member.validated_data["relation_to_head"],
                    )
                )
            else:
                for field, messages in member.errors.items():
                    errors.setdefault(f"members[{index}].{field}", []).extend(
                        str(message) for message in _messages(messages)
                    )
        if errors:
            raise InvalidInputError(
                "the family was not registered", field_errors=errors
            )
        people = family_register(
            members=members,
            registration=registration_input(outer.validated_data["registration"]),
            actor=Actor.of_request(request),
            now=timezone.now(),
        )
        return Response(people_data(request, people), status=201)


class HouseholdDetailApi(APIView):
    """A household and its members."""

    permission_classes = [CanReadPeople]

    @extend_schema(
        responses={
            200: inline_serializer(
                "Household",
                {
                    "reference": serializers.CharField(),
                    "members": PersonReadSerializer(many=True),
                },
            ),
            404: PROBLEM,
        }
    )
    def get(self, request: Request, pk: int) -> Response:
        with transaction.atomic():
            household = Household.objects.filter(pk=pk).first()
            if household is None:
                raise NotFoundError("no household with this id")
            audit_record(
                action="household.read",
                actor_id=request.user.pk,
                actor_name=request.user.get_username(),
                object_type="household",
                object_id=household.pk,
            )
        members = (
            household.members.filter(scope_q(request.user, "person", "read"))
            .select_related("household", "housed_at")
            .order_by("registration_number")
        )
        return Response(
            {
                "reference": household.reference,
                "members": people_data(request, members),
            }
        )


class LocationSerializer(serializers.ModelSerializer[Location]):
    occupancy = serializers.IntegerField(read_only=True)
    parent: serializers.SlugRelatedField[Location] = serializers.SlugRelatedField(  # type: ignore[assignment]  # a model field named parent
        slug_field="key", read_only=True, allow_null=True
    )

    class Meta:
        model = Location
        fields = ["key", "name", "kind", "parent", "country", "capacity", "occupancy"]


class LocationListApi(APIView):
    """Camps, sectors and reception centres with capacity and occupancy."""

    permission_classes = [CanReadCensus]

    @extend_schema(responses={200: LocationSerializer(many=True)})
    def get(self, request: Request) -> Response:
        return Response(LocationSerializer(locations_with_occupancy(), many=True).data)


class BedAssignApi(APIView):
    """Give a person a bed in a place: the bed named, or the first free one."""

    permission_classes = [CanReadPeople]

    class AssignSerializer(StrictSerializer):
        person = serializers.IntegerField(min_value=1)
        number = serializers.IntegerField(min_value=1, required=False)

    class BedSerializer(serializers.ModelSerializer[Bed]):
        location: serializers.SlugRelatedField[Location] = serializers.SlugRelatedField(
            slug_field="key", read_only=True
        )

        class Meta:
            model = Bed
            fields = ["location", "number", "person", "assigned_at"]

    @extend_schema(
        request=AssignSerializer,
        parameters=[IDEMPOTENCY_KEY],
        responses={
            201: BedSerializer,
            400: PROBLEM,
            404: PROBLEM,
            409: PROBLEM,
            422: PROBLEM,
        },
    )
    @idempotent
    def post(self, request: Request, key: str) -> Response:
        serializer = self.AssignSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        location = Location.objects.filter(key=key).first()
        if location is None:
            raise NotFoundError("no place with this key")
        person = (
            Person.objects.filter(pk=serializer.validated_data["person"])
            .filter(scope_q(request.user, "person", "update"))
            .first()
        )
        if person is None:
            raise InvalidInputError(
                "the bed was not assigned",
                field_errors={"person": ["no person with this id"]},
            )
        bed = bed_assign(
            location=location,
            person=person,
            number=serializer.validated_data.get("number"),
            actor=Actor.of_request(request),
            now=timezone.now(),
        )
        return Response(self.BedSerializer(bed).data, status=201)


class CensusApi(APIView):
    """Counts by age band, sex, nationality, need and child status, on a day."""

    permission_classes = [CanReadCensus]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "on",
                {"type": "string", "format": "date"},
                description="the day counted, YYYY-MM-DD, no later than today "
                "(today when not given): ages and child status are those of that day",
            )
        ],
        responses={
            200: inline_serializer(
                "Census",
                {
                    "as_of": serializers.DateField(),
                    "total": serializers.IntegerField(),
                    "unaccompanied_children": serializers.IntegerField(),
                    "without_housing": serializers.IntegerField(),
                    "age_disputed": serializers.IntegerField(),
                    "by_age_band": serializers.DictField(
                        child=serializers.IntegerField()
                    ),
                    "by_sex": serializers.DictField(child=serializers.IntegerField()),
                    "by_nationality": serializers.DictField(
                        child=serializers.IntegerField()
                    ),
                    "by_need": serializers.DictField(child=serializers.IntegerField()),
                    "by_child_status": serializers.DictField(
                        child=serializers.IntegerField()
                    ),
                },
            )
        },
    )
    def get(self, request: Request) -> Response:
        given = request.query_params.get("on")
        on, problem = census_day(given or "", today=timezone.localdate())
        if given is not None and not given.strip():
            # The page's empty date field means today; in the API a parameter given
            # empty is a mistake the client should hear of (its schema says a date).
            problem = gettext(
                "Date: give the day as YYYY-MM-DD, or leave it out for today."
            )
        if problem:
            raise InvalidInputError(problem, field_errors={"on": [problem]})
        census = census_get(today=on)
        return Response(
            {
                "as_of": census.as_of,
                "total": census.total,
                "unaccompanied_children": census.unaccompanied_children,
                "without_housing": census.without_housing,
                "age_disputed": census.age_disputed,
                "by_age_band": dict(census.by_age_band),
                "by_sex": dict(census.by_sex),
                "by_nationality": dict(census.by_nationality),
                "by_need": dict(census.by_need),
                "by_child_status": dict(census.by_child_status),
            }
        )
