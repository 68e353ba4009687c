"""
The determination endpoints of the v1 API: facts, determinations, Dublin requests.

Invalid facts come back as problem+json naming each fact by its JSON path in the
facts document, e.g. ``$.applicant.date_of_birth``.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from haven.apps.accounts.policy import scope_q
from haven.apps.accounts.roles import (
    may_determine,
    may_record_requests,
    may_track_requests,
)
from haven.apps.cases.apis import DublinRequestOutputSerializer
from haven.apps.cases.models import DublinRequest
from haven.apps.cases.selectors import request_get, request_tracker
from haven.apps.cases.services import (
    REPLY_STATES,
    request_reply,
    request_transition,
    request_withdraw,
)
from haven.apps.core.actors import Actor
from haven.apps.core.apis import PROBLEM
from haven.apps.core.views import audit_read
from haven.apps.determinations.models import Determination
from haven.apps.determinations.selectors import (
    determination_facts_from_record,
    determination_latest,
    determination_list,
)
from haven.apps.determinations.services import (
    determination_create,
    determination_stale,
    facts_merge,
    request_draft,
)
from haven.apps.errors import InvalidInputError, NotFoundError
from haven.apps.people.models import Person
from haven.apps.people.selectors import person_get


class CanDetermine(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return may_determine(request.user)


class CanTrackRequests(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return may_track_requests(request.user)
        return may_record_requests(request.user)


def _person(pk: int) -> Person:
    person = person_get(pk=pk)
    if person is None:
        raise NotFoundError("no person with this id")
    return person


class DeterminationOutputSerializer(serializers.ModelSerializer[Determination]):
    determined_by: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )

    class Meta:
        model = Determination
        fields = [
            "id",
            "person",
            "regime",
            "responsible_state",
            "article",
            "result",
            "facts",
            "edits",
            "facts_hash",
            "engine_version",
            "determination_date",
            "determined_at",
            "determined_by",
        ]


class DeterminationFactsApi(APIView):
    """The facts the person's record gives, with the latest edits laid over them."""

    permission_classes = [CanDetermine]

    @extend_schema(
        responses={
            200: inline_serializer(
                "DeterminationFacts",
                {
                    "facts": serializers.DictField(),
                    "record": serializers.DictField(),
                    "edits": serializers.DictField(),
                    "stale": serializers.BooleanField(),
                },
            ),
            403: PROBLEM,
            404: PROBLEM,
        }
    )
    def get(self, request: Request, pk: int) -> Response:
        person = _person(pk)
        record = determination_facts_from_record(person=person)
        latest = determination_latest(person=person)
        edits = latest.edits if latest is not None else {}
        return Response(
            {
                "facts": facts_merge(record, edits),
                "record": record,
                "edits": edits,
                "stale": determination_stale(person=person),
            }
        )


class DeterminationListCreateApi(APIView):
    """
    List a person's determinations, or determine again.

    POST takes either ``facts`` (the whole facts document as edited) or ``edits``
    (changes laid over the facts the record gives); with neither, the latest edits
    are applied again. The same facts on the same day give the stored result (200).
    """

    permission_classes = [CanDetermine]

    class InputSerializer(serializers.Serializer[Any]):
        facts = serializers.JSONField(required=False)
        edits = serializers.JSONField(required=False)

        class Meta:
            ref_name = "DeterminationCreate"

    @extend_schema(responses={200: DeterminationOutputSerializer(many=True)})
    def get(self, request: Request, pk: int) -> Response:
        person = _person(pk)
        return Response(
            DeterminationOutputSerializer(
                determination_list(person=person), many=True
            ).data
        )

    @extend_schema(
        request=InputSerializer,
        responses={
            200: DeterminationOutputSerializer,
            201: DeterminationOutputSerializer,
            400: PROBLEM,
            403: PROBLEM,
            404: PROBLEM,
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        person = _person(pk)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        run = determination_create(
            person=person,
            actor=Actor.of_request(request),
            facts=serializer.validated_data.get("facts"),
            edits=serializer.validated_data.get("edits"),
            now=timezone.now(),
        )
        return Response(
            DeterminationOutputSerializer(run.determination).data,
            status=200 if run.reused else 201,
        )


def _request(pk: int) -> DublinRequest:
    item = request_get(pk=pk)
    if item is None:
        raise NotFoundError("no request with this id")
    return item


def _acting(request: Request) -> dict[str, Any]:
    return {"actor": Actor.of_request(request), "now": timezone.now()}


class DublinRequestTrackerApi(APIView):
    """
    Every request, drafted and sent, with its next limit, most urgent first;
    closed ones too with ``?closed=1``.
    """

    permission_classes = [CanTrackRequests]

    class QuerySerializer(serializers.Serializer[Any]):
        closed = serializers.BooleanField(default=False)

        class Meta:
            ref_name = "DublinRequestTrackerQuery"

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "closed", bool, description="also list closed requests (1)"
            )
        ],
        responses={200: DublinRequestOutputSerializer(many=True), 403: PROBLEM},
    )
    def get(self, request: Request) -> Response:
        query = self.QuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        tracked = request_tracker(
            today=timezone.localdate(),
            within=scope_q(request.user, "dublin_request", "read"),
            closed=query.validated_data["closed"],
        )
        with transaction.atomic():
            for item in tracked:
                audit_read(request, "person", item.request.case.person_id)
        return Response(
            DublinRequestOutputSerializer(
                [item.request for item in tracked], many=True
            ).data
        )


