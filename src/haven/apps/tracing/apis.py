"""
The tracing endpoints of the v1 API: requests, their search, candidates, decisions.

Names travel in request bodies only, never in URLs. A search without the person's
consent to tracing answers 409 problem+json with code ``tracing_consent_missing``.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from haven.apps.accounts.roles import may_trace
from haven.apps.audit.services import audit_record
from haven.apps.core.actors import Actor
from haven.apps.core.apis import PROBLEM
from haven.apps.errors import NotFoundError
from haven.apps.people.selectors import person_get
from haven.apps.tracing.models import Candidate, MatchDecision, TracingRequest
from haven.apps.tracing.selectors import (
    candidate_get,
    candidate_list,
    tracing_request_get,
)
from haven.apps.tracing.services import (
    match_decide,
    tracing_request_create,
    tracing_request_search,
)


class CanTrace(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return may_trace(request.user)


def _request(pk: int) -> TracingRequest:
    item = tracing_request_get(pk=pk)
    if item is None:
        raise NotFoundError("no tracing request with this id")
    return item


class TracingRequestOutputSerializer(serializers.ModelSerializer[TracingRequest]):
    class Meta:
        model = TracingRequest
        fields = [
            "id",
            "person",
            "requested_by",
            "relation",
            "name_as_remembered",
            "approx_age",
            "last_known_city",
            "nationality",
            "remembered",
            "status",
            "probability_absent",
            "created_at",
            "searched_at",
        ]


class ContributionSerializer(serializers.Serializer[Any]):
    field = serializers.CharField()
    level = serializers.CharField()
    match_weight = serializers.FloatField()


class CandidateOutputSerializer(serializers.ModelSerializer[Candidate]):
    person = serializers.IntegerField(source="registration.person_id")
    contributions = ContributionSerializer(many=True)

    class Meta:
        model = Candidate
        fields = [
            "id",
            "rank",
            "probability",
            "registration",
            "person",
            "contributions",
        ]


class TracingRequestCreateApi(APIView):
    """Record a request to find a relative of a person."""

    permission_classes = [CanTrace]

    class TracingRequestInputSerializer(serializers.Serializer[Any]):
        requested_by = serializers.CharField(max_length=200)
        relation = serializers.ChoiceField(choices=TracingRequest.Relation.choices)
        name_as_remembered = serializers.CharField(max_length=300)
        approx_age = serializers.IntegerField(
            required=False, allow_null=True, default=None
        )
        last_known_city = serializers.CharField(
            max_length=120, required=False, default="", allow_blank=True
        )
        nationality = serializers.CharField(
            max_length=2, required=False, default="", allow_blank=True
        )
        remembered = serializers.CharField(required=False, default="", allow_blank=True)

    InputSerializer = TracingRequestInputSerializer

    @extend_schema(
        request=InputSerializer,
        responses={
            201: TracingRequestOutputSerializer,
            400: PROBLEM,
            403: PROBLEM,
            404: PROBLEM,
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        person = person_get(pk=pk)
        if person is None:
            raise NotFoundError("no person with this id")
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        created = tracing_request_create(
            person=person,
            actor=Actor.of_request(request),
            now=timezone.now(),
            **serializer.validated_data,
        )
        return Response(TracingRequestOutputSerializer(created).data, status=201)


class TracingRequestSearchApi(APIView):
    """Search the registry of relatives abroad; return the ranked candidates."""

    permission_classes = [CanTrace]

    @extend_schema(
        request=None,
        responses={
            200: CandidateOutputSerializer(many=True),
            403: PROBLEM,
            404: PROBLEM,
            409: PROBLEM,
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        item = tracing_request_search(
            request=_request(pk),
            actor=Actor.of_request(request),
            now=timezone.now(),
            today=timezone.localdate(),
        )
        rows = candidate_list(request=item)
        return Response(CandidateOutputSerializer(rows, many=True).data)


class CandidateListApi(APIView):
    """The candidates of a request, with each field's contribution."""

    permission_classes = [CanTrace]

    @extend_schema(
        responses={
            200: CandidateOutputSerializer(many=True),
            403: PROBLEM,
            404: PROBLEM,
        }
    )
    def get(self, request: Request, pk: int) -> Response:
        item = _request(pk)
        with transaction.atomic():
            audit_record(
                action="tracing_request.read",
                actor_id=getattr(request.user, "pk", None),
                actor_name=request.user.get_username(),
                object_type="tracing_request",
                object_id=item.pk,
            )
        rows = candidate_list(request=item)
        return Response(CandidateOutputSerializer(rows, many=True).data)


class MatchDecisionCreateApi(APIView):
    """Confirm or reject a candidate, with the reason."""

    permission_classes = [CanTrace]

    class MatchDecisionInputSerializer(serializers.Serializer[Any]):
        decision = serializers.ChoiceField(choices=MatchDecision.Decision.choices)
        reason = serializers.CharField(max_length=1000)

    class MatchDecisionOutputSerializer(serializers.ModelSerializer[MatchDecision]):
        class Meta:
            model = MatchDecision
            fields = ["id", "candidate", "decision", "reason", "decided_at"]

    InputSerializer = MatchDecisionInputSerializer
    OutputSerializer = MatchDecisionOutputSerializer

    @extend_schema(
        request=InputSerializer,
        responses={201: OutputSerializer, 400: PROBLEM, 403: PROBLEM, 404: PROBLEM},
    )
    def post(self, request: Request, pk: int) -> Response:
        candidate = candidate_get(pk=pk)
        if candidate is None:
            raise NotFoundError("no candidate with this id")
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        made = match_decide(
            candidate=candidate,
            actor=Actor.of_request(request),
            now=timezone.now(),
            **serializer.validated_data,
        )
        return Response(self.OutputSerializer(made).data, status=201)
