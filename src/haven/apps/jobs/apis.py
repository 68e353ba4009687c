"""The job API: one job's state, progress and result, for the user who started it."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from haven.apps.core.actors import Actor
from haven.apps.core.apis import found, problems
from haven.apps.jobs.models import Job
from haven.apps.jobs.views import job_view


class JobOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="job.pk")
    kind = serializers.CharField(source="job.kind")
    state = serializers.ChoiceField(choices=Job.State.choices, source="job.state")
    progress_done = serializers.IntegerField(source="job.progress_done")
    progress_total = serializers.IntegerField(source="job.progress_total")
    progress_message = serializers.CharField(source="job.progress_message")
    result = serializers.JSONField(source="job.result", allow_null=True)
    result_link = serializers.CharField(allow_null=True)
    error = serializers.CharField()
    created_at = serializers.DateTimeField(source="job.created_at")
    run_after = serializers.DateTimeField(source="job.run_after", allow_null=True)
    started_at = serializers.DateTimeField(source="job.started_at", allow_null=True)
    finished_at = serializers.DateTimeField(source="job.finished_at", allow_null=True)

    class Meta:
        ref_name = "Job"


def job_payload(job: Job) -> dict[str, Any]:
    """Return the API's representation of a job (also answered when one starts)."""
    data: dict[str, Any] = JobOutputSerializer(job_view(job)).data
    return data


class JobDetailApi(APIView):
    """One job the caller started: poll it until ``state`` is final."""

    @extend_schema(responses={200: JobOutputSerializer, **problems(404)})
    def get(self, request: Request, pk: int) -> Response:
        from haven.apps.jobs.selectors import job_get

        job = found(
            job_get(pk=pk, actor=Actor.of_request(request)),
            "no job of yours with this id",
        )
        return Response(job_payload(job))
