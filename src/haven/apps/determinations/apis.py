"""
The determination endpoints of the v1 API: facts, determinations, Dublin requests.

Invalid facts come back as problem+json naming each fact by its JSON path in the
facts document, e.g. ``$.applicant.date_of_birth``.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema, inline_serializer
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
from haven.apps.core.actors import Actor
from haven.apps.core.apis import PROBLEM
from haven.apps.determinations.models import Determination, DublinRequest
from haven.apps.determinations.selectors import (
    determination_facts_from_record,
    determination_latest,
    determination_list,
    dublin_request_get,
    dublin_request_tracker,
    request_reply_deadline,
)
from haven.apps.determinations.services import (
    determination_create,
    determination_stale,
    dublin_request_create,
    dublin_request_reply_record,
    facts_merge,
)
from haven.apps.errors import NotFoundError
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


class DublinRequestOutputSerializer(serializers.ModelSerializer[DublinRequest]):
    reply_due = serializers.SerializerMethodField()
    reply_rule = serializers.SerializerMethodField()

    class Meta:
        model = DublinRequest
        fields = [
            "id",
            "person",
            "kind",
            "regime",
            "requesting_state",
            "requested_state",
            "sent",
            "urgent",
            "eurodac_hit",
            "reply",
            "reply_date",
            "status",
            "reply_due",
            "reply_rule",
        ]

    def get_reply_due(self, obj: DublinRequest) -> str:
        return request_reply_deadline(obj).due.isoformat()

    def get_reply_rule(self, obj: DublinRequest) -> str:
        return str(request_reply_deadline(obj).citation)


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


class DublinRequestTrackerApi(APIView):
    """Every open request with its next deadline, most urgent first."""

    permission_classes = [CanTrackRequests]

    @extend_schema(
        responses={
            200: inline_serializer(
                "TrackedRequest",
                {
                    "request": DublinRequestOutputSerializer(),
                    "deadline": serializers.CharField(),
                    "due": serializers.DateField(),
                    "rule": serializers.CharField(),
                    "days_left": serializers.IntegerField(),
                    "overdue": serializers.BooleanField(),
                },
                many=True,
            ),
            403: PROBLEM,
        }
    )
    def get(self, request: Request) -> Response:
        tracked = dublin_request_tracker(
            today=timezone.localdate(),
            within=scope_q(request.user, "dublin_request", "read"),
        )
        return Response(
            [
                {
                    "request": DublinRequestOutputSerializer(item.request).data,
                    "deadline": item.deadline.name,
                    "due": item.deadline.due.isoformat(),
                    "rule": str(item.deadline.citation),
                    "days_left": item.days_left,
                    "overdue": item.overdue,
                }
                for item in tracked
            ]
        )


class DublinRequestCreateApi(APIView):
    """Record a take-charge or take-back request sent for a person."""

    permission_classes = [CanTrackRequests]

    class InputSerializer(serializers.Serializer[Any]):
        kind = serializers.ChoiceField(choices=DublinRequest.Kind.choices)
        requesting_state = serializers.CharField(min_length=2, max_length=2)
        requested_state = serializers.CharField(min_length=2, max_length=2)
        sent = serializers.DateField()
        urgent = serializers.BooleanField(default=False)
        eurodac_hit = serializers.BooleanField(default=False)

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
        created = dublin_request_create(
            person=person,
            actor=Actor.of_request(request),
            now=timezone.now(),
            **serializer.validated_data,
        )
        return Response(DublinRequestOutputSerializer(created).data, status=201)


class DublinRequestReplyApi(APIView):
    """Record the requested state's reply to a request."""

    permission_classes = [CanTrackRequests]

    class InputSerializer(serializers.Serializer[Any]):
        reply = serializers.ChoiceField(choices=["accepted", "refused"])
        reply_date = serializers.DateField()

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
        item = dublin_request_get(pk=pk)
        if item is None:
            raise NotFoundError("no request with this id")
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        updated = dublin_request_reply_record(
            request=item,
            actor=Actor.of_request(request),
            now=timezone.now(),
            **serializer.validated_data,
        )
        return Response(DublinRequestOutputSerializer(updated).data)
