"""Load a programme definition from YAML, or refuse it whole with every error listed.

Each error names the file, the line and the field (`pathways[0].phases[1].typical_weeks`), so a
service can fix its file without guessing. Line numbers come from `yaml.compose`, which keeps
where each node started.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from alongside.measures.definitions import all_instruments
from alongside.people.choices import ChildLegalStatus

from .schema import (
    APPROVABLE_DECISIONS,
    CARE_EXPERIENCE_RULES,
    CHILDREN_AT_HOME_RULES,
    EPISODE_OPENERS,
    FORMAT,
    LIMIT_FROM,
    MEASURE_TIMES,
    PREGNANCY_RULES,
    REMOVAL_KINDS,
    Caseload,
    Eligibility,
    Fidelity,
    Pathway,
    Phase,
    Priorities,
    ProgrammeSpec,
    ScheduledMeasure,
)
from .vocabulary import ClosureReason

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates_yaml"
Path_ = tuple[str | int, ...]
# Conditions no programme may set: taking part must never depend on them.
NEVER_CONDITIONS = {"contraception", "long_acting_contraception", "sterilisation"}


@dataclass(frozen=True)
class ProgrammeError:
    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}, line {self.line}" if self.line else self.file
        return f"{where}, {self.field or 'the file'}: {self.message}"


class ProgrammeInvalid(ValueError):
    """The definition is refused whole; `errors` lists every problem found."""

    def __init__(self, errors: list[ProgrammeError]):
        self.errors = errors
        super().__init__(
            f"The programme definition has {len(errors)} error{'s' if len(errors) != 1 else ''}:\n"
            + "\n".join(f"- {e}" for e in errors)
        )


def _field_name(path: Path_) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _lines(node: yaml.Node, path: Path_ = (), into: dict | None = None) -> dict[Path_, int]:
    """Where each value starts (1-based), by its path of keys and list positions."""
    into = {} if into is None else into
    into.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            into[(*path, key.value)] = key.start_mark.line + 1
            _lines(value, (*path, key.value), into)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _lines(item, (*path, index), into)
    return into


class _Checker:
    def __init__(self, filename: str, lines: dict[Path_, int]):
        self.filename = filename
        self.lines = lines
        self.errors: list[ProgrammeError] = []

    def error(self, path: Path_, message: str) -> None:
        line = None
        for cut in range(len(path), -1, -1):
            if path[:cut] in self.lines:
                line = self.lines[path[:cut]]
                break
        self.errors.append(ProgrammeError(self.filename, line, _field_name(path), message))

    def mapping(
        self, value: Any, path: Path_, *, required: set[str], optional: set[str]
    ) -> dict | None:
        if not isinstance(value, dict):
            self.error(path, "must be a set of named fields")
            return None
        for key in value:
            if key in NEVER_CONDITIONS:
                self.error(
                    (*path, key),
                    f"'{key}' can never be a condition of the service; record it as the "
                    "parent's choice under parent_choices instead",
                )
            elif key not in required | optional:
                allowed = ", ".join(sorted(required | optional))
                self.error((*path, key), f"is not a field here (fields allowed: {allowed})")
        for key in sorted(required - set(value)):
            self.error((*path, key), "is missing")
        return value

    def text(self, data: dict, key: str, path: Path_, *, required: bool = False) -> str:
        value = data.get(key)
        if value is None:
            return ""
        if not isinstance(value, str) or not value.strip():
            self.error((*path, key), "must be some text")
            return ""
        return value.strip()

    def whole(
        self, data: dict, key: str, path: Path_, *, low: int = 0, high: int = 10_000
    ) -> int | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.error((*path, key), f"must be a whole number, not {value!r}")
            return None
        if not low <= value <= high:
            self.error((*path, key), f"must be between {low} and {high}, not {value}")
            return None
        return value

    def number(self, value: Any, path: Path_, *, low: float = 0, high: float = 100) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.error(path, f"must be a number, not {value!r}")
            return 1.0
        if not low <= value <= high:
            self.error(path, f"must be between {low} and {high}, not {value}")
        return float(value)

    def one_of(self, data: dict, key: str, path: Path_, options, default: str) -> str:
        value = data.get(key, default)
        if value not in options:
            self.error((*path, key), f"must be one of {', '.join(options)}, not {value!r}")
            return default
        return value

    def list_of(self, data: dict, key: str, path: Path_, options=None) -> tuple[str, ...]:
        value = data.get(key)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.error((*path, key), "must be a list of words")
            return ()
        for index, item in enumerate(value):
            if options is not None and item not in options:
                self.error(
                    (*path, key, index), f"must be one of {', '.join(options)}, not {item!r}"
                )
        return tuple(value)

    def key(self, data: dict, path: Path_) -> str:
        value = data.get("key")
        if not isinstance(value, str) or not value.replace("_", "").replace("-", "").isalnum():
            if "key" in data:
                self.error((*path, "key"), "must be a short name of letters, digits, - or _")
            return ""
        return value

    def range_ok(self, low: int | None, high: int | None, path: Path_, what: str) -> None:
        if low is not None and high is not None and low > high:
            self.error(path, f"the lowest {what} ({low}) is more than the highest ({high})")


ELIGIBILITY_FIELDS = {
    "age",
    "care_experienced",
    "previous_removals",
    "removed_child_under_months",
    "pregnancy",
    "gestation_weeks",
    "max_child_age_months",
    "areas",
    "children_at_home",
    "children",
}


def _eligibility(c: _Checker, value: Any, path: Path_) -> Eligibility | None:
    if value is None:
        return None
    data = c.mapping(value, path, required=set(), optional=ELIGIBILITY_FIELDS)
    if data is None:
        return None
    values: dict[str, Any] = {}
    for name, low_key, high_key in (
        ("age", "min_age", "max_age"),
        ("gestation_weeks", "min_gestation_weeks", "max_gestation_weeks"),
    ):
        if name in data:
            part = c.mapping(data[name], (*path, name), required=set(), optional={"min", "max"})
            if part is not None:
                low = c.whole(part, "min", (*path, name), high=120)
                high = c.whole(part, "max", (*path, name), high=120)
                c.range_ok(low, high, (*path, name), name.replace("_", " "))
                values[low_key], values[high_key] = low, high
    values["care_experienced"] = c.one_of(
        data, "care_experienced", path, CARE_EXPERIENCE_RULES, "any"
    )
    values["pregnancy"] = c.one_of(data, "pregnancy", path, PREGNANCY_RULES, "any")
    if values["pregnancy"] == "not_pregnant" and "gestation_weeks" in data:
        c.error((*path, "gestation_weeks"), "cannot be set when the rule is 'not_pregnant'")
    if "previous_removals" in data:
        sub = (*path, "previous_removals")
        part = c.mapping(
            data["previous_removals"], sub, required=set(), optional={"min", "max", "kinds"}
        )
        if part is not None:
            values["min_removals"] = c.whole(part, "min", sub, high=30)
            values["max_removals"] = c.whole(part, "max", sub, high=30)
            c.range_ok(values["min_removals"], values["max_removals"], sub, "number of removals")
            kinds = c.list_of(part, "kinds", sub, REMOVAL_KINDS)
            if kinds:
                values["removal_kinds"] = kinds
    values["removed_child_under_months"] = c.whole(
        data, "removed_child_under_months", path, high=240
    )
    values["max_child_age_months"] = c.whole(data, "max_child_age_months", path, high=240)
    values["areas"] = tuple(a.upper() for a in c.list_of(data, "areas", path))
    values["children_at_home"] = c.one_of(
        data, "children_at_home", path, CHILDREN_AT_HOME_RULES, "any"
    )
    if "children" in data:
        sub = (*path, "children")
        part = c.mapping(data["children"], sub, required={"min", "statuses"}, optional=set())
        if part is not None:
            values["min_children_with_status"] = c.whole(part, "min", sub, low=1, high=30)
            values["children_statuses"] = c.list_of(
                part, "statuses", sub, list(ChildLegalStatus.values)
            )
    return Eligibility(**{k: v for k, v in values.items() if v is not None})


def _phase(c: _Checker, value: Any, path: Path_) -> Phase | None:
    data = c.mapping(
        value,
        path,
        required={"key", "name", "what_happens"},
        optional={
            "typical_weeks",
            "maximum_weeks",
            "ends_with_decision",
            "decision_options",
            "weight",
            "ends_at_birth",
        },
    )
    if data is None:
        return None
    ends_at_birth = data.get("ends_at_birth", False)
    if not isinstance(ends_at_birth, bool):
        c.error((*path, "ends_at_birth"), "must be true or false")
        ends_at_birth = False
    typical = c.whole(data, "typical_weeks", path, low=1, high=520)
    maximum = c.whole(data, "maximum_weeks", path, low=1, high=520)
    c.range_ok(typical, maximum, path, "length in weeks (typical, maximum)")
    decides = data.get("ends_with_decision", False)
    if not isinstance(decides, bool):
        c.error((*path, "ends_with_decision"), "must be true or false")
        decides = False
    options = c.list_of(data, "decision_options", path)
    if options and not decides:
        c.error((*path, "decision_options"), "needs ends_with_decision: true")
    if decides and not options:
        c.error((*path, "decision_options"), "is missing: list the decisions that can be recorded")
    weight = c.number(data.get("weight", 1), (*path, "weight"), high=5) if "weight" in data else 1.0
    return Phase(
        key=c.key(data, path),
        name=c.text(data, "name", path),
        what_happens=c.text(data, "what_happens", path),
        typical_weeks=typical,
        maximum_weeks=maximum,
        ends_with_decision=decides,
        decision_options=options,
        weight=weight,
        ends_at_birth=ends_at_birth,
    )


def _pathway(c: _Checker, value: Any, path: Path_) -> Pathway | None:
    data = c.mapping(
        value,
        path,
        required={"key", "name", "description", "phases"},
        optional={"eligibility", "maximum_months", "typical_months", "limit_from"},
    )
    if data is None:
        return None
    phases: list[Phase] = []
    raw = data.get("phases")
    if raw is not None and (not isinstance(raw, list) or not raw):
        c.error((*path, "phases"), "must list at least one phase")
    elif raw:
        for index, item in enumerate(raw):
            phase = _phase(c, item, (*path, "phases", index))
            if phase:
                phases.append(phase)
        seen: set[str] = set()
        for index, phase in enumerate(phases):
            if phase.key in seen:
                c.error((*path, "phases", index, "key"), f"'{phase.key}' is used twice")
            seen.add(phase.key)
    typical = c.whole(data, "typical_months", path, low=1, high=240)
    # `maximum_months: none` (or an empty value) says this pathway has no limit at all.
    no_maximum = "maximum_months" in data and data["maximum_months"] in (None, "none")
    maximum = None if no_maximum else c.whole(data, "maximum_months", path, low=1, high=240)
    c.range_ok(typical, maximum, path, "length in months (typical, maximum)")
    return Pathway(
        key=c.key(data, path),
        name=c.text(data, "name", path),
        description=c.text(data, "description", path),
        phases=tuple(phases),
        eligibility=_eligibility(c, data.get("eligibility"), (*path, "eligibility")),
        maximum_months=maximum,
        typical_months=typical,
        no_maximum=no_maximum,
        limit_from=c.one_of(data, "limit_from", path, LIMIT_FROM, "") or None
        if "limit_from" in data
        else None,
    )


TOP_REQUIRED = {"format", "key", "name", "version", "description", "pathways"}
TOP_OPTIONAL = {
    "eligibility",
    "reviews",
    "maximum_months",
    "typical_months",
    "caseload",
    "fidelity",
    "approvals",
    "episode",
    "parent_choices",
    "limit_from",
    "waiting_list",
    "measures",
    "differences",
}


def _programme(c: _Checker, document: Any) -> ProgrammeSpec | None:
    data = c.mapping(document, (), required=TOP_REQUIRED, optional=TOP_OPTIONAL)
    if data is None:
        return None
    if "format" in data and data["format"] != FORMAT:
        c.error(("format",), f"must be '{FORMAT}', not {data['format']!r}")
    version = c.whole(data, "version", (), low=1, high=100_000) or 1
    pathways: list[Pathway] = []
    raw = data.get("pathways")
    if raw is not None and (not isinstance(raw, list) or not raw):
        c.error(("pathways",), "must list at least one pathway")
    elif raw:
        for index, item in enumerate(raw):
            pathway = _pathway(c, item, ("pathways", index))
            if pathway:
                pathways.append(pathway)
        seen: set[str] = set()
        for index, pathway in enumerate(pathways):
            if pathway.key in seen:
                c.error(("pathways", index, "key"), f"'{pathway.key}' is used twice")
            seen.add(pathway.key)

    review_every, review_at_most = 8, None
    if "reviews" in data:
        reviews = c.mapping(
            data["reviews"], ("reviews",), required={"every_weeks"}, optional={"at_most_weeks"}
        )
        if reviews is not None:
            review_every = c.whole(reviews, "every_weeks", ("reviews",), low=1, high=104) or 8
            review_at_most = c.whole(reviews, "at_most_weeks", ("reviews",), low=1, high=104)
            c.range_ok(review_every, review_at_most, ("reviews",), "review interval in weeks")

    caseload = Caseload()
    if "caseload" in data:
        part = c.mapping(
            data["caseload"], ("caseload",), required=set(), optional={"cap", "waiting_weight"}
        )
        if part is not None:
            caseload = Caseload(
                cap=c.number(part.get("cap", 8), ("caseload", "cap"), low=1, high=100),
                waiting_phase_weight=c.number(
                    part.get("waiting_weight", 0), ("caseload", "waiting_weight"), high=5
                ),
            )

    fidelity = _fidelity(c, data.get("fidelity"), ("fidelity",))

    opens_on, closure_reasons = "referral_accepted", ()
    if "episode" in data:
        part = c.mapping(
            data["episode"], ("episode",), required=set(), optional={"opens_on", "closes_with"}
        )
        if part is not None:
            opens_on = c.one_of(part, "opens_on", ("episode",), EPISODE_OPENERS, opens_on)
            closure_reasons = c.list_of(
                part, "closes_with", ("episode",), [r for r, _ in ClosureReason.choices]
            )

    typical = c.whole(data, "typical_months", (), low=1, high=240)
    maximum = c.whole(data, "maximum_months", (), low=1, high=240)
    c.range_ok(typical, maximum, (), "length in months (typical, maximum)")
    return ProgrammeSpec(
        key=c.key(data, ()),
        name=c.text(data, "name", ()),
        version=version,
        description=c.text(data, "description", ()),
        pathways=tuple(pathways),
        eligibility=_eligibility(c, data.get("eligibility"), ("eligibility",)) or Eligibility(),
        review_every_weeks=review_every,
        review_every_weeks_at_most=review_at_most,
        maximum_months=maximum,
        typical_months=typical,
        caseload=caseload,
        fidelity=fidelity,
        approvals=c.list_of(data, "approvals", (), APPROVABLE_DECISIONS),
        opens_on=opens_on,
        closure_reasons=closure_reasons,
        parent_choices=c.list_of(data, "parent_choices", ()),
        limit_from=c.one_of(data, "limit_from", (), LIMIT_FROM, "allocation"),
        priorities=_priorities(c, data.get("waiting_list"), ("waiting_list",)),
        measures=_measures(c, data.get("measures"), ("measures",), {p.key for p in pathways}),
        differences=_differences(c, data.get("differences"), ("differences",)),
    )


FIDELITY_PERCENTS = (
    "attrition_percent_at_most",
    "reviews_on_time_percent_at_least",
    "within_timescales_percent_at_least",
    "caseloads_within_cap_percent_at_least",
)


def _fidelity(c: _Checker, value: Any, path: Path_) -> Fidelity:
    """The optional `fidelity:` block: each threshold optional, the rest default."""
    if value is None:
        return Fidelity()
    names = {*FIDELITY_PERCENTS, "contacts_per_month_at_least", "days_to_first_contact_at_most"}
    data = c.mapping(value, path, required=set(), optional=names)
    if data is None:
        return Fidelity()
    defaults = Fidelity()
    values = {}
    for name in FIDELITY_PERCENTS:
        if name in data:
            values[name] = c.number(data[name], (*path, name), low=0, high=100)
    if "contacts_per_month_at_least" in data:
        values["contacts_per_month_at_least"] = c.number(
            data["contacts_per_month_at_least"], (*path, "contacts_per_month_at_least"), high=60
        )
    days = c.whole(data, "days_to_first_contact_at_most", path, low=0, high=365)
    if days is not None:
        values["days_to_first_contact_at_most"] = days
    return Fidelity(**{**defaults.__dict__, **values})


NO_AGE_LIMIT = object()

PRIORITY_FIELDS = {
    "pregnant",
    "final_hearing",
    "care_experienced",
    "ages",
    "learning_disability",
    "substance_misuse",
    "weeks_waited",
}


def _points_by(c: _Checker, value: Any, path: Path_, limit_key: str) -> tuple:
    """A list like [{within_weeks: 8, points: 30}, ...] as ((8, 30), ...), smallest first."""
    if not isinstance(value, list) or not value:
        c.error(path, f"must be a list of {{{limit_key}: ..., points: ...}}")
        return ()
    pairs = []
    for index, item in enumerate(value):
        part = c.mapping(item, (*path, index), required={limit_key, "points"}, optional=set())
        if part is None:
            continue
        limit = c.whole(part, limit_key, (*path, index), low=1, high=520)
        points = c.whole(part, "points", (*path, index), high=1000)
        if limit is not None and points is not None:
            pairs.append((limit, points))
    return tuple(sorted(pairs))


def _priorities(c: _Checker, value: Any, path: Path_) -> Priorities:
    """The waiting list's factors. Absent: the default order (docs/waiting-list.md)."""
    if value is None:
        return Priorities()
    data = c.mapping(value, path, required=set(), optional=PRIORITY_FIELDS)
    if data is None:
        return Priorities()
    values: dict[str, Any] = {}

    def points(key: str, extra: set[str] = frozenset()) -> dict | None:
        if key not in data:
            return None
        return c.mapping(data[key], (*path, key), required={"points"}, optional=set(extra))

    if (part := points("pregnant", {"per_week"})) is not None:
        values["pregnant_points"] = c.whole(part, "points", (*path, "pregnant"), high=1000)
        values["pregnant_points_per_week"] = c.whole(
            part, "per_week", (*path, "pregnant"), high=100
        )
    if "final_hearing" in data:
        values["final_hearing"] = _points_by(
            c, data["final_hearing"], (*path, "final_hearing"), "within_weeks"
        )
    if (part := points("care_experienced", {"max_age"})) is not None:
        sub = (*path, "care_experienced")
        values["care_experienced_points"] = c.whole(part, "points", sub, high=1000)
        if "max_age" in part and part["max_age"] in (None, "none"):
            values["care_experienced_max_age"] = NO_AGE_LIMIT  # any age
        else:
            values["care_experienced_max_age"] = c.whole(part, "max_age", sub, low=14, high=120)
    if "ages" in data:
        values["ages"] = _points_by(c, data["ages"], (*path, "ages"), "under")
    for key in ("learning_disability", "substance_misuse"):
        if (part := points(key)) is not None:
            values[f"{key}_points"] = c.whole(part, "points", (*path, key), high=1000)
    if (part := points("weeks_waited")) is not None:
        values["points_per_week_waited"] = c.whole(
            part, "points", (*path, "weeks_waited"), high=100
        )
    if values.get("care_experienced_max_age") is NO_AGE_LIMIT:
        values["care_experienced_max_age"] = None
        return Priorities(
            **{k: v for k, v in values.items() if v is not None},
            care_experienced_max_age=None,
        )
    return Priorities(**{k: v for k, v in values.items() if v is not None})


