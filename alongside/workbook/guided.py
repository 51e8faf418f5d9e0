"""The guided task list: what the family's programme says is due, when, and whether it is done,
worked out from the records that exist. Shown beside the tasks the team adds; a member can
turn an item into a task they own (`services.guided_task_take`).

Nothing here decides a due date. The programme an episode runs under is
`programmes.selectors.spec_for`; the dates come from the rules that already make the clocks:
the plan's next review (`Plan.next_review_on`, set by `plans.services` from the programme's
`reviews:`), the scheduled measures (`casework.clocks.measures_due`, the programme's
`measures:`) and the current phase's limit (`casework.clocks.phase_limit_on`, its
`maximum_weeks`). The programme definition format names no assessments or group sessions to
schedule: an assessment phase (Early FDAC's joint initial assessment) shows as its phase.
"""

from dataclasses import dataclass, replace
from datetime import date

from alongside.casework.clocks import measures_due, phase_limit_on
from alongside.casework.models import Episode
from alongside.people.models import Parent
from alongside.plans.models import Plan
from alongside.plans.programme import programme_for
from alongside.programmes.selectors import spec_for

from .models import Task

DONE, OVERDUE, DUE, NO_DATE = "done", "overdue", "due", "no_date"
STATE_WORDS = {DONE: "Done", OVERDUE: "Overdue", DUE: "To do", NO_DATE: "No set date"}
STATE_COLOURS = {DONE: "green", OVERDUE: "red", DUE: "blue", NO_DATE: "grey"}


@dataclass(frozen=True)
class GuidedItem:
    key: str  # stable for one due item: the task made from it keeps it (`Task.guided_key`)
    what: str
    why: str  # where in the programme it comes from
    due_on: date | None
    done_on: date | None = None
    task: Task | None = None
    state: str = DUE

    @property
    def state_words(self) -> str:
        return STATE_WORDS[self.state]

    @property
    def state_colour(self) -> str:
        return STATE_COLOURS[self.state]

    @property
    def can_become_task(self) -> bool:
        open_task = self.task is not None and self.task.status == Task.Status.OPEN
        return self.state in {OVERDUE, DUE} and not open_task


@dataclass(frozen=True)
class GuidedList:
    episode: Episode | None
    programme: str
    items: list[GuidedItem]


def _state(due_on: date | None, done_on: date | None, today: date) -> str:
    if done_on is not None:
        return DONE
    if due_on is None:
        return NO_DATE
    return OVERDUE if due_on < today else DUE


def _current_episode(parent: Parent) -> Episode | None:
    return (
        Episode.objects.filter(parent=parent)
        .exclude(status=Episode.Status.CLOSED)
        .select_related("parent", "programme_version", "plan")
        .prefetch_related("measures", "taper_plans", "parent__children", "plan__reviews")
        .order_by("-opened_on", "-pk")
        .first()
    )


def _phase_item(episode: Episode, spec) -> GuidedItem | None:
    pathway = spec.pathway(episode.pathway) if episode.pathway else None
    phase = pathway.phase(episode.phase) if pathway and episode.phase else None
    if phase is None or not (phase.ends_with_decision or phase.maximum_weeks):
        return None
    if phase.ends_with_decision:
        options = ", ".join(phase.decision_options)
        what = f"Decide together at the end of {phase.name.lower()}" + (
            f" ({options})" if options else ""
        )
    else:
        what = f"{phase.name}: the end of the phase"
    why = f"{pathway.name}, {phase.name.lower()}" + (
        f": up to {phase.maximum_weeks} weeks" if phase.maximum_weeks else ""
    )
    return GuidedItem(
        key=f"phase:{episode.pk}:{pathway.key}:{phase.key}:{episode.phase_since}",
        what=what,
        why=why,
        due_on=phase_limit_on(episode, phase),
    )


def _review_items(episode: Episode, plan: Plan | None) -> list[GuidedItem]:
    if plan is None:
        return []
    every = programme_for(episode).review_interval_weeks
    why = f"The plan is reviewed every {every} weeks"
    items = [
        GuidedItem(
            key=f"review:{plan.pk}:{review.due_on.isoformat()}",
            what="Review the plan with the parent",
            why=why,
            due_on=review.due_on,
            done_on=review.held_on,
        )
        for review in plan.reviews.all()
    ]
    items.append(
        GuidedItem(
            key=f"review:{plan.pk}:{plan.next_review_on.isoformat()}",
            what="Review the plan with the parent",
            why=why,
            due_on=plan.next_review_on,
        )
    )
    return items


MEASURE_TIMES = {
    "start": "at the start of the work",
    "each_review": "before each review",
    "ending": "at the ending",
    "after_birth": "after the birth",
}


def _measure_items(episode: Episode, spec, today: date) -> list[GuidedItem]:
    return [
        GuidedItem(
            key=f"measure:{episode.pk}:{m.instrument}:{m.at}:{m.window.isoformat()}",
            what=f"Complete the {m.name}" + (f" ({m.by})" if m.by else ""),
            why=f"The programme's measures: {MEASURE_TIMES.get(m.at, m.at)}",
            due_on=m.due,
            done_on=m.done_on,
        )
        for m in measures_due(episode, spec, today)
    ]


def guided_tasks_for(parent: Parent, today: date) -> GuidedList:
    """What the programme says is due for the parent's current work, with the task made from
    each item (if any): not yet done first, soonest first; then what is done, latest first."""
    episode = _current_episode(parent)
    spec = spec_for(episode) if episode is not None else None
    if episode is None or spec is None:
        return GuidedList(episode, spec.name if spec else "", [])
    plan = getattr(episode, "plan", None)
    items = [
        *([phase] if (phase := _phase_item(episode, spec)) else []),
        *_review_items(episode, plan),
        *_measure_items(episode, spec, today),
    ]
    tasks = {
        t.guided_key: t
        for t in Task.objects.filter(parent=parent, guided_key__in=[i.key for i in items])
        .select_related("owner")
        .order_by("created_at", "pk")
    }
    items = [
        replace(item, task=tasks.get(item.key), state=_state(item.due_on, item.done_on, today))
        for item in items
    ]
    todo = sorted(
        (i for i in items if i.done_on is None), key=lambda i: (i.due_on is None, i.due_on or today)
    )
    done = sorted((i for i in items if i.done_on is not None), key=lambda i: i.done_on)
    return GuidedList(episode, spec.name, [*todo, *reversed(done)])
