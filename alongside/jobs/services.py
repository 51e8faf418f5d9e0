"""Queueing, claiming, running and recovering jobs.

A worker claims the oldest queued job with a conditional UPDATE, so two workers never run the
same job. While it runs, the worker's progress updates double as a heartbeat. A job whose
heartbeat stops (the worker was killed) is recovered: queued again if it has attempts left
(a resumable job carries on from its last checkpoint), otherwise marked failed with a message
saying so. Handlers write their work so that a killed run leaves nothing half-written.
"""

import logging
import os
import socket
import traceback
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import Job
from .registry import Progress, handler_for

log = logging.getLogger(__name__)

HEARTBEAT_STALE_AFTER = timedelta(seconds=60)
MAX_ATTEMPTS = 2


def job_enqueue(*, kind: str, params: dict, created_by=None) -> Job:
    if handler_for(kind) is None:
        raise ValueError(f"No handler for jobs of kind {kind!r}.")
    return Job.objects.create(kind=kind, params=params, created_by=created_by)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def job_claim(pk: int, worker: str | None = None) -> Job | None:
    """Take this job if it is still queued (None if another worker got it first)."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=pk, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING,
        started_at=now,
        heartbeat_at=now,
        worker=worker or worker_name(),
        attempts=F("attempts") + 1,
        stage="Starting",
        done=0,
        total=0,
        message="",
    )
    return Job.objects.get(pk=pk) if claimed else None


def job_claim_next(worker: str | None = None) -> Job | None:
    """Take the oldest queued job, or None. Safe with several workers."""
    queued = Job.objects.filter(status=Job.Status.QUEUED).order_by("created_at", "pk")
    for pk in queued.values_list("pk", flat=True)[:5]:
        job = job_claim(pk, worker)
        if job is not None:
            return job
    return None


def job_progress(job: Job, stage: str, done: int, total: int) -> None:
    """Record progress (and so a heartbeat). Outside any transaction, so it is seen at once."""
    Job.objects.filter(pk=job.pk).update(
        stage=stage[:100], done=max(done, 0), total=max(total, 0), heartbeat_at=timezone.now()
    )


def job_checkpoint(job: Job, checkpoint: dict, stage: str, done: int, total: int) -> None:
    """Save how far a resumable job has got. Call inside the transaction that did the work, so
    the checkpoint and the work are committed together or not at all."""
    job.checkpoint = checkpoint
    Job.objects.filter(pk=job.pk).update(
        checkpoint=checkpoint,
        stage=stage[:100],
        done=done,
        total=total,
        heartbeat_at=timezone.now(),
    )


def job_run(job: Job, on_progress: Progress | None = None) -> Job:
    """Run a claimed job to the end. `on_progress` also hears progress (e.g. a CLI bar)."""

    def progress(stage: str, done: int, total: int) -> None:
        job_progress(job, stage, done, total)
        if on_progress:
            on_progress(stage, done, total)

    handler = handler_for(job.kind)
    if handler is None:
        return _finish(job, Job.Status.FAILED, message=f"No handler for {job.kind!r}.")
    try:
        result = handler(job=job, progress=progress)
    except Exception as error:  # noqa: BLE001 - any failure of the job is recorded on the job
        log.error("Job %s failed: %s", job.pk, traceback.format_exc())
        message = str(error) or error.__class__.__name__
        return _finish(job, Job.Status.FAILED, message=message)
    return _finish(job, Job.Status.SUCCEEDED, result=result or {})


def _finish(job: Job, status: str, *, message: str = "", result: dict | None = None) -> Job:
    with transaction.atomic():
        Job.objects.filter(pk=job.pk).update(
            status=status,
            message=message[:5000],
            result=result or {},
            finished_at=timezone.now(),
            heartbeat_at=timezone.now(),
        )
    job.refresh_from_db()
    return job


def jobs_recover_stalled(now=None) -> list[int]:
    """Jobs whose worker stopped mid-run: start them again, or fail them after MAX_ATTEMPTS."""
    now = now or timezone.now()
    stalled = Job.objects.filter(
        status=Job.Status.RUNNING, heartbeat_at__lt=now - HEARTBEAT_STALE_AFTER
    )
    recovered = []
    for job in stalled:
        if job.attempts < MAX_ATTEMPTS:
            updated = Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
                status=Job.Status.QUEUED,
                message="The worker stopped while this job was running; it will carry on from where it got to.",
            )
        else:
            updated = Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
                status=Job.Status.FAILED,
                finished_at=now,
                message="The worker stopped while this job was running, and it has been tried "
                f"{job.attempts} times. Nothing from the unfinished run was kept. Start it again.",
            )
        if updated:
            recovered.append(job.pk)
    return recovered
