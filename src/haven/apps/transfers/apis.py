"""
The transfer endpoints of the v1 API: manifests, custody check-out and check-in,
departure, open missing-person alerts and their escalation.

People are named by registration number in request bodies, never in URLs. Reading
a manifest or the open alerts first runs ``missing_sweep``, as the pages do, so
nobody overdue is shown as still on the way.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from django.db import transaction
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from haven.apps.accounts.policy import scope_q
from haven.apps.accounts.roles import may_run_transfers, role_of
from haven.apps.core.actors import Actor
from haven.apps.core.apis import (
    found,
    problems,
    role_permission,
    validated,
)
from haven.apps.core.views import audit_read
from haven.apps.errors import InvalidInputError
from haven.apps.operations.apis import IDEMPOTENCY_KEY, idempotent
from haven.apps.people.models import Location
from haven.apps.transfers.models import (
    Escort,
    Manifest,
    ManifestEntry,
    MissingPersonAlert,
)
from haven.apps.transfers.selectors import (
    alert_get,
    entry_get,
    manifest_get,
    open_alerts,
)
from haven.apps.transfers.services import (
    alert_escalate,
    custody_check_in,
    custody_check_out,
    custody_report_missing,
    manifest_create,
    manifest_depart,
    manifest_entry_add,
    missing_sweep,
)
from haven.engines.workflow import ALERT

CanRunTransfers = role_permission(may_run_transfers)


def _within(request: Request) -> Any:
    """The people in the caller's scope for running transfers (policy.toml)."""
    return scope_q(request.user, "transfer", "run", record="person")


def _manifest(pk: int, within: Any = None) -> Manifest:
    return found(manifest_get(pk=pk, within=within), "no manifest with this id")


def _entry(manifest_pk: int, pk: int, within: Any) -> ManifestEntry:
    return found(
        entry_get(manifest_pk=manifest_pk, pk=pk, within=within),
        "this manifest has no line with this id",
    )


def _alert_output(alert: MissingPersonAlert, request: Request) -> Any:
    return MissingPersonAlertOutputSerializer(
        alert, context={"role": role_of(request.user)}
    ).data


class EscortOutputSerializer(serializers.ModelSerializer[Escort]):
    class Meta:
        model = Escort
        fields = ["id", "name", "agency"]


class ManifestEntryOutputSerializer(serializers.ModelSerializer[ManifestEntry]):
    registration_number = serializers.CharField(
        source="person.registration_number", read_only=True
    )
    destination: serializers.SlugRelatedField[Location] = serializers.SlugRelatedField(
        slug_field="key", read_only=True
    )

    class Meta:
        model = ManifestEntry
        fields = [
            "id",
            "manifest",
            "person",
            "registration_number",
            "destination",
            "escort",
            "state",
            "checked_out_at",
            "check_in_due",
            "checked_in_at",
        ]


class ManifestOutputSerializer(serializers.ModelSerializer[Manifest]):
    origin: serializers.SlugRelatedField[Location] = serializers.SlugRelatedField(
        slug_field="key", read_only=True
    )
    escorts = EscortOutputSerializer(many=True, read_only=True)
    entries = ManifestEntryOutputSerializer(many=True, read_only=True)

    class Meta:
        model = Manifest
        fields = [
            "id",
            "reference",
            "mode",
            "origin",
            "departure_planned",
            "departed_at",
            "check_in_within_hours",
            "state",
            "created_at",
            "created_by",
            "escorts",
            "entries",
        ]


class MissingPersonAlertOutputSerializer(
    serializers.ModelSerializer[MissingPersonAlert]
):
    manifest = serializers.CharField(source="entry.manifest.reference", read_only=True)
    next_states = serializers.SerializerMethodField()

    class Meta:
        model = MissingPersonAlert
        fields = [
            "id",
            "entry",
            "manifest",
            "person",
            "state",
            "raised_at",
            "raised_by",
            "police_reference",
            "referral_reference",
            "closed_at",
            "next_states",
        ]

    def get_next_states(self, alert: MissingPersonAlert) -> list[str]:
        """Return the escalation steps the caller's role may take from here."""
        return list(ALERT.targets(alert.state, role=self.context.get("role", "")))


class EscortInputSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=150)
    agency = serializers.CharField(max_length=150)

    class Meta:
        ref_name = "EscortInput"


class ManifestCreateApi(APIView):
    """Plan a group move from a place, with its escorts; people are added after."""

    permission_classes = [CanRunTransfers]

    class InputSerializer(serializers.Serializer[Any]):
        mode = serializers.ChoiceField(choices=Manifest.Mode.choices)
        origin_key = serializers.CharField(max_length=80)
        departure_planned = serializers.DateTimeField()
        check_in_within_hours = serializers.IntegerField(default=12)
        escorts = EscortInputSerializer(many=True)

        class Meta:
            ref_name = "ManifestCreate"

    @extend_schema(
        request=InputSerializer,
        parameters=[IDEMPOTENCY_KEY],
        responses={201: ManifestOutputSerializer, **problems(400, 403, 422)},
    )
    @idempotent
    def post(self, request: Request) -> Response:
        data = validated(self.InputSerializer, request)
        manifest = manifest_create(
            mode=data["mode"],
            origin_key=data["origin_key"],
            departure_planned=data["departure_planned"],
            check_in_within_hours=data["check_in_within_hours"],
            escorts=[(e["name"], e["agency"]) for e in data["escorts"]],
            now=timezone.now(),
            actor=Actor.of_request(request),
        )
        return Response(
            ManifestOutputSerializer(_manifest(manifest.pk, _within(request))).data,
            status=201,
        )


class ManifestDetailApi(APIView):
    """One manifest with its escorts and each person's custody state."""

    permission_classes = [CanRunTransfers]

    @extend_schema(responses={200: ManifestOutputSerializer, **problems(403, 404)})
    def get(self, request: Request, pk: int) -> Response:
        missing_sweep(now=timezone.now())
        manifest = _manifest(pk, _within(request))
        with transaction.atomic():
            audit_read(request, "manifest", pk)
        return Response(ManifestOutputSerializer(manifest).data)


class ManifestEntryAddApi(APIView):
    """Put a person on a manifest, by registration number, with a destination."""

    permission_classes = [CanRunTransfers]

    class InputSerializer(serializers.Serializer[Any]):
        registration_number = serializers.CharField(max_length=24)
        destination_key = serializers.CharField(max_length=80)
        escort = serializers.IntegerField(
            min_value=1, required=False, allow_null=True, default=None
        )
        override_reason = serializers.CharField(
            max_length=2000, required=False, allow_blank=True, default=""
        )

        class Meta:
            ref_name = "ManifestEntryAdd"

    @extend_schema(
        request=InputSerializer,
        parameters=[IDEMPOTENCY_KEY],
        responses={
            201: ManifestEntryOutputSerializer,
            **problems(400, 403, 404, 422),
        },
    )
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        manifest = _manifest(pk)
        data = validated(self.InputSerializer, request)
        escort = None
        if data["escort"] is not None:
            escort = Escort.objects.filter(pk=data["escort"]).first()
            if escort is None:
                raise InvalidInputError(
                    "the person was not added",
                    field_errors={"escort": ["no escort with this id"]},
                )
        entry = manifest_entry_add(
            manifest=manifest,
            registration_number=data["registration_number"],
            destination_key=data["destination_key"],
            escort=escort,
            override_reason=data["override_reason"],
            now=timezone.now(),
            actor=Actor.of_request(request),
            within=_within(request),
        )
        return Response(ManifestEntryOutputSerializer(entry).data, status=201)


