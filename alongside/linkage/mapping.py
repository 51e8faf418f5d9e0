"""Column mappings: which heading in a local extract holds each column Alongside needs.

A mapping is a small YAML file; a template for each kind of extract ships in
`alongside/linkage/mappings/`. Copy one, change the right-hand side to your headings.
"""

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import InputError
from .extract_kinds import KINDS, ExtractKind

TEMPLATES_DIR = Path(__file__).resolve().parent / "mappings"
DEFAULT_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y", "%Y/%m/%d")


@dataclass(frozen=True)
class Mapping:
    kind: ExtractKind
    columns: dict[str, str]  # Alongside's column -> heading in the file
    date_formats: tuple[str, ...] = field(default=DEFAULT_DATE_FORMATS)


def template_path(kind: str) -> Path:
    return TEMPLATES_DIR / f"{kind}.yaml"


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
    if not isinstance(data, dict) or not isinstance(data.get("columns"), dict):
        raise InputError(f"The mapping file {source} needs a 'columns:' section.")
    declared_kind = data.get("kind", kind)
    if declared_kind != kind:
        raise InputError(
            f"The mapping file {source} is for '{declared_kind}' extracts, not '{kind}'."
        )
    extract_kind = KINDS[kind]
    unknown = sorted(set(data["columns"]) - set(extract_kind.columns))
    if unknown:
        raise InputError(
            f"The mapping file {source} names columns Alongside does not use: "
            f"{', '.join(unknown)}. Known columns: {', '.join(extract_kind.columns)}."
        )
    columns = {str(k): str(v) for k, v in data["columns"].items() if v not in (None, "")}
    formats = tuple(data.get("date_formats") or DEFAULT_DATE_FORMATS)
    return Mapping(kind=extract_kind, columns=columns, date_formats=formats)