def _measures(
    c: _Checker, value: Any, path: Path_, pathway_keys: set[str]
) -> tuple[ScheduledMeasure, ...]:
    """Which measures are due when, and who completes them. Each must be installed."""
    if value is None:
        return ()
    if not isinstance(value, list):
        c.error(path, "must be a list of measures")
        return ()
    installed = set(all_instruments())
    found = []
    for index, item in enumerate(value):
        sub = (*path, index)
        part = c.mapping(
            item,
            sub,
            required={"instrument", "at", "by"},
            optional={"weeks_after_birth", "pathway"},
        )
        if part is None:
            continue
        instrument = c.text(part, "instrument", sub)
        if instrument and instrument not in installed:
            c.error(
                (*sub, "instrument"),
                f"'{instrument}' is not an installed measure "
                f"(installed: {', '.join(sorted(installed))})",
            )
        at = c.one_of(part, "at", sub, MEASURE_TIMES, "start")
        weeks = c.whole(part, "weeks_after_birth", sub, low=0, high=260)
        if at == "after_birth" and weeks is None:
            c.error((*sub, "weeks_after_birth"), "is missing: say how many weeks after the birth")
        pathway = part.get("pathway")
        if pathway is not None and pathway not in pathway_keys:
            c.error((*sub, "pathway"), f"must be one of {', '.join(sorted(pathway_keys))}")
        found.append(
            ScheduledMeasure(
                instrument=instrument,
                at=at,
                by=c.text(part, "by", sub),
                weeks_after_birth=weeks,
                pathway=pathway,
            )
        )
    return tuple(found)


