"""Importing parents from a spreadsheet (CSV), e.g. when a service moves its caseload into
Alongside. Every row is checked; rows with problems are reported by row number and written to a
quarantine file, never silently dropped; good rows are saved in chunks, each chunk in one transaction with
the job's checkpoint, so an interrupted import leaves no chunk half-written and carries on from
the last saved chunk."""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from alongside.linkage import csv_safe

from .choices import ETHNICITY_CHOICES, CareExperience
from .services import parent_create
from .validators import (
    normalise_nhs_number,
    normalise_postcode,
    validate_nhs_number,
    validate_postcode,
)

# A caseload moving into Alongside is thousands of rows, a few megabytes: anything far larger is
# refused before it is read, with the limit named.
MAX_IMPORT_BYTES = 20 * 1024 * 1024
REQUIRED_COLUMNS = ["given_name", "family_name"]
OPTIONAL_COLUMNS = [
    "previous_names",
    "date_of_birth",
    "nhs_number",
    "phone",
    "email",
    "postcode",
    "ethnicity",
    "care_experienced",
]
_ETHNICITY_BY_TEXT = {
    **{code: code for code, _ in ETHNICITY_CHOICES},
    **{label.lower(): code for code, label in ETHNICITY_CHOICES},
}
_CARE = {
    "yes": "yes",
    "y": "yes",
    "no": "no",
    "n": "no",
    "not known": "not_known",
    "": "not_known",
    "not_known": "not_known",
}


class ImportFileError(Exception):
    """The file as a whole cannot be imported (not CSV, empty, missing columns)."""


@dataclass
class RowProblem:
    row: int
    problems: list[str]
    values: dict


@dataclass
class ImportResult:
    imported: int = 0
    rejected: list[RowProblem] = field(default_factory=list)


def check_import_size(size: int) -> None:
    if size > MAX_IMPORT_BYTES:
        raise ImportFileError(
            f"The file is {size / (1024 * 1024):,.1f}MB: an import can be at most "
            f"{MAX_IMPORT_BYTES // (1024 * 1024)}MB. Split it into smaller files."
        )


def read_rows(data: bytes) -> list[dict]:
    check_import_size(len(data))
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames:
        raise ImportFileError("The file is empty: it needs a header row naming the columns.")
    columns = [c.strip().lower() for c in reader.fieldnames]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise ImportFileError(f"The file is missing these columns: {', '.join(missing)}.")
    rows = [{k.strip().lower(): (v or "").strip() for k, v in row.items() if k} for row in reader]
    if not rows:
        raise ImportFileError("The file has a header row but no parents in it.")
    return rows


def _date(value: str) -> date | None:
    if not value:
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            parsed = datetime.strptime(value, pattern).date()  # noqa: DTZ007 - a date, no time
        except ValueError:
            continue
        if parsed > date.today():
            raise ValidationError("date_of_birth is in the future")
        return parsed
    raise ValidationError(f"date_of_birth {value!r} is not a date like 1998-04-27 or 27/04/1998")


def check_row(row: dict) -> tuple[dict | None, list[str]]:
    problems = []
    details = {
        "given_name": row.get("given_name", "")[:100],
        "family_name": row.get("family_name", "")[:100],
        "previous_names": [
            n.strip() for n in row.get("previous_names", "").split(";") if n.strip()
        ],
        "phone": row.get("phone", "")[:30],
        "email": row.get("email", "")[:254],
    }
    for name in REQUIRED_COLUMNS:
        if not details[name]:
            problems.append(f"{name} is empty")
    try:
        details["date_of_birth"] = _date(row.get("date_of_birth", ""))
    except ValidationError as error:
        problems.extend(error.messages)
    nhs = row.get("nhs_number", "")
    if nhs:
        try:
            validate_nhs_number(nhs)
        except ValidationError as error:
            problems.extend(f"nhs_number: {m}" for m in error.messages)
    details["nhs_number"] = normalise_nhs_number(nhs)
    postcode = row.get("postcode", "")
    if postcode:
        try:
            validate_postcode(postcode)
        except ValidationError as error:
            problems.extend(f"postcode: {m}" for m in error.messages)
    details["postcode"] = normalise_postcode(postcode) if postcode else ""
    ethnicity = _ETHNICITY_BY_TEXT.get(row.get("ethnicity", "").lower() or "not_asked")
    if ethnicity is None:
        problems.append(f"ethnicity {row.get('ethnicity')!r} is not an ONS 2021 category")
    details["ethnicity"] = ethnicity or "not_asked"
    care = _CARE.get(row.get("care_experienced", "").lower())
    if care is None:
        problems.append("care_experienced must be yes, no or not known")
    details["care_experienced"] = care or CareExperience.NOT_KNOWN
    return (None if problems else details), problems


def import_parents(
    *,
    data: bytes,
    organisation,
    imported_by,
    progress=None,
    already_saved: int = 0,
    on_chunk_saved=None,
    chunk: int = 500,
) -> ImportResult:
    """Check every row, then save the good rows in chunks of `chunk`, each chunk in one
    transaction together with `on_chunk_saved(saved_so_far, total)` (the job's checkpoint).
    `already_saved` resumes an interrupted import: those good rows are already in."""
    rows = read_rows(data)
    result = ImportResult()
    good = []
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        details, problems = check_row(row)
        if problems:
            result.rejected.append(RowProblem(number, problems, row))
        else:
            good.append(details)
        if progress and (number - 1) % chunk == 0:
            progress("Checking rows", number - 1, len(rows))
    for start in range(already_saved, len(good), chunk):
        with transaction.atomic():
            for details in good[start : start + chunk]:
                parent_create(organisation=organisation, created_by=imported_by, details=details)
            saved = min(start + chunk, len(good))
            if on_chunk_saved:
                on_chunk_saved(saved, len(good))
        if progress:
            progress("Saving parents", saved, len(good))
    result.imported = len(good)
    return result


def write_quarantine(rejected: list[RowProblem], path: Path) -> None:
    """The rows that were not imported, with the reasons, for someone to fix and send again."""
    columns = ["row", "problems", "given_name", "family_name", *OPTIONAL_COLUMNS]
    tmp = path.with_suffix(".partial")
    with tmp.open("w", newline="", encoding="utf-8") as out:
        writer = csv_safe.dict_writer(out, columns, extrasaction="ignore")
        writer.writeheader()
        for problem in rejected:
            writer.writerow(
                {"row": problem.row, "problems": "; ".join(problem.problems), **problem.values}
            )
    tmp.replace(path)
