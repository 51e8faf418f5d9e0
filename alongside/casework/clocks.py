"""The clocks that matter for a parent: pregnancy, the 26-week court timescale, reviews, and
time left on the programme or in a phase. Shown on caseloads and on the manager's list."""

from dataclasses import dataclass
from datetime import date, timedelta

from alongside.core.dates import add_months
from alongside.programmes.eligibility import gestation_weeks

from .models import Episode

COURT_WEEKS = 26
NEAR_LIMIT_DAYS = 56  # warn eight weeks before a programme or phase limit
BLOCKER_ATTENTION_DAYS = 56


@dataclass(frozen=True)
class Clock:
    kind: str  # pregnancy, court, review, programme_limit, phase_limit
    text: str
    urgent: bool
    since: date  # when it started to matter (for ordering the manager's list)


def _days(n: int) -> str:
    return f"{n} day{'s' if n != 1 else ''}"


def clocks_for(episode: Episode, today: date) -> list[Clock]:
    clocks: list[Clock] = []
    pregnancy = episode.parent.current_pregnancy(today)
    if pregnancy is not None and pregnancy.due_date is not None:
        weeks = gestation_weeks(pregnancy.due_date, today)
        left = (pregnancy.due_date - today).days
        clocks.append(
            Clock(
                "pregnancy",
                f"{weeks} weeks pregnant, due in {_days(left)}",
                left <= 84,
                pregnancy.due_date - timedelta(days=280),
            )
        )
    for case in episode.proceedings.all():
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
        clocks.append(Clock("court", text, week >= 20, case.issued_on))
    plan = getattr(episode, "plan", None)
    if plan is not None:
        due = plan.next_review_on
        if due < today:
            clocks.append(
                Clock("review", f"Review overdue by {_days((today - due).days)}", True, due)
            )
        elif (due - today).days <= 14:
            clocks.append(Clock("review", f"Review due in {_days((due - today).days)}", False, due))
    version = episode.programme_version
    if version is not None:
        spec = version.spec
        months = spec.maximum_months_for(episode.pathway)
        if months:
            limit = add_months(episode.opened_on, months)
            left = (limit - today).days
            if left < 0:
                clocks.append(
                    Clock("programme_limit", f"Past the {months}-month limit", True, limit)
                )
            elif left <= NEAR_LIMIT_DAYS:
                clocks.append(
                    Clock(
                        "programme_limit",
                        f"{_days(left)} left of the {months}-month limit",
                        True,
                        limit - timedelta(days=NEAR_LIMIT_DAYS),
                    )
                )
        pathway = spec.pathway(episode.pathway) if episode.pathway else None
        phase = pathway.phase(episode.phase) if pathway else None
        if phase and phase.maximum_weeks and episode.phase_since:
            limit = episode.phase_since + timedelta(weeks=phase.maximum_weeks)
            left = (limit - today).days
            if left <= NEAR_LIMIT_DAYS:
                text = (
                    f"{phase.name}: past its {phase.maximum_weeks} weeks"
                    if left < 0
                    else f"{phase.name}: {_days(left)} left of {phase.maximum_weeks} weeks"
                )
                clocks.append(
                    Clock("phase_limit", text, True, limit - timedelta(days=NEAR_LIMIT_DAYS))
                )
    return clocks
