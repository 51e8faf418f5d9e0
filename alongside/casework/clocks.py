"""The clocks that matter for a parent: pregnancy, the 26-week court timescale, reviews, and
time left on the programme or in a phase. Shown on caseloads and on the manager's list."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Prefetch

from alongside.core.dates import add_months
from alongside.core.prefetch import read_once
from alongside.measures.definitions import get_instrument
from alongside.people.models import current_pregnancy_among
from alongside.programmes.eligibility import gestation_weeks

from .models import Episode

COURT_WEEKS = 26
NEAR_LIMIT_DAYS = 56  # warn eight weeks before a programme or phase limit
BLOCKER_ATTENTION_DAYS = 56


OVERDUE, SOON, RUNNING = "overdue", "soon", "running"
# One colour per state, so that a glance tells past from near from simply running; the words
# say the same, for anyone who does not see the colour.
TAG_COLOURS = {OVERDUE: "red", SOON: "orange", RUNNING: "blue"}


@dataclass(frozen=True)
class Clock:
    kind: str  # pregnancy, court, review, next_contact, waiting, programme_limit, phase_limit, measure
    text: str
    urgent: bool  # goes on the manager's 'needs attention' list
    since: date  # when it started to matter (for ordering the manager's list)
    state: str = RUNNING  # OVERDUE, SOON or RUNNING

    @property
    def tag_colour(self) -> str:
        return TAG_COLOURS[self.state]


def _days(n: int) -> str:
    return f"{n} day{'s' if n != 1 else ''}"


def _due_in(n: int) -> str:
    """'due today', 'due tomorrow', 'due in 3 days'."""
    if n == 0:
        return "due today"
    if n == 1:
        return "due tomorrow"
    return f"due in {_days(n)}"


LISTED = "listed_"


def list_prefetch(lookup: str, queryset=None) -> Prefetch:
    """Prefetch `lookup` (say 'proceedings' or 'parent__children') into a plain list that
    `listed` reads. A caseload of hundreds of rows then builds no query set for each row and
    relation, as a prefetch into the relation's own manager does."""
    return Prefetch(lookup, queryset=queryset, to_attr=LISTED + lookup.rsplit("__", 1)[-1])


def listed(obj, relation: str):
    """The rows of `obj.<relation>`: the list a caseload read for every row at once
    (`list_prefetch`), else the relation itself (prefetched or not)."""
    rows = getattr(obj, LISTED + relation, None)
    return rows if rows is not None else getattr(obj, relation).all()


