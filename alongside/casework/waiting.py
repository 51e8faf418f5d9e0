"""The waiting list: accepted referrals without a key worker, in a transparent priority order.

The rules are the programme's (`waiting_list:` in its definition; the default is documented in
docs/waiting-list.md); each row carries the parts of its score so the page can show why a
parent is where they are.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import QuerySet

from alongside.people.choices import CareExperience, YesNoNotKnown
from alongside.people.models import current_pregnancy_among
from alongside.programmes.eligibility import gestation_weeks
from alongside.programmes.schema import Priorities, ProgrammeSpec
from alongside.programmes.selectors import spec_for

from .clocks import listed
from .models import Episode
from .selectors import team_caseload_for

# A service with no programme yet is ordered by the default rules.
DEFAULT_SPEC = ProgrammeSpec(key="", name="", version=1, description="", pathways=())


@dataclass
class WaitingRow:
    episode: Episode
    days_waiting: int
    parts: list[tuple[str, int]] = field(default_factory=list)

    @property
    def score(self) -> int:
        return sum(points for _, points in self.parts)


def priority_parts(
    priorities: Priorities, parent, today: date, final_hearings=()
) -> list[tuple[str, int]]:
    """The priority groups this parent is in on `today`, each with its reason and points, by
    the programme's waiting-list rules (docs/waiting-list.md gives the default)."""
    parts: list[tuple[str, int]] = []
    pregnancy = current_pregnancy_among(
        listed(parent, "pregnancies"), listed(parent, "children"), today
    )
    if pregnancy is not None and pregnancy.due_date is not None and priorities.pregnant_points:
        weeks = max(gestation_weeks(pregnancy.due_date, today), 0)
        points = priorities.pregnant_points + priorities.pregnant_points_per_week * weeks
        parts.append((f"Pregnant, {weeks} weeks", points))
    hearings = [h for h in final_hearings if h >= today]
    if hearings:
        soonest = min(hearings)
        for within, points in priorities.final_hearing:
            if soonest <= today + timedelta(weeks=within):
                parts.append((f"Final hearing within {within} weeks", points))
                break
    age = parent.age_on(today)
    limit = priorities.care_experienced_max_age
    if (
        priorities.care_experienced_points
        and parent.care_experienced == CareExperience.YES
        and (limit is None or (age is not None and age <= limit))
    ):
        reason = "Care-experienced" + (f", {limit} or under" if limit is not None else "")
        parts.append((reason, priorities.care_experienced_points))
    if age is not None:
        for under, points in priorities.ages:
            if age < under:
                parts.append((f"Aged {age}", points))
                break
    if priorities.learning_disability_points and parent.learning_disability == YesNoNotKnown.YES:
        parts.append(("Has a learning disability", priorities.learning_disability_points))
    if priorities.substance_misuse_points and parent.substance_misuse == YesNoNotKnown.YES:
        parts.append(("Drug or alcohol use", priorities.substance_misuse_points))
    return parts


def score(episode: Episode, today: date, priorities: Priorities | None = None) -> WaitingRow:
    priorities = priorities or (spec_for(episode) or DEFAULT_SPEC).priorities
    row = WaitingRow(episode, (today - episode.opened_on).days)
    hearings = [
        p.final_hearing_on
        for p in listed(episode, "proceedings")
        if p.final_hearing_on and not p.ended_on
    ]
    row.parts.extend(priority_parts(priorities, episode.parent, today, hearings))
    weeks_waiting = row.days_waiting // 7
    if weeks_waiting and priorities.points_per_week_waited:
        row.parts.append(
            (
                f"Waiting {weeks_waiting} week{'s' if weeks_waiting != 1 else ''}",
                weeks_waiting * priorities.points_per_week_waited,
            )
        )
    return row


def waiting_list_for(
    user, today: date, caseload: QuerySet[Episode] | None = None
) -> list[WaitingRow]:
    """Highest score first; then the longest wait; then the earliest accepted. `caseload`: the
    user's `team_caseload_for(user)`, when the page has read it already."""
    if caseload is None:
        episodes = team_caseload_for(user).filter(key_worker__isnull=True)
    else:
        episodes = [e for e in caseload if e.key_worker_id is None]
    by_organisation: dict[int, Priorities] = {}
    rows = []
    for episode in episodes:
        if episode.programme_version is not None:
            priorities = episode.programme_version.spec.priorities
        else:
            if episode.organisation_id not in by_organisation:
                spec = spec_for(episode) or DEFAULT_SPEC
                by_organisation[episode.organisation_id] = spec.priorities
            priorities = by_organisation[episode.organisation_id]
        rows.append(score(episode, today, priorities))
    return sorted(rows, key=lambda r: (-r.score, -r.days_waiting, r.episode.pk))


@dataclass(frozen=True)
class DaysWaited:
    count: int
    longest: int
    median: int


def days_waited(rows: list[WaitingRow]) -> DaysWaited | None:
    if not rows:
        return None
    days = sorted(r.days_waiting for r in rows)
    return DaysWaited(len(days), days[-1], days[len(days) // 2])
