"""
The ledger and allocation endpoints of the v1 API.

Planners and supervisors write; government liaison officers read. Services check the
meaning of every input and raise ``ApplicationError`` (problem+json).
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from haven.apps.accounts.roles import may_read_ledger, may_write_ledger
from haven.apps.core.actors import Actor
from haven.apps.core.apis import PROBLEM
from haven.apps.errors import NotFoundError, PermissionDeniedError
from haven.apps.jobs.apis import JobOutputSerializer, job_payload
from haven.apps.jobs.services import job_enqueue
from haven.apps.people.models import Household, Person
from haven.apps.placements.jobs import KIND as ALLOCATION_RUN
from haven.apps.placements.models import AllocationRun, Placement, Pledge
from haven.apps.placements.runs import run_override
from haven.apps.placements.selectors import (
    pledge_list,
    run_get,
    scheme_get,
    scheme_list,
    scheme_summary,
)
from haven.apps.placements.services import placement_record, pledge_create
from haven.engines.allocation import OBJECTIVES, SOLVERS


class CanUseLedger(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return may_read_ledger(request.user)
        return may_write_ledger(request.user)


def _scheme(key: str) -> Any:
    scheme = scheme_get(key=key)
    if scheme is None:
        raise NotFoundError("no scheme with this key")
    return scheme


def _user_id(request: Request) -> int:
    user_id = request.user.pk
    if user_id is None:  # CanUseLedger lets in staff users only
        raise PermissionDeniedError("log in first")
    return int(user_id)


class SchemeOutputSerializer(serializers.Serializer[Any]):
    key = serializers.CharField(source="scheme.key")
    name = serializers.CharField(source="scheme.name")
    legal_basis = serializers.CharField(source="scheme.legal_basis")
    cap = serializers.IntegerField(source="scheme.cap", allow_null=True)
    cap_remaining = serializers.IntegerField(allow_null=True)
    caps = serializers.SerializerMethodField()
    places_pledged = serializers.IntegerField()
    places_delivered = serializers.IntegerField()
    places_remaining = serializers.IntegerField()

    def get_caps(self, summary: Any) -> list[dict[str, Any]]:
        return [
            {"effective_from": day.isoformat(), "places": places}
            for day, places in summary.caps
        ]


class PledgeOutputSerializer(serializers.ModelSerializer[Pledge]):
    scheme = serializers.CharField(source="scheme.key")
    places_remaining = serializers.IntegerField()

    class Meta:
        model = Pledge
        fields = [
            "id",
            "scheme",
            "pledger_kind",
            "pledger",
            "country",
            "kind",
            "places",
            "places_delivered",
            "places_remaining",
            "amount",
            "currency",
            "period_start",
            "period_end",
            "pledged_on",
        ]


class SchemeListApi(APIView):
    """Every scheme with its cap history and places pledged, delivered, remaining."""

    permission_classes = [CanUseLedger]

    @extend_schema(responses={200: SchemeOutputSerializer(many=True)})
    def get(self, request: Request) -> Response:
        summaries = [scheme_summary(scheme=scheme) for scheme in scheme_list()]
        return Response(SchemeOutputSerializer(summaries, many=True).data)


class PledgeListCreateApi(APIView):
    """List the pledges (of one scheme with ``?scheme=``), or record a pledge."""

    permission_classes = [CanUseLedger]

    class InputSerializer(serializers.Serializer[Any]):
        scheme = serializers.SlugField()
        pledger_kind = serializers.ChoiceField(choices=Pledge.PledgerKind.choices)
        pledger = serializers.CharField(max_length=200)
        country = serializers.CharField(max_length=2)
        kind = serializers.ChoiceField(choices=Pledge.Kind.choices)
        places = serializers.IntegerField(min_value=0, default=0)
        amount = serializers.DecimalField(
            max_digits=14, decimal_places=2, required=False, allow_null=True
        )
        currency = serializers.CharField(max_length=3, default="", allow_blank=True)
        period_start = serializers.DateField()
        period_end = serializers.DateField()
        pledged_on = serializers.DateField()

        class Meta:
            ref_name = "PledgeInput"

    @extend_schema(
        parameters=[OpenApiParameter("scheme", str, required=False)],
        responses={200: PledgeOutputSerializer(many=True), 404: PROBLEM},
    )
    def get(self, request: Request) -> Response:
        key = request.query_params.get("scheme", "")
        pledges = pledge_list(scheme=_scheme(key) if key else None)
        return Response(PledgeOutputSerializer(pledges, many=True).data)

    @extend_schema(
        request=InputSerializer,
        responses={201: PledgeOutputSerializer, 400: PROBLEM, 404: PROBLEM},
    )
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        pledge = pledge_create(
            scheme=_scheme(data.pop("scheme")), amount=data.pop("amount", None), **data
        )
        return Response(PledgeOutputSerializer(pledge).data, status=201)


class PlacementCreateApi(APIView):
    """Place one person or one household against a pledge (409 beyond it or the cap)."""

    permission_classes = [CanUseLedger]

    class InputSerializer(serializers.Serializer[Any]):
        pledge = serializers.IntegerField()
        person = serializers.IntegerField(required=False, allow_null=True)
        household = serializers.IntegerField(required=False, allow_null=True)
        placed_on = serializers.DateField(required=False)

        class Meta:
            ref_name = "PlacementInput"

    class OutputSerializer(serializers.ModelSerializer[Placement]):
        class Meta:
            model = Placement
            fields = ["id", "pledge", "person", "household", "places", "placed_on"]
            ref_name = "Placement"

    @extend_schema(
        request=InputSerializer,
        responses={201: OutputSerializer, 400: PROBLEM, 404: PROBLEM, 409: PROBLEM},
    )
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        person = household = None
        if data.get("person") is not None:
            person = Person.objects.filter(pk=data["person"]).first()
            if person is None:
                raise NotFoundError("no person with this id")
        if data.get("household") is not None:
            household = Household.objects.filter(pk=data["household"]).first()
            if household is None:
                raise NotFoundError("no household with this id")
        placement = placement_record(
            pledge_id=data["pledge"],
            person=person,
            household=household,
            placed_on=data.get("placed_on") or timezone.localdate(),
            actor=Actor.of_request(request),
        )
        return Response(self.OutputSerializer(placement).data, status=201)


class RunOutputSerializer(serializers.ModelSerializer[AllocationRun]):
    scheme = serializers.CharField(source="scheme.key", allow_null=True)

    class Meta:
        model = AllocationRun
        fields = [
            "id",
            "created_at",
            "scheme",
            "source",
            "solver",
            "objective_name",
            "objective",
            "lp_bound",
            "best_bound",
            "gap",
            "proven_optimal",
            "families_placed",
            "persons_placed",
            "persons_unplaced",
            "report",
            "recorded_at",
        ]


class AllocationRunCreateApi(APIView):
    """Run the optimiser on the families not yet placed and a scheme's pledges."""

    permission_classes = [CanUseLedger]

    class InputSerializer(serializers.Serializer[Any]):
        scheme = serializers.SlugField()
        solver = serializers.ChoiceField(choices=SOLVERS, default="flow")
        objective = serializers.ChoiceField(choices=tuple(OBJECTIVES), default="mix")

        class Meta:
            ref_name = "AllocationRunInput"

    @extend_schema(
        request=InputSerializer,
        responses={202: JobOutputSerializer, 400: PROBLEM, 403: PROBLEM, 404: PROBLEM},
        description="Queues the run as a background job (docs/adr/0036) and answers "
        "202 with the job; poll `Location` (the job) until its `state` is final, "
        "then read the run named by `result.run_id`.",
    )
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        scheme = _scheme(data["scheme"])
        _user_id(request)
        job = job_enqueue(
            kind=ALLOCATION_RUN,
            params={
                "scheme": scheme.key,
                "solver": data["solver"],
                "objective": data["objective"],
            },
            actor=Actor.of_request(request),
        )
        return Response(
            job_payload(job),
            status=202,
            headers={"Location": reverse("v1:job_detail", kwargs={"pk": job.pk})},
        )


