"""Column mappings: which heading in a local extract holds each column Alongside needs.

A mapping is a small YAML file; a template for each kind of extract ships in
`alongside/linkage/mappings/`. Copy one, change the right-hand side to your headings. The web app
keeps the mappings people make on screen in the same shape (kind, columns, date formats) and
writes the one a run uses next to its extracts, so the run reads it like any mapping file.

A heading matches whatever its case and surrounding spaces (`heading_matches`); the same rule
decides at upload whether a file has the columns (`missing_columns`) and when the file is read.
`suggest_columns` proposes a mapping for a file's headings from their names and `ALIASES`.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import InputError
from .extract_kinds import KINDS, ExtractKind

TEMPLATES_DIR = Path(__file__).resolve().parent / "mappings"
DEFAULT_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y", "%Y/%m/%d")

# Other headings local extracts use for a column, compared after `normalise_heading`. They only
# suggest a match on screen; a person confirms it before a run uses it.
_PERSON_ALIASES: dict[str, tuple[str, ...]] = {
    "forename": (
        "first_name",
        "firstname",
        "given_name",
        "given_names",
        "forenames",
        "first_names",
    ),
    "surname": ("last_name", "lastname", "family_name", "second_name"),
    "previous_names": (
        "former_names",
        "other_names",
        "previous_surnames",
        "former_surnames",
        "maiden_name",
        "aliases",
    ),
    "dob": ("date_of_birth", "birth_date", "birthdate", "dateofbirth", "d_o_b"),
    "postcode": ("post_code", "postal_code", "postcode_at_booking"),
    "nhs_number": ("nhs_no", "nhs", "nhsnumber", "nhs_num"),
    "ethnicity": ("ethnic_group", "ethnic_origin", "ethnic_category"),
}
_ROLE_PREFIXES = {
    "mother": ("mother", "mothers", "mum", "birth_mother"),
    "father": ("father", "fathers", "dad", "birth_father"),
}
_OTHER_ALIASES: dict[str, tuple[str, ...]] = {
    "application_id": (
        "case_id",
        "case_number",
        "case_no",
        "case_ref",
        "case_reference",
        "application_number",
        "application_ref",
        "application_reference",
    ),
    "issue_date": ("date_issued", "issued_on", "date_of_issue", "application_date"),
    "local_authority": ("la", "la_name", "authority", "council", "local_authority_name"),
    "court": ("court_name", "hearing_centre", "court_centre"),
    "child_id": ("child_ref", "child_reference", "child_number"),
    "child_dob": ("child_date_of_birth", "child_birth_date", "childs_dob"),
    "final_order": ("order_made", "final_order_made", "order_type", "outcome"),
    "final_order_date": ("order_date", "date_of_final_order", "final_order_made_on"),
    "booking_id": ("booking_ref", "booking_reference", "booking_number", "pregnancy_id"),
    "expected_due_date": ("edd", "due_date", "estimated_due_date", "estimated_date_of_delivery"),
    "booking_date": ("date_of_booking", "booked_on", "booking_appointment_date"),
    "care_leaver_id": ("young_person_id", "care_leaver_ref", "client_id", "person_id"),
}


def _aliases() -> dict[str, tuple[str, ...]]:
    table = {**_OTHER_ALIASES, **_PERSON_ALIASES}
    for role, prefixes in _ROLE_PREFIXES.items():
        for name, others in _PERSON_ALIASES.items():
            table[f"{role}_{name}"] = tuple(
                f"{prefix}_{alias}" for prefix in prefixes for alias in (name, *others)
            )
    return table


ALIASES: dict[str, tuple[str, ...]] = _aliases()


@dataclass(frozen=True)
class Mapping:
    kind: ExtractKind
    columns: dict[str, str]  # Alongside's column -> heading in the file
    date_formats: tuple[str, ...] = field(default=DEFAULT_DATE_FORMATS)

    def heading_for(self, column: str) -> str:
        """The heading that holds `column` (the column's own name unless the mapping says)."""
        return self.columns.get(column, column)


@dataclass(frozen=True)
class HeadingCheck:
    """What a file's headings give under a mapping."""

    missing: list[str]  # headings the mapping needs for required columns and the file lacks
    unused: list[str]  # headings in the file that no column of this kind uses

    @property
    def ok(self) -> bool:
        return not self.missing


def heading_key(heading: str) -> str:
    """How two headings are compared: the same whatever their case and surrounding spaces."""
    return str(heading).strip().lower()


def normalise_heading(heading: str) -> str:
    """'Mother's Date of Birth ' -> 'mothers_date_of_birth': for matching against aliases."""
    text = re.sub(r"['’`]", "", str(heading).strip().lower())
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


def missing_columns(mapping: Mapping, headings: Iterable[str]) -> list[str]:
    """The headings `mapping` needs for the kind's required columns that are not in `headings`."""
    present = {heading_key(h) for h in headings}
    return [
        mapping.heading_for(column)
        for column in mapping.kind.required
        if heading_key(mapping.heading_for(column)) not in present
    ]


def check_headings(mapping: Mapping, headings: Iterable[str]) -> HeadingCheck:
    headings = list(headings)
    used = {heading_key(mapping.heading_for(column)) for column in mapping.kind.columns}
    return HeadingCheck(
        missing=missing_columns(mapping, headings),
        unused=[h for h in headings if h.strip() and heading_key(h) not in used],
    )


def suggest_columns(
    kind: str, headings: Iterable[str], known: Iterable[Mapping] = ()
) -> dict[str, str]:
    """A first guess at a mapping for a file with these headings: Alongside's column -> the
    file's heading. A column takes, in order: the heading a known mapping used for it, a heading
    of the same name (any case), then a heading that is a known alias. No heading is used twice."""
    headings = [h for h in headings if str(h).strip()]
    by_key = {heading_key(h): h for h in headings}
    by_normal = {normalise_heading(h): h for h in headings}
    taken: set[str] = set()
    suggested: dict[str, str] = {}
    known = list(known)

    def take(column: str, heading: str | None) -> bool:
        if heading is None or heading in taken:
            return False
        suggested[column] = heading
        taken.add(heading)
        return True

    columns = KINDS[kind].columns
    for column in columns:
        for mapping in known:
            if column in mapping.columns and take(
                column, by_key.get(heading_key(mapping.columns[column]))
            ):
                break
    for column in columns:
        if column not in suggested:
            take(column, by_key.get(heading_key(column)))
    for column in columns:
        if column not in suggested:
            for alias in (normalise_heading(column), *ALIASES.get(column, ())):
                if take(column, by_normal.get(alias)):
                    break
    return {column: suggested[column] for column in columns if column in suggested}


def template_path(kind: str) -> Path:
    return TEMPLATES_DIR / f"{kind}.yaml"


def mapping_from_data(kind: str, data: Any, source: str) -> Mapping:
    """A mapping from its YAML shape ({kind, columns, date_formats}), checked. `source` names
    where it came from in the messages (a file, or a mapping saved on screen)."""
    if kind not in KINDS:
        raise InputError(f"Unknown kind of extract '{kind}'. Use one of: {', '.join(KINDS)}.")
    if not isinstance(data, dict) or not isinstance(data.get("columns"), dict):
        raise InputError(f"The mapping {source} needs a 'columns:' section.")
    declared_kind = data.get("kind", kind)
    if declared_kind != kind:
        raise InputError(f"The mapping {source} is for '{declared_kind}' extracts, not '{kind}'.")
    extract_kind = KINDS[kind]
    unknown = sorted(set(data["columns"]) - set(extract_kind.columns))
    if unknown:
        raise InputError(
            f"The mapping {source} names columns Alongside does not use: "
            f"{', '.join(unknown)}. Known columns: {', '.join(extract_kind.columns)}."
        )
    columns = {str(k): str(v) for k, v in data["columns"].items() if v not in (None, "")}
    formats = tuple(data.get("date_formats") or DEFAULT_DATE_FORMATS)
    return Mapping(kind=extract_kind, columns=columns, date_formats=formats)


def mapping_as_data(mapping: Mapping) -> dict:
    """The YAML shape of `mapping`: what `mapping_from_data` reads back."""
    return {
        "kind": mapping.kind.name,
        "date_formats": list(mapping.date_formats),
        "columns": dict(mapping.columns),
    }


def write_mapping(mapping: Mapping, path: Path | str, comment: str = "") -> Path:
    """Write `mapping` as a mapping file (the shape of the shipped templates)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    header = "".join(f"# {line}\n" for line in comment.splitlines())
    body = yaml.safe_dump(mapping_as_data(mapping), sort_keys=False, allow_unicode=True)
    path.write_text(header + body, encoding="utf-8")
    return path


def load_mapping(kind: str, path: Path | str | None = None) -> Mapping:
    """Read a mapping file, or the shipped template for `kind` when `path` is None."""
    if kind not in KINDS:
        raise InputError(f"Unknown kind of extract '{kind}'. Use one of: {', '.join(KINDS)}.")
    source = Path(path) if path else template_path(kind)
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8")) or {}
    except FileNotFoundError as error:
        raise InputError(f"The mapping file {source} does not exist.") from error
    except yaml.YAMLError as error:
        raise InputError(f"The mapping file {source} is not valid YAML: {error}") from error
    return mapping_from_data(kind, data, f"file {source}")