def _differences(c: _Checker, value: Any, path: Path_) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        c.error(path, "must be a list of sentences")
        return ()
    return tuple(" ".join(v.split()) for v in value)


# Limits on a definition, checked before anything is built from it. The shipped templates are
# under 3 KB and 200 values; these leave ample room while refusing, within milliseconds, a file
# that is too large or a YAML 'billion laughs' (aliases that expand to far more values than
# the text holds).
MAX_DEFINITION_CHARACTERS = 256 * 1024
MAX_DEFINITION_VALUES = 20_000
MAX_DEFINITION_DEPTH = 50


class _TooDeep(Exception):
    pass


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, stopping as soon as the nesting is deeper than the limit (PyYAML
    composes nested values recursively, so a deep file would otherwise run it out of stack).

    The scanner stops too: each open '[' or '{' keeps a possible key open, and PyYAML checks all
    the open ones at every token, so reading a thousand brackets ahead of the composer took a
    tenth of a second here and seconds on a busy machine."""

    _depth = 0

    def fetch_flow_collection_start(self, TokenClass):
        if self.flow_level >= MAX_DEFINITION_DEPTH:
            raise _TooDeep
        super().fetch_flow_collection_start(TokenClass)

    def compose_node(self, parent, index):
        self._depth += 1
        try:
            if self._depth > MAX_DEFINITION_DEPTH:
                raise _TooDeep
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _refuse(filename: str, message: str) -> ProgrammeInvalid:
    return ProgrammeInvalid([ProgrammeError(filename, None, "", message)])


def _check_size(node: yaml.Node, filename: str) -> None:
    """Count the values `node` stands for with every alias expanded, without expanding any:
    each node's count is worked out once and reused wherever an alias points to it."""
    counted: dict[int, int] = {}
    # Iterative post-order walk: (node, depth, children counted yet).
    stack: list[tuple[yaml.Node, int, bool]] = [(node, 1, False)]
    on_path: set[int] = set()
    while stack:
        current, depth, ready = stack.pop()
        key = id(current)
        if key in counted and not ready:
            continue
        if depth > MAX_DEFINITION_DEPTH:
            raise _refuse(
                filename, f"is nested more than {MAX_DEFINITION_DEPTH} levels deep: simplify it"
            )
        if isinstance(current, yaml.MappingNode):
            children = [n for pair in current.value for n in pair]
        elif isinstance(current, yaml.SequenceNode):
            children = list(current.value)
        else:
            children = []
        if not ready:
            if key in on_path:
                raise _refuse(filename, "has an alias that refers to itself (a YAML loop)")
            on_path.add(key)
            stack.append((current, depth, True))
            stack.extend((child, depth + 1, False) for child in children)
            continue
        on_path.discard(key)
        counted[key] = 1 + sum(counted[id(child)] for child in children)
        if counted[key] > MAX_DEFINITION_VALUES:
            raise _refuse(
                filename,
                f"expands to more than {MAX_DEFINITION_VALUES:,} values (YAML aliases repeat "
                "parts of it, as in a 'billion laughs' attack): write the values out instead",
            )


