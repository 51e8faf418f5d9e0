"""Reading a parent's measures over time, through the access policy."""

from dataclasses import dataclass, field

from django.utils.safestring import SafeString, mark_safe

from alongside.people.models import Parent
from alongside.policy import Action, can

from .charts import Series, line_chart
from .definitions import RATERS, Instrument, get_instrument
from .models import MeasureResponse
from .scoring import Change, Difference, change_between, points_for_discussion

COLOURS = {"parent": "#1d70b8", "worker": "#0b0c0c"}
MARKERS = {"parent": "circle", "worker": "square"}


@dataclass
class AreaRow:
    text: str
    parent: int | None
    worker: int | None
    first_parent: int | None
    point_for_discussion: bool

    @property
    def travelled(self) -> int | None:
        if self.parent is None or self.first_parent is None:
            return None
        return self.parent - self.first_parent


@dataclass
class InstrumentHistory:
    instrument: Instrument
    responses: list[MeasureResponse]
    chart: SafeString = mark_safe("")  # nosec B308 B703
    change: Change | None = None
    changes: dict[str, Change] = field(default_factory=dict)
    areas: list[AreaRow] = field(default_factory=list)
    points: list[Difference] = field(default_factory=list)

    @property
    def scored(self) -> list[MeasureResponse]:
        return [r for r in self.responses if r.complete]


def responses_for(user, parent: Parent) -> list[MeasureResponse]:
    if not can(user, Action.VIEW_PARENT, parent):
        return []
    return list(
        MeasureResponse.objects.filter(parent=parent)
        .select_related("recorded_by")
        .order_by("completed_on", "pk")
    )


def history_for(user, parent: Parent) -> list[InstrumentHistory]:
    """Each instrument the parent has completed, oldest response first, with a chart, the change
    from the first to the latest scored response, and for two-rater instruments the latest
    ratings side by side."""
    by_code: dict[str, list[MeasureResponse]] = {}
    for response in responses_for(user, parent):
        by_code.setdefault(response.instrument, []).append(response)
    histories = []
    for code, responses in by_code.items():
        instrument = get_instrument(code)
        if instrument is None:  # a service removed a definition; its responses stay stored
            continue
        history = InstrumentHistory(instrument=instrument, responses=responses)
        scored = history.scored
        for response in responses:
            response.rater_scores = [
                (RATERS[r], response.scores.get(r, {})) for r in instrument.raters
            ]
            response.alerts = [a for s in response.scores.values() for a in s.get("alerts", [])]
        if scored:
            series = [
                Series(
                    name=f"{RATERS[rater]}'s total",
                    points=[(r.completed_on, r.scores[rater]["total"]) for r in scored],
                    colour=COLOURS[rater],
                    dashed=rater == "worker",
                    marker=MARKERS[rater],
                )
                for rater in instrument.raters
            ]
            reference = None
            if instrument.caseness is not None:
                reference = (instrument.caseness, f"Clinical cut-off ({_n(instrument.caseness)})")
            # The SVG is built by charts.py from numbers and html-escaped text only.
            history.chart = mark_safe(  # noqa: S308  # nosec B308 B703
                line_chart(
                    chart_id=f"chart-{code}",
                    title=f"{instrument.name} totals over time",
                    description=(
                        f"{len(scored)} scored responses from {scored[0].completed_on:%-d %B %Y} "
                        f"to {scored[-1].completed_on:%-d %B %Y}. The numbers are in the table."
                    ),
                    series=series,
                    y_min=instrument.min_total,
                    y_max=instrument.max_total,
                    reference=reference,
                )
            )
            if len(scored) > 1:
                history.changes = {
                    RATERS[rater]: change_between(
                        instrument,
                        scored[0].scores[rater]["total"],
                        scored[-1].scores[rater]["total"],
                    )
                    for rater in instrument.raters
                }
                history.change = history.changes[RATERS[instrument.raters[0]]]
        if len(instrument.raters) > 1 and scored:
            latest, first = scored[-1].answers, scored[0].answers
            parent_now, worker_now = latest.get("parent", {}), latest.get("worker", {})
            history.points = points_for_discussion(instrument, parent_now, worker_now)
            flagged = {p.item_id for p in history.points}
            history.areas = [
                AreaRow(
                    text=item.text,
                    parent=parent_now.get(item.id),
                    worker=worker_now.get(item.id),
                    first_parent=first.get("parent", {}).get(item.id) if len(scored) > 1 else None,
                    point_for_discussion=item.id in flagged,
                )
                for item in instrument.items
            ]
        histories.append(history)
    return sorted(histories, key=lambda h: h.instrument.name)


def _n(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
