"""Population linkage in the app: upload, background run, report, identifiable lists."""

import csv
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from alongside.accounts.models import Role
from alongside.audit.models import AuditEntry
from alongside.jobs.services import job_claim_next, job_run
from alongside.population.models import LinkageRun

from ..factories import OrganisationFactory, UserFactory


def upload(path: Path, name: str | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name or path.name, path.read_bytes(), content_type="text/csv")


def start_run(client, extracts: Path, with_lists: bool = True):
    data = {"applications": [upload(extracts / "applications.csv")]}
    if with_lists:
        data["bookings"] = upload(extracts / "midwifery_bookings.csv")
        data["care_leavers"] = upload(extracts / "care_leavers.csv")
    return client.post("/population/", data)


def test_an_analyst_runs_a_linkage_and_reads_the_report(signed_in, analyst, extracts, media):
    client = signed_in(analyst)
    response = start_run(client, extracts)
    run = LinkageRun.objects.get()
    assert response["Location"] == f"/population/runs/{run.pk}/"
    waiting = client.get(f"/population/runs/{run.pk}/").content.decode()
    assert "Waiting to start" in waiting and 'data-module="job-progress"' in waiting
    progress = client.get(f"/population/runs/{run.pk}/progress.json").json()
    assert progress == {"status": "Waiting to start", "stage": "", "percent": 0, "finished": False}

    job = job_run(job_claim_next())
    assert job.status == "succeeded", job.message
    run.refresh_from_db()
    assert run.summary["records"] == 1500
    page = client.get(f"/population/runs/{run.pk}/").content.decode()
    assert "Recurrence report" in page and "Mothers" in page and "<svg" in page
    assert "Identifiable results" not in page  # analysts see totals only

    table = client.get(f"/population/runs/{run.pk}/report/mothers_summary.csv")
    assert table.status_code == 200
    assert AuditEntry.objects.filter(action="export", actor_id=analyst.pk).exists()
    assert client.get(f"/population/runs/{run.pk}/records/persons.csv").status_code == 403
    assert client.get(f"/population/runs/{run.pk}/early-help/").status_code == 403


def test_a_service_manager_sees_the_early_help_list_and_each_view_is_audited(
    signed_in, analyst, service_manager, extracts, media
):
    start_run(signed_in(analyst), extracts)
    job_run(job_claim_next())
    run = LinkageRun.objects.get()
    manager = signed_in(service_manager)
    page = manager.get(f"/population/runs/{run.pk}/").content.decode()
    assert "Identifiable results" in page
    early = manager.get(f"/population/runs/{run.pk}/early-help/")
    assert early.status_code == 200
    body = early.content.decode()
    assert "could be offered help in pregnancy" in body
    assert body.count("This page shows identifiable data") == 1
    assert "IDENTIFIABLE: early-help candidates" not in body  # the file's notice, not per row
    assert "Start a referral" in body
    assert AuditEntry.objects.filter(
        actor_id=service_manager.pk, description="Early-help candidates viewed (identifiable)"
    ).exists()
    persons = manager.get(f"/population/runs/{run.pk}/records/persons.csv")
    text = b"".join(persons.streaming_content).decode()
    rows = list(csv.DictReader(text.splitlines()))
    assert len(rows) == 1500 and set(rows[0]) == {"record_key", "person_id"}
    assert manager.get(f"/population/runs/{run.pk}/records/../../settings.csv").status_code == 404


def test_another_service_cannot_see_the_run(signed_in, analyst, extracts, media):
    start_run(signed_in(analyst), extracts, with_lists=False)
    run = LinkageRun.objects.get()
    outsider = UserFactory(organisation=OrganisationFactory(), team=None, role=Role.SERVICE_MANAGER)
    client = signed_in(outsider)
    assert client.get(f"/population/runs/{run.pk}/").status_code == 404
    assert "Run " + str(run.pk) not in client.get("/population/").content.decode()


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("extract.txt", b"a,b\n1,2\n", "extract.txt must be a CSV, Excel (.xlsx) or Parquet file"),
        (
            "extract.xlsx",
            b"not a spreadsheet",
            "extract.xlsx is named .xlsx but is not an Excel file",
        ),
        ("extract.parquet", b"nope", "extract.parquet is named .parquet but is not a Parquet file"),
        ("extract.csv", b"", "extract.csv is empty"),
        ("extract.csv", b"\x00\x01binary", "extract.csv is named .csv but is not a text file"),
    ],
)
def test_bad_uploads_are_refused_with_a_message(signed_in, analyst, media, name, content, message):
    response = signed_in(analyst).post(
        "/population/", {"applications": [SimpleUploadedFile(name, content)]}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not LinkageRun.objects.exists()


def test_no_file_at_all_is_refused(signed_in, analyst, media):
    body = signed_in(analyst).post("/population/", {}).content.decode()
    assert "Choose at least one care applications extract" in body


def test_an_extract_the_linkage_cannot_use_fails_the_run_with_the_reason(signed_in, analyst, media):
    """Its columns are right (checked at upload), but one parent is too few to link."""
    client = signed_in(analyst)
    heading = "application_id,issue_date,local_authority,mother_forename,mother_surname,mother_dob"
    client.post(
        "/population/",
        {
            "applications": [
                SimpleUploadedFile(
                    "apps.csv", f"{heading}\nA1,2021-01-01,Leeds,Amy,Test,1995-02-01\n".encode()
                )
            ]
        },
    )
    job = job_run(job_claim_next())
    assert job.status == "failed"
    page = client.get(f"/population/runs/{LinkageRun.objects.get().pk}/").content.decode()
    assert "The run did not finish" in page
    assert "linking needs at least two" in page


def test_text_from_an_extract_is_shown_as_text_not_run_as_markup(
    signed_in, service_manager, extracts, media
):
    hostile = "<script>alert(1)</script>"
    lines = (extracts / "applications.csv").read_text().splitlines()
    header = lines[0].split(",")
    column = header.index("local_authority")
    rows = []
    for line in lines[1:]:
        cells = line.split(",")
        if len(cells) == len(header):
            cells[column] = hostile
        rows.append(",".join(cells))
    data = "\n".join([lines[0], *rows]).encode()
    client = signed_in(service_manager)
    client.post("/population/", {"applications": [SimpleUploadedFile("apps.csv", data)]})
    job = job_run(job_claim_next())
    assert job.status == "succeeded", job.message
    page = client.get(f"/population/runs/{LinkageRun.objects.get().pk}/").content.decode()
    assert hostile not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
