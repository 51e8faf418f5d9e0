"""Measures defined as data: one YAML file per instrument.

Alongside ships only instruments that are free to use (in `instruments/`). A service adds one it
holds a licence for by putting its file in the directory named by the setting
`ALONGSIDE_INSTRUMENTS_DIR`; no code changes. Every file is checked when it is loaded, and a
mistake is reported with the file's name and the field that is wrong.

A file holds: code, name, title, purpose, licence, question, direction (lower_is_better or
higher_is_better), raters (who answers: parent, worker), items (id, text, and optionally
alert_above/alert), either response_options (value and label) or response_scale (min and max),
scoring (method: sum or mean), and optionally reverse_scored (item ids), subscales (id, name,
items), bands (min, max, label: published clinical cut-offs), caseness, reliable_change,
reliable_change_source and discussion_difference (for two raters).
"""

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml
from django.conf import settings

BUILT_IN_DIR = Path(__file__).resolve().parent / "instruments"
RATERS = {"parent": "The parent", "worker": "The worker"}
DIRECTIONS = {"lower_is_better", "higher_is_better"}
METHODS = {"sum", "mean"}


class InstrumentDefinitionError(Exception):
    """A definition file is wrong. The message names the file and the field."""

    def __init__(self, path: Path | str, field_name: str, problem: str):
        self.path = Path(path)
        self.field_name = field_name
        super().__init__(f"{self.path.name}: {field_name}: {problem}")


@dataclass(frozen=True)
class Option:
    value: int
    label: str


@dataclass(frozen=True)
class Item:
    id: str
    number: int
    text: str
    alert_above: int | None = None
    alert: str = ""


@dataclass(frozen=True)
class Band:
    min: float
    max: float
    label: str


@dataclass(frozen=True)
class Subscale:
    id: str
    name: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class Instrument:
    code: str
    name: str
    title: str
    purpose: str
    licence: str
    question: str
    direction: str
    raters: tuple[str, ...]
    items: tuple[Item, ...]
    options: tuple[Option, ...]
    scale_min: int
    scale_max: int
    method: str = "sum"
    reverse_scored: frozenset[str] = frozenset()
    subscales: tuple[Subscale, ...] = ()
    bands: tuple[Band, ...] = ()
    caseness: float | None = None
    reliable_change: float | None = None
    reliable_change_source: str = ""
    discussion_difference: int | None = None
    source: str = field(default="", compare=False)

    @property
    def uses_options(self) -> bool:
        return bool(self.options)

    @property
    def lower_is_better(self) -> bool:
        return self.direction == "lower_is_better"

    def item(self, item_id: str) -> Item:
        return next(i for i in self.items if i.id == item_id)

    def label_for(self, value: int) -> str:
        for option in self.options:
            if option.value == value:
                return option.label
        return str(value)

    @property
    def max_total(self) -> float:
        if self.method == "mean":
            return self.scale_max
        return self.scale_max * len(self.items)

    @property
    def min_total(self) -> float:
        if self.method == "mean":
            return self.scale_min
        return self.scale_min * len(self.items)


