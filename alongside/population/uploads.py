"""Checking and storing uploaded extracts. Only the kinds of file the linkage reads are taken,
checked by their first bytes as well as their names."""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError

MAX_UPLOAD_BYTES = 200 * 1024 * 1024
ALLOWED = {".csv", ".xlsx", ".parquet"}


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
    if suffix == ".parquet" and head != b"PAR1":
        raise ValidationError("The file is named .parquet but is not a Parquet file")
    if suffix == ".csv" and b"\x00" in upload.read(4096):
        upload.seek(0)
        raise ValidationError("The file is named .csv but is not a text file")
    upload.seek(0)


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
