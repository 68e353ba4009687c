"""
Background jobs: long work out of the web request, with progress, audited.

The API other apps use (docs/adr/0036)::

    from haven.apps.jobs.registry import JobContext, job_kind
    from haven.apps.jobs.services import job_enqueue
    from haven.apps.jobs.selectors import job_get, job_list_for

    @job_kind("tracing.duplicate_scan", label=_("Duplicate scan"),
              roles=("caseworker", "supervisor"),
              result_url=lambda result: reverse("tracing:duplicate_queue"))
    def duplicate_scan(job: JobContext) -> dict[str, object]:
        # job.params: the JSON parameters given to job_enqueue (ids, never names)
        # job.actor: the Actor who started it (or the process, for a schedule)
        for done, chunk in enumerate(chunks, start=1):
            ...
            job.progress(done, len(chunks), _("Scoring pairs"))
        return {"pairs": 123}  # the result summary: counts and ids, no personal data

    job = job_enqueue(kind="tracing.duplicate_scan", params={}, actor=actor)
    return redirect("jobs:job_detail", pk=job.pk)  # the page shows progress

- Declare kinds in a module ``jobs.py`` of the app that owns the work; the jobs app
  imports every installed app's ``jobs`` module when Django starts
  (``autodiscover_modules``), in the web processes and in the worker alike.
- ``job_enqueue(kind=, params=, actor=, run_after=None)`` stores a ``Job`` (queued)
  and its queue entry in the caller's transaction, checks the actor's role against
  the kind's roles, and audits ``job.enqueue``. ``run_after`` delays the job: the
  worker's scheduler hands it to a worker once that time has passed.
- The worker (``haven worker``, started by ``haven serve``) calls the function with a
  ``JobContext``; ``job.progress(done, total, message)`` commits at once, so the job
  page shows it while the job runs. Start, success and failure are audited. An
  ``ApplicationError`` becomes the job's user-facing error; any other exception is
  logged by its type only and shown as a generic failure.
- Periodic jobs: ``registry.SCHEDULES`` (``schedule(kind, minutes=...)``) is synced
  into the library's schedule table whenever the worker starts.
- Parameters and results must be JSON and hold ids and counts only: the queue
  stores the job's id alone, never its parameters.
"""