def _need(data: dict, key: str, kind, path: Path, where: str = ""):
    name = f"{where}{key}"
    if key not in data or data[key] in (None, ""):
        raise InstrumentDefinitionError(path, name, "is missing")
    value = data[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        kinds = kind if isinstance(kind, tuple) else (kind,)
        wanted = " or ".join(_KIND_NAMES.get(k, k.__name__) for k in kinds)
        raise InstrumentDefinitionError(path, name, f"must be {wanted}")
    return value


_KIND_NAMES = {
    str: "text",
    int: "a whole number",
    float: "a number",
    list: "a list",
    dict: "a mapping",
}


def _number(value, path: Path, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InstrumentDefinitionError(path, name, "must be a number")
    return value


def parse_instrument(data, path: Path | str) -> Instrument:
    """Check one definition and turn it into an Instrument; InstrumentDefinitionError if wrong."""
    path = Path(path)
    if not isinstance(data, dict):
        raise InstrumentDefinitionError(path, "(file)", "must be a YAML mapping of fields")
    code = _need(data, "code", str, path)
    if not code.replace("_", "").isalnum() or not code.islower():
        raise InstrumentDefinitionError(
            path, "code", "must be lower-case letters, digits and underscores"
        )
    text = {k: _need(data, k, str, path) for k in ("name", "title", "licence", "question")}
    direction = data.get("direction", "lower_is_better")
    if direction not in DIRECTIONS:
        raise InstrumentDefinitionError(path, "direction", f"must be one of {sorted(DIRECTIONS)}")
    raters = data.get("raters", ["parent"])
    if not isinstance(raters, list) or not raters or any(r not in RATERS for r in raters):
        raise InstrumentDefinitionError(path, "raters", f"must be a list from {sorted(RATERS)}")
    if len(set(raters)) != len(raters):
        raise InstrumentDefinitionError(path, "raters", "must not repeat a rater")

    options: list[Option] = []
    if "response_options" in data and "response_scale" in data:
        raise InstrumentDefinitionError(
            path, "response_options", "give response_options or response_scale, not both"
        )
    if "response_options" in data:
        raw_options = _need(data, "response_options", list, path)
        for n, raw in enumerate(raw_options):
            where = f"response_options[{n}]."
            if not isinstance(raw, dict):
                raise InstrumentDefinitionError(path, f"response_options[{n}]", "must be a mapping")
            options.append(
                Option(_need(raw, "value", int, path, where), _need(raw, "label", str, path, where))
            )
        if not options:
            raise InstrumentDefinitionError(path, "response_options", "must not be empty")
        values = [o.value for o in options]
        if len(set(values)) != len(values):
            raise InstrumentDefinitionError(path, "response_options", "values must not repeat")
        scale_min, scale_max = min(values), max(values)
    elif "response_scale" in data:
        scale = _need(data, "response_scale", dict, path)
        scale_min = _need(scale, "min", int, path, "response_scale.")
        scale_max = _need(scale, "max", int, path, "response_scale.")
        if scale_min >= scale_max:
            raise InstrumentDefinitionError(path, "response_scale", "min must be less than max")
    else:
        raise InstrumentDefinitionError(
            path, "response_options", "is missing (or give response_scale)"
        )

    raw_items = _need(data, "items", list, path)
    if not raw_items:
        raise InstrumentDefinitionError(path, "items", "must not be empty")
    items: list[Item] = []
    for n, raw in enumerate(raw_items):
        where = f"items[{n}]."
        if not isinstance(raw, dict):
            raise InstrumentDefinitionError(path, f"items[{n}]", "must be a mapping")
        alert_above = raw.get("alert_above")
        if alert_above is not None:
            _number(alert_above, path, f"{where}alert_above")
            if not raw.get("alert"):
                raise InstrumentDefinitionError(
                    path, f"{where}alert", "is missing (say what the worker should do)"
                )
        items.append(
            Item(
                id=_need(raw, "id", str, path, where),
                number=n + 1,
                text=_need(raw, "text", str, path, where),
                alert_above=alert_above,
                alert=raw.get("alert", ""),
            )
        )
    ids = [i.id for i in items]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise InstrumentDefinitionError(path, "items", f"item ids repeat: {', '.join(duplicates)}")

    scoring = data.get("scoring", {"method": "sum"})
    if not isinstance(scoring, dict):
        raise InstrumentDefinitionError(path, "scoring", "must be a mapping")
    method = scoring.get("method", "sum")
    if method not in METHODS:
        raise InstrumentDefinitionError(path, "scoring.method", f"must be one of {sorted(METHODS)}")

    reverse = data.get("reverse_scored", []) or []
    if not isinstance(reverse, list):
        raise InstrumentDefinitionError(path, "reverse_scored", "must be a list of item ids")
    unknown = [r for r in reverse if r not in ids]
    if unknown:
        raise InstrumentDefinitionError(
            path, "reverse_scored", f"unknown item ids: {', '.join(map(str, unknown))}"
        )

    subscales: list[Subscale] = []
    for n, raw in enumerate(data.get("subscales", []) or []):
        where = f"subscales[{n}]."
        if not isinstance(raw, dict):
            raise InstrumentDefinitionError(path, f"subscales[{n}]", "must be a mapping")
        sub_items = _need(raw, "items", list, path, where)
        unknown = [i for i in sub_items if i not in ids]
        if unknown:
            raise InstrumentDefinitionError(
                path, f"{where}items", f"unknown item ids: {', '.join(map(str, unknown))}"
            )
        subscales.append(
            Subscale(
                _need(raw, "id", str, path, where),
                _need(raw, "name", str, path, where),
                tuple(sub_items),
            )
        )

    bands: list[Band] = []
    for n, raw in enumerate(data.get("bands", []) or []):
        where = f"bands[{n}]."
        if not isinstance(raw, dict):
            raise InstrumentDefinitionError(path, f"bands[{n}]", "must be a mapping")
        band = Band(
            _number(raw.get("min"), path, f"{where}min"),
            _number(raw.get("max"), path, f"{where}max"),
            _need(raw, "label", str, path, where),
        )
        if band.min > band.max:
            raise InstrumentDefinitionError(path, f"{where}min", "must not be more than max")
        if bands and band.min <= bands[-1].max:
            raise InstrumentDefinitionError(path, f"{where}min", "bands must not overlap")
        bands.append(band)

    optional_numbers = {}
    for key in ("caseness", "reliable_change"):
        if data.get(key) is not None:
            optional_numbers[key] = _number(data[key], path, key)
    difference = data.get("discussion_difference")
    if difference is not None:
        _number(difference, path, "discussion_difference")
        if len(raters) < 2:
            raise InstrumentDefinitionError(
                path, "discussion_difference", "needs two raters (parent and worker)"
            )

    return Instrument(
        code=code,
        purpose=str(data.get("purpose", "")),
        direction=direction,
        raters=tuple(raters),
        items=tuple(items),
        options=tuple(options),
        scale_min=scale_min,
        scale_max=scale_max,
        method=method,
        reverse_scored=frozenset(reverse),
        subscales=tuple(subscales),
        bands=tuple(bands),
        reliable_change_source=str(data.get("reliable_change_source", "")),
        discussion_difference=difference,
        source=str(path),
        **text,
        **optional_numbers,
    )


def load_file(path: Path) -> Instrument:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise InstrumentDefinitionError(path, "(file)", f"is not valid YAML: {error}") from error
    return parse_instrument(data, path)


def instrument_dirs() -> list[Path]:
    dirs = [BUILT_IN_DIR]
    extra = getattr(settings, "ALONGSIDE_INSTRUMENTS_DIR", "")
    if extra:
        dirs.append(Path(extra))
    return dirs


@cache
def _load(dirs: tuple[Path, ...]) -> dict[str, Instrument]:
    found: dict[str, Instrument] = {}
    for directory in dirs:
        if not directory.is_dir():
            continue
        for path in sorted(directory.glob("*.yaml")) + sorted(directory.glob("*.yml")):
            instrument = load_file(path)
            if instrument.code in found:
                raise InstrumentDefinitionError(
                    path,
                    "code",
                    f"'{instrument.code}' is already used by {Path(found[instrument.code].source).name}",
                )
            found[instrument.code] = instrument
    return found


def all_instruments() -> dict[str, Instrument]:
    """Every instrument this service may use, by code: the shipped ones and its own."""
    return _load(tuple(instrument_dirs()))


def get_instrument(code: str) -> Instrument | None:
    return all_instruments().get(code)


def clear_cache() -> None:
    _load.cache_clear()
