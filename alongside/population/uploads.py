"""Checking and storing uploaded extracts. Only the kinds of file the linkage reads are taken,
checked by their first bytes as well as their names."""

import uuid
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError

MAX_UPLOAD_BYTES = 200 * 1024 * 1024
# All the files of one run together, and what an Excel file holds once unzipped (a small .xlsx
# can unzip to gigabytes: a 'zip bomb').
MAX_TOTAL_UPLOAD_BYTES = 500 * 1024 * 1024
MAX_XLSX_UNZIPPED_BYTES = 1024 * 1024 * 1024
ALLOWED = {".csv", ".xlsx", ".parquet"}


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):,.0f}MB"


def check_total(uploads) -> None:
    """The files of one linkage run together must fit the total limit."""
    total = sum(upload.size for upload in uploads if upload)
    if total > MAX_TOTAL_UPLOAD_BYTES:
        raise ValidationError(
            f"The files together are {_megabytes(total)}: one run can take at most "
            f"{_megabytes(MAX_TOTAL_UPLOAD_BYTES)} in all. Split the extracts across runs or "
            "remove columns the linkage does not use"
        )


def check_extract(upload) -> None:
    suffix = Path(upload.name).suffix.lower()
    if suffix not in ALLOWED:
        raise ValidationError("The file must be a CSV, Excel (.xlsx) or Parquet file")
    if upload.size == 0:
        raise ValidationError("The file is empty")
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError("The file must be smaller than 200MB")
    head = upload.read(4)
    upload.seek(0)
    if suffix == ".xlsx" and head != b"PK\x03\x04":
        raise ValidationError("The file is named .xlsx but is not an Excel file")
    if suffix == ".xlsx":
        _check_unzipped_size(upload)
    if suffix == ".parquet" and head != b"PAR1":
        raise ValidationError("The file is named .parquet but is not a Parquet file")
    if suffix == ".csv" and b"\x00" in upload.read(4096):
        upload.seek(0)
        raise ValidationError("The file is named .csv but is not a text file")
    upload.seek(0)


def _check_unzipped_size(upload) -> None:
    try:
        with zipfile.ZipFile(upload) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as error:
        upload.seek(0)
        raise ValidationError("The file is named .xlsx but is not an Excel file") from error
    upload.seek(0)
    if unzipped > MAX_XLSX_UNZIPPED_BYTES:
        raise ValidationError(
            f"The Excel file unpacks to {_megabytes(unzipped)}, more than the "
            f"{_megabytes(MAX_XLSX_UNZIPPED_BYTES)} Alongside reads: save it as CSV instead"
        )


def store_extract(upload, run_folder: str) -> str:
    """Save under MEDIA_ROOT with a name we choose (never the uploaded name) and return the path."""
    relative = (
        Path("linkage")
        / run_folder
        / "inputs"
        / f"{uuid.uuid4().hex}{Path(upload.name).suffix.lower()}"
    )
    target = Path(settings.MEDIA_ROOT) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return str(relative)
