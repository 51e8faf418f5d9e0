"""Background jobs: claiming, progress, failure and recovery after a worker stops."""

from datetime import timedelta

import pytest
from django.utils import timezone

from alongside.jobs.models import Job
from alongside.jobs.registry import job_handler
from alongside.jobs.services import (
    job_claim,
    job_claim_next,
    job_enqueue,
    job_run,
    jobs_recover_stalled,
)


@job_handler("test_count")
def _count(*, job, progress):
    for i in range(1, 4):
        progress("Counting", i, 3)
    return {"counted": 3}


@job_handler("test_broken")
def _broken(*, job, progress):
    raise ValueError("The extract has no header row")


def test_a_job_runs_and_records_progress_and_result(practitioner):
    job = job_enqueue(kind="test_count", params={}, created_by=practitioner)
    assert job.status == "queued"
    heard = []
    job = job_run(job_claim_next(), on_progress=lambda *a: heard.append(a))
    assert job.status == "succeeded"
    assert job.result == {"counted": 3}
    assert (job.stage, job.done, job.total, job.percent) == ("Counting", 3, 3, 100)
    assert heard[-1] == ("Counting", 3, 3)


def test_a_failing_job_is_marked_failed_with_the_reason(db):
    job = job_run(job_claim(job_enqueue(kind="test_broken", params={}).pk))
    assert job.status == "failed"
    assert job.message == "The extract has no header row"


def test_a_job_is_claimed_only_once(db):
    job = job_enqueue(kind="test_count", params={})
    assert job_claim(job.pk, "worker-a") is not None
    assert job_claim(job.pk, "worker-b") is None
    assert job_claim_next("worker-b") is None


def test_unknown_kinds_are_refused(db):
    with pytest.raises(ValueError, match="No handler"):
        job_enqueue(kind="nonsense", params={})


def test_a_stalled_job_is_retried_then_failed(db):
    job = job_enqueue(kind="test_count", params={})
    job_claim(job.pk)
    later = timezone.now() + timedelta(minutes=5)
    assert jobs_recover_stalled(now=later) == [job.pk]
    job.refresh_from_db()
    assert job.status == "queued"
    assert "carry on from where it got to" in job.message
    job_claim(job.pk)
    assert jobs_recover_stalled(now=later) == [job.pk]
    job.refresh_from_db()
    assert job.status == "failed"
    assert "tried 2 times" in job.message


def test_a_job_with_a_fresh_heartbeat_is_left_alone(db):
    job = job_enqueue(kind="test_count", params={})
    job_claim(job.pk)
    assert jobs_recover_stalled() == []
    assert Job.objects.get(pk=job.pk).status == "running"
