"""Reading the directory's data file: every row checked before anything is loaded, and each
problem reported with its line number. Pure: no database."""

import csv
import io
from dataclasses import dataclass, field

from .geography import ALL_REGIONS, close_matches, find_local_authority
from .models import PARTIAL_DATE, ProviderKind, Scope, ServiceModel, Status, When, WorksWith

COLUMNS = (
    "slug",
    "name",
    "provider_name",
    "provider_kind",
    "model",
    "status",
    "status_as_of",
    "started",
    "ended",
    "scope",
    "areas",
    "regions",
    "area_note",
    "courts",
    "works_with",
    "min_age",
    "max_age",
    "when",
    "how_to_refer",
    "description",
    "source",
)
REQUIRED = ("slug", "name", "model", "source")
# Fields stored as they are in the file (areas are stored separately).
FIELDS = tuple(c for c in COLUMNS if c != "areas")


@dataclass
class ServiceRow:
    line: int
    values: dict
    areas: list[str] = field(default_factory=list)


@dataclass
class RowError:
    line: int
    message: str

    def __str__(self) -> str:
        return f"Line {self.line}: {self.message}"


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(";") if v.strip()]


def _choice(row, name, choices, problems, default=""):
    value = row.get(name, "").strip() or default
    if value not in choices.values:
        problems.append(f"{name} '{value}' is not one of {', '.join(choices.values)}")
    return value


def _age(row, name, problems):
    value = row.get(name, "").strip()
    if not value:
        return None
    if not value.isdigit() or not 10 <= int(value) <= 99:
        problems.append(f"{name} '{value}' is not an age in years")
        return None
    return int(value)


def check_row(line: int, row: dict) -> tuple[ServiceRow | None, list[str]]:
    problems = [f"{name} is empty" for name in REQUIRED if not (row.get(name) or "").strip()]
    values = {name: (row.get(name) or "").strip() for name in FIELDS}
    values["provider_kind"] = _choice(row, "provider_kind", ProviderKind, problems, "not_known")
    values["model"] = _choice(row, "model", ServiceModel, problems) if values["model"] else ""
    values["status"] = _choice(row, "status", Status, problems, "not_known")
    values["scope"] = _choice(row, "scope", Scope, problems, "local")
    for name in ("status_as_of", "started", "ended"):
        if values[name] and not PARTIAL_DATE.match(values[name]):
            problems.append(
                f"{name} '{values[name]}' is not a year (2014) or year and month (2014-04)"
            )
    values["min_age"] = _age(row, "min_age", problems)
    values["max_age"] = _age(row, "max_age", problems)
    for name, choices in (("works_with", WorksWith), ("when", When)):
        values[name] = _split(row.get(name) or "")
        for value in values[name]:
            if value not in choices.values:
                problems.append(f"{name} '{value}' is not one of {', '.join(choices.values)}")
    values["regions"] = _split(row.get("regions") or "")
    for region in values["regions"]:
        if region not in ALL_REGIONS:
            problems.append(f"region '{region}' is not one of {', '.join(ALL_REGIONS)}")
    areas = []
    for name in _split(row.get("areas") or ""):
        la = find_local_authority(name)
        if la is None:
            near = ", ".join(m.name for m in close_matches(name))
            problems.append(
                f"'{name}' is not an English local authority"
                + (f" (did you mean {near}?)" if near else "")
            )
        else:
            areas.append(la.slug)
    if values["status"] == Status.CLOSED and not (values["ended"] or values["status_as_of"]):
        problems.append("a closed service needs ended or status_as_of")
    if problems:
        return None, problems
    return ServiceRow(line=line, values=values, areas=areas), []


def read_services(text: str) -> tuple[list[ServiceRow], list[RowError]]:
    """Every row of the file, or every problem in it (a file with any problem loads nothing).
    Line numbers count the header as line 1, as a spreadsheet shows them."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in REQUIRED + ("areas",) if c not in (reader.fieldnames or [])]
    if missing:
        return [], [RowError(1, f"the header has no column {', '.join(missing)}")]
    rows, errors, seen = [], [], {}
    for row in reader:
        line = reader.line_num
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        checked, problems = check_row(line, row)
        slug = (row.get("slug") or "").strip()
        if slug and slug in seen:
            problems.append(f"slug '{slug}' is also on line {seen[slug]}")
        seen.setdefault(slug, line)
        if problems:
            errors.extend(RowError(line, p) for p in problems)
        else:
            rows.append(checked)
    return rows, errors
