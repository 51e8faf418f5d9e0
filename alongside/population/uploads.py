"""Checking and storing uploaded extracts. Only the kinds of file the linkage reads are taken,
checked by their first bytes as well as their names, and by their heading row, before any run
starts. Every message names the person's own file.

An upload is stored at once under a folder of its own (`linkage/pending/<token>/inputs/`, names
we choose) and described by a `PendingUpload` kept in the person's session. It stays there while
they match the columns on screen or replace a file that was refused, and becomes the run's
folder (one rename) when the run starts. Abandoned uploads are removed after a day."""

import shutil
import time
import uuid
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError

from alongside.linkage.errors import InputError
from alongside.linkage.extracts import Headings, read_headings

MAX_UPLOAD_BYTES = 200 * 1024 * 1024
# All the files of one run together, and what an Excel file holds once unzipped (a small .xlsx
# can unzip to gigabytes: a 'zip bomb').
MAX_TOTAL_UPLOAD_BYTES = 500 * 1024 * 1024
MAX_XLSX_UNZIPPED_BYTES = 1024 * 1024 * 1024
ALLOWED = {".csv", ".xlsx", ".parquet"}
PENDING_DIR = Path("linkage") / "pending"
PENDING_KEPT_SECONDS = 24 * 60 * 60

# The form's fields and the kind of extract each takes, in the order a run reads them.
FIELD_KINDS = {
    "applications": "applications",
    "bookings": "midwifery_bookings",
    "care_leavers": "care_leavers",
}


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
    name = upload.name
    suffix = Path(name).suffix.lower()
    if suffix not in ALLOWED:
        raise ValidationError(f"{name} must be a CSV, Excel (.xlsx) or Parquet file")
    if upload.size == 0:
        raise ValidationError(f"{name} is empty: there is nothing to link")
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(f"{name} must be smaller than 200MB")
    head = upload.read(4)
    upload.seek(0)
    if suffix == ".xlsx" and head != b"PK\x03\x04":
        raise ValidationError(f"{name} is named .xlsx but is not an Excel file")
    if suffix == ".xlsx":
        _check_unzipped_size(upload)
    if suffix == ".parquet" and head != b"PAR1":
        raise ValidationError(f"{name} is named .parquet but is not a Parquet file")
    if (
        suffix == ".csv"
        and b"\x00" in upload.read(4096)
        and not head.startswith((b"\xff\xfe", b"\xfe\xff"))
    ):
        upload.seek(0)
        raise ValidationError(f"{name} is named .csv but is not a text file")
    upload.seek(0)


def _check_unzipped_size(upload) -> None:
    try:
        with zipfile.ZipFile(upload) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as error:
        upload.seek(0)
        raise ValidationError(f"{upload.name} is named .xlsx but is not an Excel file") from error
    upload.seek(0)
    if unzipped > MAX_XLSX_UNZIPPED_BYTES:
        raise ValidationError(
            f"{upload.name} unpacks to {_megabytes(unzipped)}, more than the "
            f"{_megabytes(MAX_XLSX_UNZIPPED_BYTES)} Alongside reads: save it as CSV instead"
        )


def upload_headings(upload) -> Headings:
    """The heading row of an uploaded extract (after `check_extract`), or a message that names
    the file: empty, no rows, not readable, or not in a text encoding Alongside reads."""
    try:
        return read_headings(upload, upload.name)
    except InputError as error:
        raise ValidationError(str(error).rstrip(".")) from error
    finally:
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


# --- Uploads kept between steps --------------------------------------------------------------


@dataclass
class StoredExtract:
    """One uploaded extract, stored and not yet part of a run."""

    field: str  # the form field: applications, bookings or care_leavers
    path: str  # under MEDIA_ROOT
    name: str  # the person's own file name
    size: int
    headings: list[str]

    @property
    def kind(self) -> str:
        return FIELD_KINDS[self.field]


@dataclass
class PendingUpload:
    """The extracts of a run being prepared. `mappings`: kind -> the id of the saved column
    mapping that kind is read with, or None for the shipped template; a kind not yet in it has
    headings that need matching on screen. `labels_from`: the earlier run whose clerical
    decisions the run is checked against (None for none), and `train_from_labels` whether they
    also train the model: chosen on the form, kept while the columns are matched."""

    token: str
    files: list[StoredExtract] = field(default_factory=list)
    mappings: dict[str, int | None] = field(default_factory=dict)
    labels_from: int | None = None
    train_from_labels: bool = False

    @classmethod
    def new(cls) -> "PendingUpload":
        return cls(token=uuid.uuid4().hex)

    @classmethod
    def from_session(cls, data: dict | None) -> "PendingUpload | None":
        try:
            return cls(
                token=data["token"],
                files=[StoredExtract(**f) for f in data["files"]],
                mappings=dict(data.get("mappings", {})),
                labels_from=data.get("labels_from"),
                train_from_labels=bool(data.get("train_from_labels")),
            )
        except (KeyError, TypeError):
            return None

    def as_session(self) -> dict:
        return {
            "token": self.token,
            "files": [asdict(f) for f in self.files],
            "mappings": self.mappings,
            "labels_from": self.labels_from,
            "train_from_labels": self.train_from_labels,
        }

    @property
    def folder(self) -> str:
        """The folder under MEDIA_ROOT/linkage/ that holds the files."""
        return str(Path("pending") / self.token)

    def files_for(self, field_name: str) -> list[StoredExtract]:
        return [f for f in self.files if f.field == field_name]

    def files_of_kind(self, kind: str) -> list[StoredExtract]:
        return [f for f in self.files if f.kind == kind]

    @property
    def kinds(self) -> list[str]:
        return [k for k in FIELD_KINDS.values() if self.files_of_kind(k)]

    @property
    def unmatched_kinds(self) -> list[str]:
        return [k for k in self.kinds if k not in self.mappings]

    def keep(self, field_name: str, uploads: list, headings: list[Headings]) -> None:
        """Store these uploads for `field_name`, in place of any kept before for it."""
        for old in self.files_for(field_name):
            (Path(settings.MEDIA_ROOT) / old.path).unlink(missing_ok=True)
        self.files = [f for f in self.files if f.field != field_name]
        self.mappings.pop(FIELD_KINDS[field_name], None)
        for upload, heading in zip(uploads, headings, strict=True):
            self.files.append(
                StoredExtract(
                    field=field_name,
                    path=store_extract(upload, self.folder),
                    name=upload.name,
                    size=upload.size,
                    headings=heading.names,
                )
            )

    def discard(self) -> None:
        shutil.rmtree(Path(settings.MEDIA_ROOT) / "linkage" / self.folder, ignore_errors=True)
        self.files = []
        self.mappings = {}


def pending_sweep(now: float | None = None) -> None:
    """Remove kept uploads nobody went on with for a day."""
    root = Path(settings.MEDIA_ROOT) / PENDING_DIR
    if not root.is_dir():
        return
    cutoff = (now or time.time()) - PENDING_KEPT_SECONDS
    for folder in root.iterdir():
        if folder.is_dir() and folder.stat().st_mtime < cutoff:
            shutil.rmtree(folder, ignore_errors=True)
