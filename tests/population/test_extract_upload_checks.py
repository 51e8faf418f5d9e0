"""Extracts are checked at upload, before any run starts: every message names the person's own
file; a file whose columns have other names is matched on screen, the matching is saved and
used again; nothing chosen is lost, and nothing half-made is left behind."""

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from alongside.accounts.models import Role
from alongside.jobs.models import Job
from alongside.jobs.services import job_claim_next, job_run
from alongside.linkage import InputError
from alongside.linkage.duck import connect
from alongside.linkage.extracts import load_extract
from alongside.linkage.mapping import load_mapping
from alongside.population import jobs
from alongside.population.models import ColumnMapping, LinkageRun

from ..factories import UserFactory

HEADING = "application_id,issue_date,local_authority,mother_forename,mother_surname,mother_dob"
ROWS = (
    "A1,2021-01-04,Leeds,Amy,Testperson,01/02/1995\nA2,2022-03-09,Leeds,Amy,Testperson,01/02/1995\n"
)
# A local extract: the same things under the names its system gives them.
LOCAL_HEADING = "Case ref,Date issued,LA,Mum first name,Mum surname,Mum DOB,Court name,Notes"
LOCAL_ROWS = (
    "A1,04/01/2021,Leeds,Amy,Testperson,01/02/1995,Leeds FC,x\n"
    "A2,09/03/2022,Leeds,Amy,Testperson,01/02/1995,Leeds FC,y\n"
)


def csv_upload(name: str, text: str, encoding: str = "utf-8") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def stored_files(media: Path) -> list[Path]:
    return [p for p in Path(media).rglob("*") if p.is_file()]


def selected(body: str, field: str) -> str | None:
    """The option chosen in the select for `field`, as the page shows it."""
    select = re.search(rf'<select[^>]* id="id_{field}"[^>]*>(.*?)</select>', body, re.S)
    chosen = re.search(r'<option value="([^"]*)" selected>', select.group(1)) if select else None
    return chosen.group(1) if chosen else None


def mapping_answers(body: str, fields) -> dict:
    return {field: selected(body, field) or "" for field in fields}