def load_programme(text: str, filename: str = "programme.yaml") -> ProgrammeSpec:
    """The programme in `text`, or ProgrammeInvalid listing every error."""
    if len(text) > MAX_DEFINITION_CHARACTERS:
        raise _refuse(
            filename,
            f"is too large ({len(text):,} characters): a programme definition may have at "
            f"most {MAX_DEFINITION_CHARACTERS:,}",
        )
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            _check_size(node, filename)
            document = loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        raise ProgrammeInvalid(
            [ProgrammeError(filename, line, "", f"is not valid YAML: {error.problem}")]
        ) from error
    except (_TooDeep, RecursionError) as error:
        raise _refuse(
            filename, f"is nested more than {MAX_DEFINITION_DEPTH} levels deep: simplify it"
        ) from error
    finally:
        loader.dispose()
    if node is None:
        raise ProgrammeInvalid([ProgrammeError(filename, None, "", "is empty")])
    checker = _Checker(filename, _lines(node))
    spec = _programme(checker, document)
    if checker.errors or spec is None:
        raise ProgrammeInvalid(checker.errors)
    return spec


def load_file(path: Path) -> ProgrammeSpec:
    return load_programme(path.read_text(encoding="utf-8"), filename=path.name)


def shipped_templates() -> dict[str, Path]:
    """The templates Alongside ships, by programme key."""
    return {path.stem: path for path in sorted(TEMPLATES_DIR.glob("*.yaml"))}
