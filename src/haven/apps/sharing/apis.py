"""
The disclosure endpoints of the v1 API: the transfer gate, step by step.

A person's disclosures and a request for a new one; the queue waiting for a second
approver; approval, the administrator's country-of-origin override, and sending.
A refusal by the gate answers 403 problem+json with code ``disclosure_refused`` and
one error per failing requirement (``purpose``, ``legal_basis``, ``consent``,
``agreement``, ``fields``, ``approval``, ``country_of_origin``). Bodies name the
fields to send as ``field_names``: names only, never values.

Sending answers with the sealed export and its passphrase, once. It takes no
Idempotency-Key: a repeat answers 409 (already sent), and a stored answer would keep
the passphrase beside the sealed file (docs/adr/0021).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from haven.apps.accounts.models import User
from haven.apps.accounts.policy import scope_q
from haven.apps.accounts.roles import (
    may_approve_disclosure,
    may_disclose,
    may_override_policy,
)
from haven.apps.audit.services import audit_record
from haven.apps.core.actors import Actor
from haven.apps.core.apis import found, problems, role_permission, validated
from haven.apps.operations.apis import IDEMPOTENCY_KEY, idempotent
from haven.apps.people.selectors import person_get
from haven.apps.sharing.delivery import disclosure_send
from haven.apps.sharing.fields import DISCLOSABLE_FIELDS
from haven.apps.sharing.models import Disclosure, Recipient
from haven.apps.sharing.selectors import (
    disclosure_get,
    disclosure_list,
    disclosures_awaiting_approval,
)
from haven.apps.sharing.services import (
    DisclosureRefusedError,
    disclosure_approve,
    disclosure_override_origin,
    disclosure_refusal_record,
    disclosure_request,
    is_country_of_origin,
    needs_second_person,
)

CanDisclose = role_permission(may_disclose)
CanApprove = role_permission(may_approve_disclosure)
CanOverride = role_permission(may_override_policy)


def _disclosure(pk: int) -> Disclosure:
    return found(disclosure_get(pk=pk), "no disclosure with this id")


def _audit_read(request: Request, object_type: str, object_id: int) -> None:
    with transaction.atomic():
        audit_record(
            action=f"{object_type}.read",
            actor_id=getattr(request.user, "pk", None),
            actor_name=request.user.get_username(),
            object_type=object_type,
            object_id=object_id,
        )


class DisclosureOutputSerializer(serializers.ModelSerializer[Disclosure]):
    """A disclosure as the gate records it: field names, never their values."""

    recipient = serializers.CharField(source="recipient.name")
    recipient_kind = serializers.CharField(source="recipient.kind")
    recipient_country = serializers.CharField(source="recipient.country")
    agreement = serializers.CharField(source="agreement.reference")
    field_names = serializers.ListField(child=serializers.CharField(), source="fields")
    consent = serializers.IntegerField(source="consent_id", allow_null=True)
    requested_by = serializers.CharField(source="requested_by.username")
    approved_by = serializers.SerializerMethodField()
    origin_override_by = serializers.SerializerMethodField()
    sent_by = serializers.SerializerMethodField()
    second_person_needed = serializers.SerializerMethodField()
    country_of_origin = serializers.SerializerMethodField()

    class Meta:
        model = Disclosure
        fields = [
            "id",
            "person",
            "recipient",
            "recipient_kind",
            "recipient_country",
            "agreement",
            "purpose",
            "legal_basis",
            "field_names",
            "consent",
            "consent_override_reason",
            "state",
            "second_person_needed",
            "country_of_origin",
            "requested_by",
            "requested_at",
            "approved_by",
            "approved_at",
            "origin_override_by",
            "origin_override_reason",
            "sent_by",
            "sent_at",
        ]

    def _username(self, user: User | None) -> str | None:
        return None if user is None else user.username

    def get_approved_by(self, item: Disclosure) -> str | None:
        return self._username(item.approved_by)

    def get_origin_override_by(self, item: Disclosure) -> str | None:
        return self._username(item.origin_override_by)

    def get_sent_by(self, item: Disclosure) -> str | None:
        return self._username(item.sent_by)

    def get_second_person_needed(self, item: Disclosure) -> bool:
        return needs_second_person(item.person, item.recipient)

    def get_country_of_origin(self, item: Disclosure) -> bool:
        return is_country_of_origin(item.person, item.recipient)


class PersonDisclosureListApi(APIView):
    """A person's disclosures (GET), and a request to disclose some fields (POST)."""

    permission_classes = [CanDisclose]

    class InputSerializer(serializers.Serializer[Any]):
        recipient = serializers.PrimaryKeyRelatedField(queryset=Recipient.objects.all())
        agreement = serializers.CharField(
            max_length=60, allow_blank=True, default="", help_text="its reference"
        )
        purpose = serializers.CharField(max_length=300, allow_blank=True, default="")
        legal_basis = serializers.ChoiceField(
            choices=Disclosure.LegalBasis.choices, allow_blank=True, default=""
        )
        field_names = serializers.ListField(
            child=serializers.ChoiceField(choices=list(DISCLOSABLE_FIELDS)),
            default=list,
            max_length=len(DISCLOSABLE_FIELDS),
        )
        consent_override_reason = serializers.CharField(
            max_length=2000, allow_blank=True, default=""
        )

        class Meta:
            ref_name = "DisclosureRequest"

    @extend_schema(
        responses={200: DisclosureOutputSerializer(many=True), **problems(403, 404)}
    )
    def get(self, request: Request, pk: int) -> Response:
        person = found(person_get(pk=pk), "no person with this id")
        _audit_read(request, "person", person.pk)
        rows = disclosure_list(person=person)
        return Response(DisclosureOutputSerializer(rows, many=True).data)

    @extend_schema(
        request=InputSerializer,
        parameters=[IDEMPOTENCY_KEY],
        responses={
            201: DisclosureOutputSerializer,
            **problems(400, 403, 404, 422),
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        try:
            return self._request(request, pk)
        except DisclosureRefusedError:
            if request.headers.get("Idempotency-Key") is not None:
                # The key's transaction rolled back the gate's record of the refusal.
                disclosure_refusal_record(
                    actor=Actor.of_request(request), object_type="person", object_id=pk
                )
            raise

    @idempotent
    def _request(self, request: Request, pk: int) -> Response:
        person = found(person_get(pk=pk), "no person with this id")
        data = validated(self.InputSerializer, request)
        created = disclosure_request(
            person=person,
            recipient=data["recipient"],
            purpose=data["purpose"],
            legal_basis=data["legal_basis"],
            agreement_reference=data["agreement"],
            fields=data["field_names"],
            consent_override_reason=data["consent_override_reason"],
            requested_by=Actor.of_request(request),
            now=timezone.now(),
        )
        item = found(disclosure_get(pk=created.pk), "no disclosure with this id")
        return Response(DisclosureOutputSerializer(item).data, status=201)


class DisclosureQueueApi(APIView):
    """The disclosures in the approver's scope waiting for a second person."""

    permission_classes = [CanApprove]

    @extend_schema(responses={200: DisclosureOutputSerializer(many=True)})
    def get(self, request: Request) -> Response:
        within = scope_q(request.user, "disclosure", "approve")
        rows = disclosures_awaiting_approval(within=within)[:200]
        return Response(DisclosureOutputSerializer(rows, many=True).data)


class DisclosureDetailApi(APIView):
    """One disclosure and where it stands at the gate."""

    permission_classes = [CanDisclose]

    @extend_schema(responses={200: DisclosureOutputSerializer, **problems(403, 404)})
    def get(self, request: Request, pk: int) -> Response:
        item = _disclosure(pk)
        _audit_read(request, "disclosure", item.pk)
        return Response(DisclosureOutputSerializer(item).data)


class DisclosureApproveApi(APIView):
    """Approve a disclosure as the second, different person."""

    permission_classes = [CanApprove]

    @extend_schema(
        request=None,
        responses={200: DisclosureOutputSerializer, **problems(403, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        disclosure_approve(
            disclosure=_disclosure(pk),
            approver=Actor.of_request(request),
            now=timezone.now(),
        )
        return Response(DisclosureOutputSerializer(_disclosure(pk)).data)


class DisclosureOverrideApi(APIView):
    """Record a system administrator's country-of-origin override, with a reason."""

    permission_classes = [CanOverride]

    class InputSerializer(serializers.Serializer[Any]):
        reason = serializers.CharField(max_length=2000)

        class Meta:
            ref_name = "DisclosureOverride"

    class OverrideOutputSerializer(serializers.ModelSerializer[Disclosure]):
        class Meta:
            model = Disclosure
            fields = ["id", "state", "origin_override_reason"]
            ref_name = "DisclosureOverrideResult"

    @extend_schema(
        request=InputSerializer,
        responses={200: OverrideOutputSerializer, **problems(400, 403, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        data = validated(self.InputSerializer, request)
        done = disclosure_override_origin(
            disclosure=_disclosure(pk),
            administrator=Actor.of_request(request),
            reason=data["reason"],
            now=timezone.now(),
        )
        return Response(self.OverrideOutputSerializer(done).data)


class ExportOutputSerializer(serializers.Serializer[Any]):
    token = serializers.CharField()
    filename = serializers.CharField()
    encrypted = serializers.BooleanField()
    expires_at = serializers.DateTimeField()
    download = serializers.CharField(help_text="the download link, for its maker")


class DisclosureSendApi(APIView):
    """
    Send an approved disclosure as a sealed export of exactly its fields.

    The answer gives the export's download link and its passphrase, shown only
    here: hand the file and the passphrase to the recipient by different channels.
    """

    permission_classes = [CanDisclose]

    class SendOutputSerializer(serializers.Serializer[Any]):
        disclosure = DisclosureOutputSerializer()
        export = ExportOutputSerializer()
        passphrase = serializers.CharField(allow_null=True)

        class Meta:
            ref_name = "DisclosureSent"

    @extend_schema(
        request=None,
        responses={200: SendOutputSerializer, **problems(403, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        sent = disclosure_send(
            disclosure=_disclosure(pk),
            sent_by=Actor.of_request(request),
            now=timezone.now(),
        )
        export = sent.made.export
        body = {
            "disclosure": _disclosure(pk),
            "export": {
                "token": str(export.token),
                "filename": export.filename,
                "encrypted": export.encrypted,
                "expires_at": export.expires_at,
                "download": reverse("exports:export_download", args=[export.token]),
            },
            "passphrase": sent.made.passphrase,
        }
        response = Response(self.SendOutputSerializer(body).data)
        response["Cache-Control"] = "no-store"
        return response
