"""A worker killed with SIGKILL in the middle of a large import leaves the database consistent,
and the job carries on to the same result as a run that was never interrupted."""

import csv
import io
import os
import signal
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from alongside.audit.verify import verify_chain
from alongside.jobs.models import Job
from alongside.jobs.services import job_claim_next, job_enqueue, job_run, jobs_recover_stalled
from alongside.people.models import Parent

ROWS = 4000


def database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}" if s["NAME"].startswith("/") else f"sqlite:////{s['NAME']}"
    return f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


def big_csv() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["given_name", "family_name", "date_of_birth"])
    for i in range(ROWS):
        writer.writerow([f"Parent{i}", f"Crashtest{i:05d}", "1999-01-01"])
    return out.getvalue().encode()


@pytest.mark.django_db(transaction=True)
def test_sigkill_during_import_then_resume_gives_the_same_result(practitioner):
    stored = Path("imports") / f"crash-{uuid.uuid4().hex}.csv"
    path = Path(settings.MEDIA_ROOT) / stored
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(big_csv())
    job = job_enqueue(
        kind="import_parents",
        params={
            "file": str(stored),
            "organisation_id": practitioner.organisation_id,
            "user_id": practitioner.pk,
        },
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "alongside.settings.test",
        "DATABASE_URL": database_url(),
    }
    worker = subprocess.Popen(  # noqa: S603
        [str(Path(sys.executable).with_name("alongside")), "worker", "--poll", "0.1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            job.refresh_from_db()
            if job.checkpoint.get("saved", 0) >= 1000:
                break
            time.sleep(0.05)
        else:
            pytest.fail(f"The worker never got going: {job.status} {job.stage} {job.message}")
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()

    job.refresh_from_db()
    saved = job.checkpoint["saved"]
    assert job.status == "running" and saved < ROWS, "killed mid-import"
    # Whole chunks only: what the checkpoint says is exactly what is in the database.
    assert Parent.objects.filter(family_name__startswith="Crashtest").count() == saved
    assert saved % 500 == 0
    assert verify_chain().intact

    # The next worker finds the stalled job and carries on from the checkpoint.
    assert jobs_recover_stalled(now=timezone.now() + timedelta(minutes=5)) == [job.pk]
    job = job_run(job_claim_next())
    assert job.status == "succeeded", job.message
    names = sorted(
        Parent.objects.filter(family_name__startswith="Crashtest").values_list(
            "family_name", flat=True
        )
    )
    assert names == [f"Crashtest{i:05d}" for i in range(ROWS)]
    assert job.result == {"imported": ROWS, "rejected": 0}
    assert verify_chain().intact
    path.unlink()
    assert Job.objects.get(pk=job.pk).attempts == 2


def clusters(persons_csv: Path) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    with persons_csv.open(newline="") as handle:
        for row in csv.DictReader(handle):
            groups.setdefault(row["person_id"], set()).add(row["record_key"])
    return {frozenset(g) for g in groups.values()}


@pytest.mark.django_db(transaction=True)
def test_sigkill_during_a_linkage_run_publishes_nothing_and_the_rerun_matches(
    tmp_path, service_manager
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from alongside.linkage import generate_applications, link_applications
    from alongside.population.models import LinkageRun
    from alongside.population.services import linkage_run_start

    generate_applications(tmp_path, records=8000, seed=11)
    extract = tmp_path / "applications.csv"
    run = linkage_run_start(
        user=service_manager,
        applications=[SimpleUploadedFile("applications.csv", extract.read_bytes())],
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "alongside.settings.test",
        "DATABASE_URL": database_url(),
    }
    worker = subprocess.Popen(  # noqa: S603
        [str(Path(sys.executable).with_name("alongside")), "worker", "--poll", "0.1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            run.job.refresh_from_db()
            if run.job.stage in {"train", "predict", "cluster"}:
                break
            if run.job.is_finished:
                pytest.fail("The run finished before it could be interrupted.")
            time.sleep(0.02)
        else:
            pytest.fail(f"The run never reached linking: {run.job.stage} {run.job.message}")
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()

    run.refresh_from_db()
    folder = Path(settings.MEDIA_ROOT) / "linkage" / run.job.params["folder"]
    assert run.results_dir == "" and run.summary == {}
    assert not (folder / "results").exists(), "no half-written results are published"

    assert jobs_recover_stalled(now=timezone.now() + timedelta(minutes=5)) == [run.job_id]
    job = job_run(job_claim_next())
    assert job.status == "succeeded", job.message
    run = LinkageRun.objects.get(pk=run.pk)
    assert not list(folder.glob("work-*")), "the killed attempt's working folder is cleared"
    reference = link_applications([extract], tmp_path / "reference", report=False)
    assert clusters(folder / "results" / "persons.csv") == clusters(
        reference.out_dir / "persons.csv"
    )
    assert run.summary["records"] == reference.records