class AllocationRunDetailApi(APIView):
    """One allocation run: figures, assignments with reasons, the unplaced."""

    permission_classes = [CanUseLedger]

    @extend_schema(responses={200: RunOutputSerializer, 404: PROBLEM})
    def get(self, request: Request, pk: int) -> Response:
        run = run_get(pk=pk)
        if run is None:
            raise NotFoundError("no allocation run with this id")
        return Response(RunOutputSerializer(run).data)


class RunOverrideCreateApi(APIView):
    """Change one family's placement in a run; the reason is mandatory."""

    permission_classes = [CanUseLedger]

    class InputSerializer(serializers.Serializer[Any]):
        family_id = serializers.CharField(max_length=64)
        place_id = serializers.CharField(max_length=64, allow_blank=True)
        reason = serializers.CharField(max_length=2000)

        class Meta:
            ref_name = "RunOverrideInput"

    class OutputSerializer(serializers.Serializer[Any]):
        family_id = serializers.CharField()
        proposed_place = serializers.CharField()
        place = serializers.CharField()
        reason = serializers.CharField()
        overridden_at = serializers.DateTimeField()

        class Meta:
            ref_name = "RunOverride"

    @extend_schema(
        request=InputSerializer,
        responses={201: OutputSerializer, 400: PROBLEM, 404: PROBLEM, 409: PROBLEM},
    )
    def post(self, request: Request, pk: int) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        override = run_override(
            run_id=pk,
            family_id=data["family_id"],
            place_id=data["place_id"],
            reason=data["reason"],
            overridden_by_id=_user_id(request),
            now=timezone.now(),
        )
        return Response(self.OutputSerializer(override).data, status=201)
