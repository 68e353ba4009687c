"""Read jobs: a member of staff sees the jobs they started, of kinds their role runs."""

from __future__ import annotations

from django.db.models import QuerySet

from haven.apps.core.actors import Actor
from haven.apps.jobs.models import Job
from haven.apps.jobs.registry import KINDS


def _visible(actor: Actor) -> QuerySet[Job]:
    if actor.user_id is None:
        return Job.objects.none()
    kinds = [kind.kind for kind in KINDS.values() if kind.may_start(actor)]
    return Job.objects.filter(started_by_id=actor.user_id, kind__in=kinds)


def job_get(*, pk: int, actor: Actor) -> Job | None:
    """Return the job if ``actor`` may see it, else None."""
    return _visible(actor).filter(pk=pk).first()


def job_list_for(*, actor: Actor, limit: int = 50) -> list[Job]:
    """Return the actor's latest jobs, newest first."""
    return list(_visible(actor).order_by("-created_at", "-pk")[:limit])