def clocks_for(episode: Episode, today: date) -> list[Clock]:
    """The episode's clocks on `today`. Reads the parent's pregnancies and children, and the
    episode's plan, proceedings, measures and taper plans: for a list, read them for every row
    at once (`list_prefetch`, or prefetch_related)."""
    clocks: list[Clock] = []
    parent = episode.parent
    pregnancy = current_pregnancy_among(
        listed(parent, "pregnancies"), listed(parent, "children"), today
    )
    if pregnancy is not None and pregnancy.due_date is not None:
        weeks = gestation_weeks(pregnancy.due_date, today)
        left = (pregnancy.due_date - today).days
        # A pregnancy stays current a few weeks past its due date until the outcome is recorded.
        due = _due_in(left) if left >= 0 else f"{_days(-left)} past the due date"
        clocks.append(
            Clock(
                "pregnancy",
                f"{weeks} weeks pregnant, {due}",
                left <= 84,
                pregnancy.due_date - timedelta(days=280),
                OVERDUE if left < 0 else SOON if left <= 84 else RUNNING,
            )
        )
    for case in listed(episode, "proceedings"):
        if case.ended_on:
            continue
        deadline = case.issued_on + timedelta(weeks=COURT_WEEKS)
        week = (today - case.issued_on).days // 7 + 1
        text = (
            f"Proceedings: week {week} of {COURT_WEEKS}"
            if today <= deadline
            else f"Proceedings: {_days((today - deadline).days)} past the {COURT_WEEKS}-week timescale"
        )
        if case.final_hearing_on and case.final_hearing_on >= today:
            text += f", final hearing in {_days((case.final_hearing_on - today).days)}"
        state = OVERDUE if today > deadline else SOON if week >= 20 else RUNNING
        clocks.append(Clock("court", text, week >= 20, case.issued_on, state))
    plan = getattr(episode, "plan", None)
    if plan is not None:
        due = plan.next_review_on
        if due < today:
            clocks.append(
                Clock(
                    "review", f"Review overdue by {_days((today - due).days)}", True, due, OVERDUE
                )
            )
        elif (due - today).days <= 14:
            text = f"Review {_due_in((due - today).days)}"
            clocks.append(Clock("review", text, False, due, SOON))
    planned = episode.next_contact_on
    if planned is not None and episode.is_open:
        if planned < today:
            late = (today - planned).days
            clocks.append(
                Clock(
                    "next_contact",
                    f"Planned contact overdue by {_days(late)}",
                    late > 7,
                    planned,
                    OVERDUE if late > 7 else SOON,
                )
            )
        elif (planned - today).days <= 7:
            clocks.append(
                Clock(
                    "next_contact",
                    "Next contact planned "
                    + ("today" if planned == today else f"in {_days((planned - today).days)}"),
                    False,
                    planned,
                )
            )
    if episode.key_worker_id is None and episode.is_open:
        waited = (today - episode.opened_on).days
        clocks.append(
            Clock(
                "waiting",
                f"Waiting for a key worker: {_days(waited)} (not counted in any time limit)",
                waited >= 56,
                episode.opened_on,
                OVERDUE if waited >= 56 else RUNNING,
            )
        )
    version = episode.programme_version
    if version is not None:
        spec = version.spec
        clocks.extend(_limit_clocks(episode, spec, today))
        clocks.extend(_measure_clocks(episode, spec, today))
    return clocks


def listed_clocks(episode: Episode, today: date) -> list[Clock]:
    """`clocks_for` an episode on a list page, worked out once however many parts of the page
    show them (the caseload row, the manager's 'needs attention' list)."""
    return read_once(episode, ("clocks", today), lambda: clocks_for(episode, today))


def birth_during_work(episode: Episode) -> date | None:
    """The date of a baby born to the parent since the work began (the youngest such child;
    a pregnancy known at the start counts, so it reaches back a full term)."""
    since = episode.opened_on - timedelta(days=280)
    births = [
        c.date_of_birth
        for c in listed(episode.parent, "children")
        if c.date_of_birth is not None and c.date_of_birth >= since
    ]
    return max(births) if births else None


LIMIT_FROM_WORDS = {"allocation": "from the start of the work", "birth": "from the birth"}


def _limit_clocks(episode: Episode, spec, today: date) -> list[Clock]:
    """Time left of the programme or pathway limit, counted from the event the programme names
    (never from acceptance: time waiting for a key worker does not count), and of the phase."""
    clocks: list[Clock] = []
    months = spec.maximum_months_for(episode.pathway)
    anchor = spec.limit_from_for(episode.pathway)
    start = episode.allocated_on if anchor == "allocation" else birth_during_work(episode)
    if months and start is not None:
        limit = add_months(start, months)
        left = (limit - today).days
        words = LIMIT_FROM_WORDS[anchor]
        if left < 0:
            clocks.append(
                Clock(
                    "programme_limit",
                    f"Past the {months}-month limit ({words})",
                    True,
                    limit,
                    OVERDUE,
                )
            )
        elif left <= NEAR_LIMIT_DAYS:
            clocks.append(
                Clock(
                    "programme_limit",
                    f"{_days(left)} left of the {months}-month limit ({words})",
                    True,
                    limit - timedelta(days=NEAR_LIMIT_DAYS),
                    SOON,
                )
            )
    pathway = spec.pathway(episode.pathway) if episode.pathway else None
    phase = pathway.phase(episode.phase) if pathway else None
    if phase and phase.ends_at_birth:
        born = birth_during_work(episode)
        if born is not None and episode.phase_since and born >= episode.phase_since:
            clocks.append(
                Clock(
                    "phase_limit",
                    f"{phase.name} ends at the birth: the baby was born {_days((today - born).days)} ago",
                    True,
                    born,
                    OVERDUE,
                )
            )
    elif (limit := phase_limit_on(episode, phase)) is not None:
        left = (limit - today).days
        if left <= NEAR_LIMIT_DAYS:
            text = (
                f"{phase.name}: past its {phase.maximum_weeks} weeks"
                if left < 0
                else f"{phase.name}: {_days(left)} left of {phase.maximum_weeks} weeks"
            )
            since = limit - timedelta(days=NEAR_LIMIT_DAYS)
            state = OVERDUE if left < 0 else SOON
            clocks.append(Clock("phase_limit", text, True, since, state))
    return clocks


