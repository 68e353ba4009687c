"""
The case endpoints of the v1 API: a case and its log, steps, decisions, appeals,
returns and the processing-time metrics.

Every step goes through the services, so the workflow's table decides: a step the
process does not have comes back as 409 problem+json with code
``illegal_transition``, its detail naming both states; a step the role may not
take is 403.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from haven.apps.accounts.roles import (
    may_decide,
    may_read_case_metrics,
    may_read_cases,
    may_work_cases,
    role_of,
)
from haven.apps.cases.models import (
    Appeal,
    Case,
    CaseTransition,
    Decision,
    DublinRequest,
    Letter,
    Return,
)
from haven.apps.cases.reasons import LETTER_LANGUAGES, OUTCOMES, REASON_CODES, SUBJECTS
from haven.apps.cases.selectors import (
    RequestLimit,
    case_get,
    case_history,
    case_metrics,
    request_limits,
    request_next_limit,
    request_track,
    request_transfer_limit,
    returns_by_month,
)
from haven.apps.cases.services import (
    appeal_lodge,
    appeal_transition,
    case_transition,
    decision_record,
    request_replies,
    return_record,
)
from haven.apps.core.actors import Actor
from haven.apps.core.apis import (
    found,
    problems,
    role_permission,
    validated,
)
from haven.apps.errors import InvalidInputError
from haven.apps.operations.apis import IDEMPOTENCY_KEY, idempotent
from haven.engines.workflow import APPEAL_ROUTES, CASE

CanReadCases = role_permission(may_read_cases)
CanWorkCases = role_permission(may_work_cases)
CanDecide = role_permission(may_decide)
CanReadCaseMetrics = role_permission(may_read_case_metrics)


def _case(pk: int) -> Case:
    return found(case_get(pk=pk), "no case with this id")


def _case_output(case: Case, request: Request) -> Any:
    return CaseOutputSerializer(case, context={"role": role_of(request.user)}).data


class CaseTransitionOutputSerializer(serializers.ModelSerializer[CaseTransition]):
    class Meta:
        model = CaseTransition
        fields = [
            "id",
            "machine",
            "subject_id",
            "from_state",
            "to_state",
            "at",
            "actor",
            "role",
            "reason",
        ]


class RequestLimitSerializer(serializers.Serializer[Any]):
    name = serializers.ChoiceField(choices=["request", "reply", "transfer"])
    due = serializers.DateField()
    rule = serializers.CharField()
    unverified = serializers.BooleanField()
    met_on = serializers.DateField(allow_null=True)
    missed = serializers.BooleanField(allow_null=True)

    class Meta:
        ref_name = "RequestLimit"


def _limit_json(limit: RequestLimit | None) -> dict[str, Any] | None:
    if limit is None:
        return None
    return {
        "name": limit.name,
        "due": limit.due,
        "rule": str(limit.deadline.citation),
        "unverified": limit.deadline.unverified,
        "met_on": limit.met_on,
        "missed": limit.missed,
    }


class DublinRequestOutputSerializer(serializers.ModelSerializer[DublinRequest]):
    """A request with the limits the engine computes from its events, as of today."""

    person = serializers.IntegerField(source="case.person_id", read_only=True)
    person_name = serializers.CharField(source="case.person.full_name", read_only=True)
    limits = serializers.SerializerMethodField()
    next_limit = serializers.SerializerMethodField()
    transfer_limit = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()
    replies = serializers.SerializerMethodField()

    class Meta:
        model = DublinRequest
        fields = [
            "id",
            "case",
            "person",
            "person_name",
            "determination",
            "refers_to",
            "kind",
            "regime",
            "requesting_state",
            "requested_state",
            "legal_basis",
            "urgent",
            "eurodac",
            "eurodac_hit_on",
            "lodged_on",
            "state",
            "drafted_at",
            "sent_on",
            "received_on",
            "reply",
            "replied_on",
            "withdrawn_on",
            "withdrawal_reason",
            "limits",
            "next_limit",
            "transfer_limit",
            "overdue",
            "replies",
        ]
        ref_name = "DublinRequest"

    @extend_schema_field(RequestLimitSerializer(many=True))
    def get_limits(self, obj: DublinRequest) -> list[dict[str, Any] | None]:
        return [_limit_json(limit) for limit in request_limits(obj)]

    @extend_schema_field(RequestLimitSerializer(allow_null=True))
    def get_next_limit(self, obj: DublinRequest) -> dict[str, Any] | None:
        return _limit_json(request_next_limit(obj))

    @extend_schema_field(RequestLimitSerializer(allow_null=True))
    def get_transfer_limit(self, obj: DublinRequest) -> dict[str, Any] | None:
        deadline = request_transfer_limit(obj)
        return (
            None
            if deadline is None
            else _limit_json(RequestLimit("transfer", deadline))
        )

    def get_overdue(self, obj: DublinRequest) -> bool:
        return request_track(obj, today=timezone.localdate()).overdue

    def get_replies(self, obj: DublinRequest) -> list[str]:
        return request_replies(obj)


class LetterOutputSerializer(serializers.ModelSerializer[Letter]):
    class Meta:
        model = Letter
        fields = ["id", "language", "translation_reviewed", "issued_at", "issued_by"]


class DecisionOutputSerializer(serializers.ModelSerializer[Decision]):
    letters = LetterOutputSerializer(many=True, read_only=True)

    class Meta:
        model = Decision
        fields = [
            "id",
            "case",
            "request",
            "subject",
            "outcome",
            "reason_code",
            "reason_text",
            "decided_on",
            "decided_by",
            "appeal_route",
            "appeal_deadline",
            "appeal_rule",
            "letters",
        ]


class AppealOutputSerializer(serializers.ModelSerializer[Appeal]):
    class Meta:
        model = Appeal
        fields = [
            "id",
            "case",
            "decision",
            "state",
            "lodged_on",
            "in_time",
            "suspensive",
            "outcome",
            "decided_on",
        ]


class ReturnOutputSerializer(serializers.ModelSerializer[Return]):
    class Meta:
        model = Return
        fields = [
            "id",
            "case",
            "decision",
            "route",
            "returned_on",
            "country",
            "recorded_at",
            "recorded_by",
        ]


class CaseOutputSerializer(serializers.ModelSerializer[Case]):
    next_states = serializers.SerializerMethodField()
    requests = DublinRequestOutputSerializer(many=True, read_only=True)
    decisions = DecisionOutputSerializer(many=True, read_only=True)
    appeals = AppealOutputSerializer(many=True, read_only=True)
    returns = ReturnOutputSerializer(many=True, read_only=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "person",
            "state",
            "state_since",
            "identified_at",
            "regime",
            "language",
            "contact",
            "version",
            "next_states",
            "requests",
            "decisions",
            "appeals",
            "returns",
        ]

    def get_next_states(self, case: Case) -> list[str]:
        """Return the stages the caller's role may move the case to from here."""
        return list(CASE.targets(case.state, role=self.context.get("role", "")))