class DublinRequestDetailApi(APIView):
    """One request, with every limit it has had."""

    permission_classes = [CanTrackRequests]

    @extend_schema(
        responses={200: DublinRequestOutputSerializer, 403: PROBLEM, 404: PROBLEM}
    )
    def get(self, request: Request, pk: int) -> Response:
        item = _request(pk)
        with transaction.atomic():
            audit_read(request, "person", item.case.person_id)
        return Response(DublinRequestOutputSerializer(item).data)


class DublinRequestCreateApi(APIView):
    """
    Draft a request from the person's latest determination. Every field is
    optional: what is left out comes from the determination.
    """

    permission_classes = [CanTrackRequests]

    class InputSerializer(serializers.Serializer[Any]):
        kind = serializers.ChoiceField(
            choices=DublinRequest.Kind.choices, required=False
        )
        requesting_state = serializers.CharField(
            min_length=2, max_length=2, required=False
        )
        requested_state = serializers.CharField(
            min_length=2, max_length=2, required=False
        )
        legal_basis = serializers.CharField(
            max_length=200, required=False, allow_blank=True
        )
        lodged_on = serializers.DateField(required=False)
        eurodac_hit_on = serializers.DateField(required=False)
        urgent = serializers.BooleanField(default=False)
        refers_to = serializers.IntegerField(required=False)

        class Meta:
            ref_name = "DublinRequestCreate"

    @extend_schema(
        request=InputSerializer,
        responses={
            201: DublinRequestOutputSerializer,
            400: PROBLEM,
            403: PROBLEM,
            404: PROBLEM,
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        person = _person(pk)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        determination = determination_latest(person=person)
        if determination is None:
            raise InvalidInputError(
                "the request was not saved",
                field_errors={
                    "determination": ["determine responsibility before a request"]
                },
            )
        refers_to = None
        if "refers_to" in data:
            refers_to = request_get(pk=data.pop("refers_to"))
            if refers_to is None or refers_to.case.person_id != person.pk:
                raise InvalidInputError(
                    "the request was not saved",
                    field_errors={"refers_to": ["no such request of this person"]},
                )
        for name in ("requesting_state", "requested_state"):
            if name in data:
                data[name] = str(data[name]).upper()
        created = request_draft(
            determination=determination,
            actor=Actor.of_request(request),
            now=timezone.now(),
            refers_to=refers_to,
            **data,
        )
        return Response(DublinRequestOutputSerializer(created).data, status=201)


class DublinRequestReplyApi(APIView):
    """
    Record the requested state's reply. The reply is required: there is no
    default, and a reply the request cannot take is refused naming the ones it can.
    """

    permission_classes = [CanTrackRequests]

    class InputSerializer(serializers.Serializer[Any]):
        reply = serializers.ChoiceField(choices=DublinRequest.Reply.choices)
        replied_on = serializers.DateField()

        class Meta:
            ref_name = "DublinRequestReply"

    @extend_schema(
        request=InputSerializer,
        responses={
            200: DublinRequestOutputSerializer,
            400: PROBLEM,
            403: PROBLEM,
            404: PROBLEM,
            409: PROBLEM,
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        item = _request(pk)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        updated = request_reply(
            request=item, **serializer.validated_data, **_acting(request)
        )
        return Response(DublinRequestOutputSerializer(updated).data)


class DublinRequestStepApi(APIView):
    """
    Take one step of a request: send it, record its receipt, withdraw a draft
    (with its reason), or a step of the transfer. Replies go to ``reply/``.
    """

    permission_classes = [CanTrackRequests]

    class InputSerializer(serializers.Serializer[Any]):
        target = serializers.ChoiceField(choices=DublinRequest.State.choices)
        reason = serializers.CharField(max_length=500)
        on = serializers.DateField(required=False)

        class Meta:
            ref_name = "DublinRequestStep"

    @extend_schema(
        request=InputSerializer,
        responses={
            200: DublinRequestOutputSerializer,
            400: PROBLEM,
            403: PROBLEM,
            404: PROBLEM,
            409: PROBLEM,
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        item = _request(pk)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if data["target"] in REPLY_STATES:
            raise InvalidInputError(
                "the step was not recorded",
                field_errors={"target": ["record a reply through reply/"]},
            )
        if data["target"] == DublinRequest.State.WITHDRAWN:
            updated = request_withdraw(
                request=item, reason=data["reason"], **_acting(request)
            )
        else:
            updated = request_transition(
                request=item,
                target=data["target"],
                reason=data["reason"],
                on=data.get("on"),
                **_acting(request),
            )
        return Response(DublinRequestOutputSerializer(updated).data)