def phase_limit_on(episode: Episode, phase) -> date | None:
    """The day the current phase reaches its `maximum_weeks`, counted from the day it started
    (None when the phase has no limit or no start)."""
    if phase is None or not phase.maximum_weeks or not episode.phase_since:
        return None
    return episode.phase_since + timedelta(weeks=phase.maximum_weeks)


MEASURE_DUE_SOON_DAYS = 14
START_WINDOW_DAYS = 28


@dataclass(frozen=True)
class MeasureDue:
    """A measure the programme schedules that has a due date now: which, when and by whom,
    from when a response counts (`window`), and the first response in that window, if any."""

    instrument: str
    name: str
    at: str
    by: str
    due: date
    window: date
    done_on: date | None


def measures_due(episode: Episode, spec, today: date) -> list[MeasureDue]:
    """Each measure the programme schedules (`spec.measures_for` the episode's pathway) with
    its due date and whether it is recorded in its window. Reads the episode's measures and
    taper plans (for a list, prefetch them: `list_prefetch`)."""
    recorded = [(m.instrument, m.completed_on) for m in listed(episode, "measures")]
    found: list[MeasureDue] = []
    plan = getattr(episode, "plan", None)
    for measure in spec.measures_for(episode.pathway):
        due = window = None
        if measure.at == "start" and episode.allocated_on:
            window = episode.allocated_on - timedelta(days=START_WINDOW_DAYS)
            due = episode.allocated_on + timedelta(days=START_WINDOW_DAYS)
        elif measure.at == "each_review" and plan is not None:
            due = plan.next_review_on
            window = due - timedelta(days=START_WINDOW_DAYS)
        elif measure.at == "after_birth":
            born = birth_during_work(episode)
            if born is not None:
                due = born + timedelta(weeks=measure.weeks_after_birth or 0)
                window = due - timedelta(days=MEASURE_DUE_SOON_DAYS)
        elif measure.at == "ending" and (tapers := list(listed(episode, "taper_plans"))):
            window = min(p.created_at.date() for p in tapers)
            due = today + timedelta(days=MEASURE_DUE_SOON_DAYS)
        if due is None:
            continue
        instrument = get_instrument(measure.instrument)
        done_on = min(
            (on for code, on in recorded if code == measure.instrument and on >= window),
            default=None,
        )
        found.append(
            MeasureDue(
                instrument=measure.instrument,
                name=instrument.name if instrument else measure.instrument,
                at=measure.at,
                by=measure.by,
                due=due,
                window=window,
                done_on=done_on,
            )
        )
    return found


def _measure_clocks(episode: Episode, spec, today: date) -> list[Clock]:
    """Measures the programme schedules (which, when, by whom) that are due soon or overdue and
    not yet recorded in their window."""
    clocks: list[Clock] = []
    for measure in measures_due(episode, spec, today):
        if measure.done_on is not None:
            continue
        due, name = measure.due, measure.name
        who = f" ({measure.by})" if measure.by else ""
        if due < today:
            clocks.append(
                Clock(
                    "measure",
                    f"{name} overdue by {_days((today - due).days)}{who}",
                    True,
                    due,
                    OVERDUE,
                )
            )
        elif (due - today).days <= MEASURE_DUE_SOON_DAYS:
            clocks.append(
                Clock("measure", f"{name} {_due_in((due - today).days)}{who}", False, due, SOON)
            )
    return clocks
