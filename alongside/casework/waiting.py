"""The waiting list: accepted referrals without a key worker, in a transparent priority order.

The rule is documented in docs/waiting-list.md; each row carries the parts of its score so the
page can show why a parent is where they are. Change the rule here and in the document together.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from alongside.programmes.eligibility import gestation_weeks

from .models import Episode
from .selectors import team_caseload_for

PREGNANT = 30  # plus one point per completed week of pregnancy
HEARING_WITHIN_8_WEEKS = 30
HEARING_WITHIN_16_WEEKS = 15
CARE_LEAVER = 10  # has been in care and is 25 or under
UNDER_21 = 10
UNDER_25 = 5
# one point for each full week waited


@dataclass
class WaitingRow:
    episode: Episode
    days_waiting: int
    parts: list[tuple[str, int]] = field(default_factory=list)

    @property
    def score(self) -> int:
        return sum(points for _, points in self.parts)


def score(episode: Episode, today: date) -> WaitingRow:
    parent = episode.parent
    row = WaitingRow(episode, (today - episode.opened_on).days)
    pregnancy = parent.current_pregnancy(today)
    if pregnancy is not None and pregnancy.due_date is not None:
        weeks = max(gestation_weeks(pregnancy.due_date, today), 0)
        row.parts.append((f"Pregnant, {weeks} weeks", PREGNANT + weeks))
    hearings = [
        p.final_hearing_on
        for p in episode.proceedings.all()
        if p.final_hearing_on and not p.ended_on and p.final_hearing_on >= today
    ]
    if hearings:
        soonest = min(hearings)
        if soonest <= today + timedelta(weeks=8):
            row.parts.append(("Final hearing within 8 weeks", HEARING_WITHIN_8_WEEKS))
        elif soonest <= today + timedelta(weeks=16):
            row.parts.append(("Final hearing within 16 weeks", HEARING_WITHIN_16_WEEKS))
    age = parent.age_on(today)
    if parent.care_experienced == "yes" and age is not None and age <= 25:
        row.parts.append(("Care leaver", CARE_LEAVER))
    if age is not None and age < 21:
        row.parts.append((f"Aged {age}", UNDER_21))
    elif age is not None and age < 25:
        row.parts.append((f"Aged {age}", UNDER_25))
    weeks_waiting = row.days_waiting // 7
    if weeks_waiting:
        row.parts.append(
            (f"Waiting {weeks_waiting} week{'s' if weeks_waiting != 1 else ''}", weeks_waiting)
        )
    return row


def waiting_list_for(user, today: date) -> list[WaitingRow]:
    """Highest score first; then the longest wait; then the earliest accepted."""
    episodes = (
        team_caseload_for(user)
        .filter(key_worker__isnull=True)
        .prefetch_related("parent__children", "proceedings")
    )
    rows = [score(e, today) for e in episodes]
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