class CaseDetailApi(APIView):
    """One case: its stage, the steps open to the caller, requests and decisions."""

    permission_classes = [CanReadCases]

    @extend_schema(responses={200: CaseOutputSerializer, **problems(403, 404)})
    def get(self, request: Request, pk: int) -> Response:
        return Response(_case_output(_case(pk), request))


class CaseTransitionListApi(APIView):
    """The log of a case: every step of the case, its requests and appeals."""

    permission_classes = [CanReadCases]

    @extend_schema(
        responses={
            200: CaseTransitionOutputSerializer(many=True),
            **problems(403, 404),
        }
    )
    def get(self, request: Request, pk: int) -> Response:
        history = case_history(_case(pk))
        return Response(CaseTransitionOutputSerializer(history, many=True).data)


class CaseTransitionApplyApi(APIView):
    """Move a case to another stage, with the reason for the step."""

    permission_classes = [CanWorkCases]

    class InputSerializer(serializers.Serializer[Any]):
        target = serializers.ChoiceField(choices=Case.State.choices)
        reason = serializers.CharField(max_length=2000)

        class Meta:
            ref_name = "CaseTransitionApply"

    @extend_schema(
        request=InputSerializer,
        responses={200: CaseOutputSerializer, **problems(400, 403, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        case = _case(pk)
        data = validated(self.InputSerializer, request)
        moved = case_transition(
            case=case,
            target=data["target"],
            reason=data["reason"],
            now=timezone.now(),
            actor=Actor.of_request(request),
        )
        return Response(_case_output(_case(moved.pk), request))


class DecisionCreateApi(APIView):
    """
    Record a reasoned decision and issue its letter.

    ``reason_code`` comes from the controlled list and ``reason_text`` gives the
    reasons in full; both are required. A refusal names its ``appeal_route``. A
    reply to a take-charge or take-back request names the ``request``.
    """

    permission_classes = [CanDecide]

    class InputSerializer(serializers.Serializer[Any]):
        subject = serializers.ChoiceField(choices=list(SUBJECTS.items()))
        outcome = serializers.ChoiceField(choices=list(OUTCOMES.items()))
        reason_code = serializers.ChoiceField(
            choices=[(r.code, r.label) for r in REASON_CODES.values()]
        )
        reason_text = serializers.CharField(max_length=10000)
        appeal_route = serializers.ChoiceField(
            choices=[(r.code, r.body) for r in APPEAL_ROUTES.values()],
            allow_blank=True,
            default="",
        )
        language = serializers.ChoiceField(
            choices=[(lang.code, lang.name) for lang in LETTER_LANGUAGES.values()],
            required=False,
        )
        request = serializers.IntegerField(
            min_value=1, required=False, allow_null=True, default=None
        )

        class Meta:
            ref_name = "DecisionCreate"

    @extend_schema(
        request=InputSerializer,
        parameters=[IDEMPOTENCY_KEY],
        responses={
            201: DecisionOutputSerializer,
            **problems(400, 403, 404, 409, 422),
        },
    )
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        case = _case(pk)
        data = validated(self.InputSerializer, request)
        replied_to = None
        if data["request"] is not None:
            replied_to = case.requests.filter(pk=data["request"]).first()
            if replied_to is None:
                raise InvalidInputError(
                    "the decision was not saved",
                    field_errors={"request": ["this case has no request with this id"]},
                )
        decision = decision_record(
            case=case,
            request=replied_to,
            subject=data["subject"],
            outcome=data["outcome"],
            reason_code=data["reason_code"],
            reason_text=data["reason_text"],
            appeal_route=data["appeal_route"],
            language=data.get("language"),
            now=timezone.now(),
            actor=Actor.of_request(request),
        )
        return Response(DecisionOutputSerializer(decision).data, status=201)


class AppealLodgeApi(APIView):
    """Record an appeal against a refusal; whether it was lodged in time is computed."""

    permission_classes = [CanWorkCases]

    class InputSerializer(serializers.Serializer[Any]):
        lodged_on = serializers.DateField()
        suspensive = serializers.BooleanField(default=True)

        class Meta:
            ref_name = "AppealLodge"

    @extend_schema(
        request=InputSerializer,
        parameters=[IDEMPOTENCY_KEY],
        responses={201: AppealOutputSerializer, **problems(400, 403, 404, 422)},
    )
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        decision = found(
            Decision.objects.filter(pk=pk).select_related("case").first(),
            "no decision with this id",
        )
        data = validated(self.InputSerializer, request)
        appeal = appeal_lodge(
            decision=decision,
            lodged_on=data["lodged_on"],
            suspensive=data["suspensive"],
            now=timezone.now(),
            actor=Actor.of_request(request),
        )
        return Response(AppealOutputSerializer(appeal).data, status=201)


class AppealTransitionApi(APIView):
    """
    Move an appeal to pending or decided; a decided appeal gives its outcome.

    An allowed appeal sends a refused case back to determination.
    """

    permission_classes = [CanWorkCases]

    class InputSerializer(serializers.Serializer[Any]):
        target = serializers.ChoiceField(choices=Appeal.State.choices)
        outcome = serializers.ChoiceField(
            choices=Appeal.Outcome.choices, allow_blank=True, default=""
        )
        reason = serializers.CharField(max_length=2000)

        class Meta:
            ref_name = "AppealTransition"

    @extend_schema(
        request=InputSerializer,
        responses={200: AppealOutputSerializer, **problems(400, 403, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        appeal = found(Appeal.objects.filter(pk=pk).first(), "no appeal with this id")
        data = validated(self.InputSerializer, request)
        moved = appeal_transition(
            appeal=appeal,
            target=data["target"],
            outcome=data["outcome"],
            reason=data["reason"],
            now=timezone.now(),
            actor=Actor.of_request(request),
        )
        return Response(AppealOutputSerializer(moved).data)


class ReturnCreateApi(APIView):
    """Record the return of a person found not in need of protection."""

    permission_classes = [CanDecide]

    class InputSerializer(serializers.Serializer[Any]):
        decision = serializers.IntegerField(min_value=1)
        route = serializers.ChoiceField(choices=Return.Route.choices)
        returned_on = serializers.DateField()
        country = serializers.CharField(min_length=2, max_length=2)

        class Meta:
            ref_name = "ReturnCreate"

    @extend_schema(
        request=InputSerializer,
        parameters=[IDEMPOTENCY_KEY],
        responses={
            201: ReturnOutputSerializer,
            **problems(400, 403, 404, 409, 422),
        },
    )
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        case = _case(pk)
        data = validated(self.InputSerializer, request)
        decision = Decision.objects.filter(pk=data["decision"]).first()
        if decision is None:
            raise InvalidInputError(
                "the return was not saved",
                field_errors={"decision": ["no decision with this id"]},
            )
        record = return_record(
            case=case,
            decision=decision,
            route=data["route"],
            returned_on=data["returned_on"],
            country=data["country"],
            now=timezone.now(),
            actor=Actor.of_request(request),
        )
        return Response(ReturnOutputSerializer(record).data, status=201)


class StageTimeSerializer(serializers.Serializer[Any]):
    stage = serializers.CharField()
    cases = serializers.IntegerField()
    median_days = serializers.FloatField()
    longest_days = serializers.FloatField()


class ReturnMonthSerializer(serializers.Serializer[Any]):
    month = serializers.DateField()
    voluntary = serializers.IntegerField()
    enforced = serializers.IntegerField()
    total = serializers.IntegerField()


class CaseMetricsApi(APIView):
    """Time in each stage, cases by stage, overdue work, arrivals and returns."""

    permission_classes = [CanReadCaseMetrics]

    @extend_schema(
        responses={
            200: inline_serializer(
                "CaseMetrics",
                {
                    "stages": StageTimeSerializer(many=True),
                    "by_state": serializers.DictField(child=serializers.IntegerField()),
                    "overdue": serializers.DictField(child=serializers.IntegerField()),
                    "arrivals": serializers.IntegerField(),
                    "median_identification_to_arrival": serializers.FloatField(
                        allow_null=True
                    ),
                    "returns_by_month": ReturnMonthSerializer(many=True),
                },
            ),
            **problems(403),
        }
    )
    def get(self, request: Request) -> Response:
        metrics = case_metrics(now=timezone.now())
        return Response(
            {
                "stages": StageTimeSerializer(metrics.stages, many=True).data,
                "by_state": metrics.by_state,
                "overdue": metrics.overdue,
                "arrivals": metrics.arrivals,
                "median_identification_to_arrival": (
                    metrics.median_identification_to_arrival
                ),
                "returns_by_month": ReturnMonthSerializer(
                    returns_by_month(), many=True
                ).data,
            }
        )
