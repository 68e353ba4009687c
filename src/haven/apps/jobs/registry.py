"""
The kinds of job haven runs, and the periodic ones.

A kind names the function that does the work, the label users see, the roles that
may start it (and see their own runs of it) and how to link to its result. Apps
declare their kinds in their own ``jobs`` module (see the package docstring).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from haven.apps.core.actors import Actor

ProgressCallback = Callable[[int, int, str], None]


class JobContext:
    """What a job function gets: its parameters, who started it, and progress."""

    def __init__(self, *, job_id: int, params: Mapping[str, Any], actor: Actor):
        self.job_id = job_id
        self.params = params
        self.actor = actor

    def progress(self, done: int, total: int, message: str = "") -> None:
        """
        Record how far the job has got; the job page shows it at once.

        ``message`` is shown to users as is: a step's name, never a person's data.
        Call it outside any transaction of your own, or users see it only when
        that transaction commits.
        """
        from haven.apps.jobs.models import Job

        total = max(0, int(total))
        done = max(0, min(int(done), total)) if total else max(0, int(done))
        with transaction.atomic():
            Job.objects.filter(pk=self.job_id, state=Job.State.RUNNING).update(
                progress_done=done if total else 0,
                progress_total=total,
                progress_message=str(message)[:200],
            )


JobFunction = Callable[[JobContext], Mapping[str, Any] | None]


@dataclass(frozen=True)
class JobKind:
    """One kind of job: its function, label, allowed roles and result link."""

    kind: str
    function: JobFunction
    label: str
    roles: frozenset[str] = frozenset()
    result_url: Callable[[Mapping[str, Any]], str | None] | None = None

    def may_start(self, actor: Actor) -> bool:
        """Return whether ``actor`` may start (and see) jobs of this kind."""
        if actor.user_id is None:
            return True  # a process: a schedule or a command
        return actor.role in self.roles


@dataclass(frozen=True)
class Periodic:
    """A job the worker runs every ``minutes`` minutes, as the process ``haven``."""

    kind: str
    minutes: int
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """Return the library schedule's name for this periodic job."""
        return f"haven:{self.kind}"


KINDS: dict[str, JobKind] = {}
SCHEDULES: dict[str, Periodic] = {}


def job_kind(
    kind: str,
    *,
    label: Any,
    roles: tuple[str, ...] = (),
    result_url: Callable[[Mapping[str, Any]], str | None] | None = None,
) -> Callable[[JobFunction], JobFunction]:
    """Declare ``kind`` as run by the decorated function; ``roles`` may start it."""

    def register(function: JobFunction) -> JobFunction:
        existing = KINDS.get(kind)
        if existing is not None and existing.function is not function:
            qualified = f"{function.__module__}.{function.__qualname__}"
            raise ValueError(f"job kind {kind!r} is declared twice ({qualified})")
        KINDS[kind] = JobKind(
            kind=kind,
            function=function,
            label=label,
            roles=frozenset(roles),
            result_url=result_url,
        )
        return function

    return register


def schedule(
    kind: str, *, minutes: int, params: Mapping[str, Any] | None = None
) -> None:
    """Run ``kind`` every ``minutes`` minutes in the worker (synced at its start)."""
    if minutes < 1:
        raise ValueError(f"schedule {kind!r}: minutes must be at least 1")
    SCHEDULES[kind] = Periodic(kind=kind, minutes=minutes, params=dict(params or {}))


def kind_get(kind: str) -> JobKind | None:
    """Return the declared kind, or None."""
    return KINDS.get(kind)


def schedules_sync() -> int:
    """
    Make the library's schedule table match ``SCHEDULES``; return how many exist.

    Each periodic job is one ``Schedule`` named ``haven:<kind>``; schedules of that
    prefix no longer declared are deleted, others (delayed jobs) are left alone.
    """
    from django_q.models import Schedule

    with transaction.atomic():
        Schedule.objects.filter(name__startswith="haven:").exclude(
            name__in=[periodic.name for periodic in SCHEDULES.values()]
        ).delete()
        for periodic in SCHEDULES.values():
            current = Schedule.objects.filter(name=periodic.name).first()
            if (
                current is not None
                and current.minutes == periodic.minutes
                and current.args == repr(periodic.kind)
                and current.schedule_type == Schedule.MINUTES
            ):
                continue
            Schedule.objects.update_or_create(
                name=periodic.name,
                defaults={
                    "func": "haven.apps.jobs.services.job_periodic",
                    "args": repr(periodic.kind),
                    "schedule_type": Schedule.MINUTES,
                    "minutes": periodic.minutes,
                    "repeats": -1,
                    "next_run": timezone.now(),
                },
            )
    return len(SCHEDULES)
