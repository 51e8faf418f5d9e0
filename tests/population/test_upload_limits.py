"""Spreadsheet uploads have size limits, refused with a message that names the limit:
all the extracts of one linkage run together, an Excel file once unzipped, and parent imports."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from alongside.people import imports
from alongside.people.imports import ImportFileError, read_rows
from alongside.population import uploads
from alongside.population.forms import LinkageRunForm

from ..factories import UserFactory

CSV = b"application_id,issue_date\nA1,2021-01-01\n" + b"A2,2021-01-02\n" * 50


def csv_file(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, CSV, content_type="text/csv")


def test_the_files_of_one_run_have_a_total_limit(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_TOTAL_UPLOAD_BYTES", 2 * len(CSV))
    form = LinkageRunForm(
        data={},
        files={
            "applications": [csv_file("a.csv"), csv_file("b.csv")],
            "bookings": csv_file("c.csv"),
        },
    )
    assert not form.is_valid()
    message = " ".join(form.errors["applications"])
    assert "The files together are" in message and "in all" in message


def test_files_within_the_total_limit_are_taken(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_TOTAL_UPLOAD_BYTES", 3 * len(CSV))
    form = LinkageRunForm(data={}, files={"applications": [csv_file("a.csv"), csv_file("b.csv")]})
    assert form.is_valid(), form.errors


def test_an_excel_file_that_unzips_too_large_is_refused(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_XLSX_UNZIPPED_BYTES", 1000)
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", "<c>0</c>" * 10_000)  # compresses well
    upload = SimpleUploadedFile("bomb.xlsx", packed.getvalue())
    assert upload.size < 1000
    with pytest.raises(ValidationError, match="unpacks to"):
        uploads.check_extract(upload)


def test_a_parent_import_over_the_limit_is_refused(monkeypatch, db, tmp_path):
    monkeypatch.setattr(imports, "MAX_IMPORT_BYTES", 100)
    data = b"given_name,family_name\n" + b"Ada,Testperson\n" * 20
    with pytest.raises(ImportFileError, match="an import can be at most"):
        read_rows(data)
    path = tmp_path / "parents.csv"
    path.write_bytes(data)
    user = UserFactory()
    with pytest.raises(CommandError, match="an import can be at most"):
        call_command("import_parents", str(path), "--as-user", user.username)