class ManifestDepartApi(APIView):
    """
    Record the departure as confirmed: people checked out are in transit, and the
    lines named in ``did_not_board`` (exactly those not checked out) are reported
    missing, each with an alert.
    """

    permission_classes = [CanRunTransfers]

    class InputSerializer(serializers.Serializer[Any]):
        did_not_board = serializers.ListField(
            child=serializers.IntegerField(min_value=1), max_length=500
        )

        class Meta:
            ref_name = "ManifestDepart"

    @extend_schema(
        request=InputSerializer,
        responses={200: ManifestOutputSerializer, **problems(400, 403, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        manifest = _manifest(pk)
        data = validated(self.InputSerializer, request)
        manifest = manifest_depart(
            manifest=manifest,
            did_not_board=data["did_not_board"],
            now=timezone.now(),
            actor=Actor.of_request(request),
            within=_within(request),
        )
        return Response(
            ManifestOutputSerializer(_manifest(manifest.pk, _within(request))).data
        )


class CustodyInputSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=2000)

    class Meta:
        ref_name = "CustodyStep"


class _CustodyStepApi(APIView, ABC):
    """One custody step of a line of a manifest, with its reason."""

    permission_classes = [CanRunTransfers]
    InputSerializer = CustodyInputSerializer

    @abstractmethod
    def step(self, **kwargs: Any) -> ManifestEntry:
        """Take the step through its service."""

    @extend_schema(
        request=InputSerializer,
        responses={
            200: ManifestEntryOutputSerializer,
            **problems(400, 403, 404, 409),
        },
    )
    def post(self, request: Request, pk: int, entry_pk: int) -> Response:
        entry = _entry(pk, entry_pk, _within(request))
        data = validated(self.InputSerializer, request)
        moved = self.step(
            entry=entry,
            reason=data["reason"],
            now=timezone.now(),
            actor=Actor.of_request(request),
            within=_within(request),
        )
        return Response(ManifestEntryOutputSerializer(moved).data)


class CustodyCheckOutApi(_CustodyStepApi):
    """
    Check a person out at departure; the check-in is due within the manifest's
    hours, and an accepted case moves to transfer.
    """

    def step(self, **kwargs: Any) -> ManifestEntry:
        return custody_check_out(**kwargs)


class CustodyCheckInApi(_CustodyStepApi):
    """
    Check a person in at the destination: they are housed there, their case
    arrives and an open alert about them is marked found.
    """

    def step(self, **kwargs: Any) -> ManifestEntry:
        return custody_check_in(**kwargs)


class CustodyReportMissingApi(APIView):
    """Report a person on a manifest missing; an alert is raised."""

    permission_classes = [CanRunTransfers]
    InputSerializer = CustodyInputSerializer

    @extend_schema(
        request=InputSerializer,
        responses={
            201: MissingPersonAlertOutputSerializer,
            **problems(400, 403, 404, 409),
        },
    )
    def post(self, request: Request, pk: int, entry_pk: int) -> Response:
        entry = _entry(pk, entry_pk, _within(request))
        data = validated(self.InputSerializer, request)
        alert = custody_report_missing(
            entry=entry,
            reason=data["reason"],
            now=timezone.now(),
            actor=Actor.of_request(request),
            within=_within(request),
        )
        return Response(_alert_output(alert, request), status=201)


class AlertListApi(APIView):
    """The open missing-person alerts, oldest first: the most urgent search."""

    permission_classes = [CanRunTransfers]

    @extend_schema(
        responses={200: MissingPersonAlertOutputSerializer(many=True), **problems(403)}
    )
    def get(self, request: Request) -> Response:
        missing_sweep(now=timezone.now())
        return Response(
            MissingPersonAlertOutputSerializer(
                open_alerts(within=_within(request)),
                many=True,
                context={"role": role_of(request.user)},
            ).data
        )


class AlertEscalateApi(APIView):
    """
    Escalate an alert (police, trafficking referral) or close it.

    Notifying the police or making a referral needs the ``reference`` it was given.
    """

    permission_classes = [CanRunTransfers]

    class InputSerializer(serializers.Serializer[Any]):
        target = serializers.ChoiceField(choices=MissingPersonAlert.State.choices)
        reference = serializers.CharField(max_length=64, allow_blank=True, default="")
        reason = serializers.CharField(max_length=2000)

        class Meta:
            ref_name = "AlertEscalate"

    @extend_schema(
        request=InputSerializer,
        responses={
            200: MissingPersonAlertOutputSerializer,
            **problems(400, 403, 404, 409),
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        alert = found(
            alert_get(pk=pk, within=_within(request)), "no alert with this id"
        )
        data = validated(self.InputSerializer, request)
        moved = alert_escalate(
            alert=alert,
            target=data["target"],
            reference=data["reference"],
            reason=data["reason"],
            now=timezone.now(),
            actor=Actor.of_request(request),
        )
        return Response(_alert_output(moved, request))
