"""Scoring responses by their instrument's definition. Nothing here knows a particular
instrument: totals, subscales, reverse scoring, bands, alerts and reliable change all come
from the definition file."""

from dataclasses import dataclass, field

from .definitions import Instrument


class AnswerError(ValueError):
    """An answer outside the instrument's range, or for a question it does not have."""


@dataclass(frozen=True)
class Score:
    complete: bool
    missing: tuple[str, ...]
    total: float | None = None
    subscales: dict[str, float] = field(default_factory=dict)
    band: str = ""
    at_or_above_caseness: bool | None = None
    alerts: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        return {
            "complete": self.complete,
            "missing": list(self.missing),
            "total": self.total,
            "subscales": self.subscales,
            "band": self.band,
            "caseness": self.at_or_above_caseness,
            "alerts": list(self.alerts),
        }


def check_answers(instrument: Instrument, answers: dict[str, int | None]) -> dict[str, int]:
    """The answers given, as whole numbers, refusing any outside the instrument's range."""
    given: dict[str, int] = {}
    ids = {item.id for item in instrument.items}
    allowed = {o.value for o in instrument.options}
    for item_id, value in answers.items():
        if item_id not in ids:
            raise AnswerError(f"{instrument.name} has no question '{item_id}'")
        if value is None or value == "":
            continue
        if isinstance(value, bool) or not isinstance(value, int):
            raise AnswerError(f"The answer to '{item_id}' must be a whole number")
        if instrument.uses_options and value not in allowed:
            raise AnswerError(f"The answer to '{item_id}' is not one of the options")
        if not instrument.scale_min <= value <= instrument.scale_max:
            raise AnswerError(
                f"The answer to '{item_id}' must be from {instrument.scale_min} "
                f"to {instrument.scale_max}"
            )
        given[item_id] = value
    return given


def _tidy(number: float) -> float | int:
    return int(number) if float(number).is_integer() else round(number, 2)


def score(instrument: Instrument, answers: dict[str, int | None]) -> Score:
    """Score one rater's answers. A partly completed response is not scored."""
    given = check_answers(instrument, answers)
    alerts = tuple(
        item.alert
        for item in instrument.items
        if item.alert_above is not None and item.id in given and given[item.id] > item.alert_above
    )
    missing = tuple(item.id for item in instrument.items if item.id not in given)
    if missing:
        return Score(complete=False, missing=missing, alerts=alerts)

    def scored(item_id: str) -> int:
        value = given[item_id]
        if item_id in instrument.reverse_scored:
            return instrument.scale_min + instrument.scale_max - value
        return value

    def combine(item_ids) -> float:
        values = [scored(i) for i in item_ids]
        total = sum(values)
        return _tidy(total / len(values) if instrument.method == "mean" else total)

    total = combine(item.id for item in instrument.items)
    band = next((b.label for b in instrument.bands if b.min <= total <= b.max), "")
    caseness = None if instrument.caseness is None else total >= instrument.caseness
    return Score(
        complete=True,
        missing=(),
        total=total,
        subscales={s.id: combine(s.items) for s in instrument.subscales},
        band=band,
        at_or_above_caseness=caseness,
        alerts=alerts,
    )


@dataclass(frozen=True)
class Change:
    difference: float
    reliable: bool | None  # None when the instrument defines no reliable change
    better: bool | None  # None when there is no change
    summary: str


def change_between(instrument: Instrument, first: float, latest: float) -> Change:
    """From the first score to the latest: how far, in which direction, and whether the change
    is reliable (bigger than the instrument's reliable change index), where it defines one."""
    difference = _tidy(latest - first)
    better = None if difference == 0 else (difference < 0) == instrument.lower_is_better
    reliable = None
    if instrument.reliable_change is not None:
        reliable = abs(difference) >= instrument.reliable_change
    if difference == 0:
        summary = "No change"
    elif reliable is None:
        summary = "Better" if better else "Worse"
    elif reliable:
        summary = "Reliable improvement" if better else "Reliable deterioration"
    else:
        summary = "No reliable change"
    return Change(difference=difference, reliable=reliable, better=better, summary=summary)


@dataclass(frozen=True)
class Difference:
    item_id: str
    text: str
    parent: int
    worker: int

    @property
    def gap(self) -> int:
        return abs(self.parent - self.worker)


def points_for_discussion(
    instrument: Instrument, parent: dict[str, int], worker: dict[str, int]
) -> list[Difference]:
    """Where the parent's and the worker's ratings differ by the instrument's
    discussion_difference or more. A point to talk about, not a correction of either."""
    if instrument.discussion_difference is None:
        return []
    found = []
    for item in instrument.items:
        p, w = parent.get(item.id), worker.get(item.id)
        if p is None or w is None:
            continue
        if abs(p - w) >= instrument.discussion_difference:
            found.append(Difference(item.id, item.text, p, w))
    return found
