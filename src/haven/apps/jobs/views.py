"""The job pages: a user's jobs, and one job's state and progress while it runs."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from haven.apps.core.actors import Actor
from haven.apps.errors import ApplicationError
from haven.apps.jobs.models import Job
from haven.apps.jobs.registry import kind_get
from haven.apps.jobs.selectors import job_get, job_list_for
from haven.apps.jobs.services import job_cancel

# Seconds between two reloads of a running job's page.
REFRESH_SECONDS = 2


def job_view(job: Job) -> dict[str, Any]:
    """Return what a page shows of a job: label, state, progress, result link."""
    declared = kind_get(job.kind)
    link = None
    if job.state == Job.State.SUCCEEDED and declared and declared.result_url:
        link = declared.result_url(job.result or {})
    return {
        "job": job,
        "label": declared.label if declared else job.kind,
        "result_link": link,
        # Stored in English and translated here (see services.FAILED_UNEXPECTEDLY).
        "error": _(job.error) if job.error else "",
    }


@login_required
def job_list_view(request: HttpRequest) -> HttpResponse:
    """List the jobs the user started, newest first."""
    jobs = [job_view(job) for job in job_list_for(actor=Actor.of_request(request))]
    return render(request, "jobs/job_list.html", {"jobs": jobs})


@login_required
def job_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Show one job; the page reloads itself every 2 s until the job is done."""
    actor = Actor.of_request(request)
    job = job_get(pk=pk, actor=actor)
    if job is None:
        raise Http404
    context = job_view(job)
    context["refresh"] = None if job.finished else REFRESH_SECONDS
    return render(request, "jobs/job_detail.html", context)


@login_required
def job_cancel_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancel one of the user's jobs that has not started yet."""
    actor = Actor.of_request(request)
    if job_get(pk=pk, actor=actor) is None:
        raise Http404
    try:
        with transaction.atomic():
            job_cancel(job_id=pk, actor=actor)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The job is cancelled."))
    return redirect("jobs:job_detail", pk=pk)