def test_missing_columns_name_the_file_and_the_columns_and_start_nothing(signed_in, analyst, media):
    heading = "application_id,issue_date,local_authority,mother_forename,mother_surname"
    client = signed_in(analyst)

    response = client.post(
        "/population/", {"applications": [csv_upload("care-2025.csv", f"{heading}\n{ROWS}")]}
    )

    assert response.status_code == 302 and "/columns/" in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert "care-2025.csv is missing the columns: mother_dob" in page
    assert "Match the columns in care-2025.csv" in page
    assert not LinkageRun.objects.exists() and not Job.objects.exists()
    # The file is kept aside for the next step, and nothing else was written.
    assert [p.parent.parent.parent.name for p in stored_files(media)] == ["pending"]


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("care-2025.csv", b"", "care-2025.csv is empty"),
        ("care-2025.csv", b"\n \n", "care-2025.csv is empty"),
        ("care-2025.csv", f"{HEADING}\n".encode(), "care-2025.csv has headings but no rows"),
        (
            "care-2025.csv",
            f"{HEADING}\n{ROWS}".encode("utf-16"),
            "care-2025.csv is saved as UTF-16",
        ),
        (
            "care-2025.csv",
            f"{HEADING}\n".encode() + b"A1,2021-01-04,Leeds,\x81\x8d,T,01/02/1995\n",
            "care-2025.csv is not saved as UTF-8 or Windows-1252 text",
        ),
        (
            "care-2025.xls",
            b"\xd0\xcf\x11\xe0",
            "care-2025.xls must be a CSV, Excel (.xlsx) or Parquet",
        ),
        (
            "care-2025.xlsx",
            b"PK\x03\x04broken",
            "care-2025.xlsx is named .xlsx but is not an Excel",
        ),
    ],
)
def test_a_file_that_cannot_be_used_is_refused_with_its_name(
    signed_in, analyst, media, name, content, message
):
    response = signed_in(analyst).post(
        "/population/", {"applications": [SimpleUploadedFile(name, content)]}
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not LinkageRun.objects.exists() and not Job.objects.exists()
    assert stored_files(media) == []


def test_a_windows_1252_file_is_taken(signed_in, analyst, media):
    text = f"{HEADING}\nA1,2021-01-04,Leeds,Zoë,Testperson,01/02/1995\nA2,2022-01-04,Leeds,Zoë,T,01/02/1995\n"
    response = signed_in(analyst).post(
        "/population/", {"applications": [csv_upload("zoe.csv", text, "cp1252")]}
    )
    run = LinkageRun.objects.get()
    assert response["Location"] == f"/population/runs/{run.pk}/"


def test_the_form_keeps_the_files_that_passed_while_another_is_put_right(signed_in, analyst, media):
    client = signed_in(analyst)
    response = client.post(
        "/population/",
        {
            "applications": [csv_upload("care-2025.csv", f"{HEADING}\n{ROWS}")],
            "bookings": SimpleUploadedFile("bookings-march.csv", b""),
        },
    )
    body = response.content.decode()
    assert "bookings-march.csv is empty" in body
    assert "<strong>Chosen:</strong> care-2025.csv" in body
    assert not LinkageRun.objects.exists()

    bookings = "booking_id,forename,surname,dob,expected_due_date\nB1,Amy,Testperson,01/02/1995,2026-01-01\n"
    response = client.post("/population/", {"bookings": csv_upload("bookings-april.csv", bookings)})

    run = LinkageRun.objects.get()
    assert response["Location"] == f"/population/runs/{run.pk}/"
    assert sorted(run.file_names.values()) == ["bookings-april.csv", "care-2025.csv"]
    assert len(run.applications) == 1 and run.bookings
    for path in [*run.applications, run.bookings]:
        assert (Path(media) / path).is_file() and "pending" not in path


def test_columns_matched_on_screen_start_the_run_and_are_remembered_for_the_next_file(
    signed_in, analyst, media, service
):
    client = signed_in(analyst)
    response = client.post(
        "/population/",
        {"applications": [csv_upload("court-may.csv", f"{LOCAL_HEADING}\n{LOCAL_ROWS}")]},
    )
    columns_url = response["Location"]
    page = client.get(columns_url).content.decode()
    assert "court-may.csv is missing the columns: application_id, issue_date" in page

    # Each column is chosen for the person where the names match (here, by known aliases).
    answers = mapping_answers(
        page,
        [
            "application_id",
            "issue_date",
            "local_authority",
            "mother_forename",
            "mother_surname",
            "mother_dob",
            "court",
            "mother_postcode",
        ],
    )
    assert answers == {
        "application_id": "Case ref",
        "issue_date": "Date issued",
        "local_authority": "LA",
        "mother_forename": "Mum first name",
        "mother_surname": "Mum surname",
        "mother_dob": "Mum DOB",
        "court": "Court name",
        "mother_postcode": "",
    }
    assert not LinkageRun.objects.exists()

    response = client.post(columns_url, {**answers, "name": "Court extract"})

    run = LinkageRun.objects.get()
    assert response["Location"] == f"/population/runs/{run.pk}/"
    assert run.mappings["applications"]["name"] == "Court extract"
    saved = ColumnMapping.objects.get()
    assert (saved.organisation, saved.kind, saved.name) == (
        service,
        "applications",
        "Court extract",
    )
    # The run reads its file with the mapping it was given, as the engine reads any mapping.
    mapping = load_mapping("applications", Path(media) / run.mappings["applications"]["file"])
    assert mapping.columns["mother_dob"] == "Mum DOB"
    report = load_extract(connect(), Path(media) / run.applications[0], mapping, "apps")
    assert report.rows_loaded == 2
    shown = client.get(f"/population/runs/{run.pk}/").content.decode()
    assert "Court extract" in shown
    assert "court-may.csv has columns Alongside does not use, left out: Notes" in shown

    # The next file with these columns goes straight through.
    response = client.post(
        "/population/",
        {"applications": [csv_upload("court-june.csv", f"{LOCAL_HEADING}\n{LOCAL_ROWS}")]},
    )
    second = LinkageRun.objects.exclude(pk=run.pk).get()
    assert response["Location"] == f"/population/runs/{second.pk}/"
    assert second.mappings["applications"]["name"] == "Court extract"
    assert ColumnMapping.objects.count() == 1


def test_a_required_column_left_unmatched_is_asked_for_by_name(signed_in, analyst, media):
    client = signed_in(analyst)
    columns_url = client.post(
        "/population/",
        {"applications": [csv_upload("court-may.csv", f"{LOCAL_HEADING}\n{LOCAL_ROWS}")]},
    )["Location"]
    answers = mapping_answers(
        client.get(columns_url).content.decode(),
        ["application_id", "issue_date", "local_authority", "mother_forename", "mother_surname"],
    )

    response = client.post(columns_url, {**answers, "mother_dob": "", "name": "Court extract"})

    assert response.status_code == 200
    body = response.content.decode()
    assert "Choose the column in court-may.csv that holds the mother&#x27;s date of birth" in body
    assert not LinkageRun.objects.exists() and not ColumnMapping.objects.exists()


def test_another_persons_upload_cannot_be_opened(signed_in, analyst, media, service):
    columns_url = signed_in(analyst).post(
        "/population/",
        {"applications": [csv_upload("court-may.csv", f"{LOCAL_HEADING}\n{LOCAL_ROWS}")]},
    )["Location"]
    colleague = UserFactory(organisation=service, team=None, role=Role.ANALYST)
    assert signed_in(colleague).get(columns_url).status_code == 404


def test_a_run_that_fails_names_the_persons_own_file(signed_in, analyst, media, monkeypatch):
    def refuse(inputs, out, **kwargs):
        raise InputError(f"{Path(inputs[0]).name} could not be read as csv: a broken line.")

    monkeypatch.setattr(jobs, "link_applications", refuse)
    client = signed_in(analyst)
    client.post(
        "/population/", {"applications": [csv_upload("care-2025.csv", f"{HEADING}\n{ROWS}")]}
    )

    job = job_run(job_claim_next())

    assert job.status == "failed"
    page = client.get(f"/population/runs/{LinkageRun.objects.get().pk}/").content.decode()
    assert "care-2025.csv could not be read as csv" in page
