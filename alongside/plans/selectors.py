"""Reading plans, goals and achievements for a user, through the access policy."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch

from alongside.casework.models import Episode
from alongside.casework.selectors import ACHIEVEMENTS
from alongside.core.prefetch import from_episodes
from alongside.people.models import Parent
from alongside.policy import Action, can

from .models import Achievement, Goal, GoalProgress, GoalStatus, Plan, Review


def plan_for_page(episode: Episode) -> Plan | None:
    """The episode's plan with its goals, milestones, progress and reviews: a fixed number of
    queries however many goals there are."""
    return (
        Plan.objects.filter(episode=episode)
        .select_related("created_by")
        .prefetch_related(
            Prefetch(
                "goals",
                queryset=Goal.objects.order_by("pk")
                .select_related("shared_with__parent")
                .prefetch_related(
                    "milestones",
                    Prefetch(
                        "progress",
                        queryset=GoalProgress.objects.select_related("review").order_by(
                            "recorded_on", "pk"
                        ),
                    ),
                ),
            ),
            Prefetch("reviews", queryset=Review.objects.select_related("recorded_by")),
        )
        .first()
    )


def open_goals(episode: Episode) -> list[Goal]:
    return list(Goal.objects.filter(plan__episode=episode, status=GoalStatus.ACTIVE).order_by("pk"))


def achievements_of(parent: Parent) -> list[Achievement]:
    """The parent's achievements, newest first, with their goal and who recorded them: the
    page's own read when it has one (`parent_for`), else one query."""
    rows = from_episodes(parent, "achievements")
    if rows is None:
        rows = ACHIEVEMENTS.queryset.filter(episode__parent=parent)
    return sorted(rows, key=lambda a: (a.happened_on, a.pk), reverse=True)


def achievements_for(user, parent: Parent) -> list[Achievement]:
    """The parent's achievements, newest first; none unless the user may see the parent."""
    if not can(user, Action.VIEW_PARENT, parent):
        return []
    return achievements_of(parent)


@dataclass(frozen=True)
class PlanSummary:
    plan: Plan | None
    open_goals: int = 0
    achieved_goals: int = 0
    goals: list = field(default_factory=list)


def plan_summary_for(user, episode: Episode | None) -> PlanSummary | None:
    if episode is None or not can(user, Action.VIEW_PARENT, episode.parent):
        return None
    if Episode.plan.is_cached(episode):  # read with the episode (parent_for)
        plan = getattr(episode, "plan", None)
    else:
        plan = Plan.objects.filter(episode=episode).first()
    if plan is None:
        return PlanSummary(plan=None)
    statuses = list(plan.goals.values_list("status", flat=True))
    return PlanSummary(
        plan=plan,
        open_goals=statuses.count(GoalStatus.ACTIVE),
        achieved_goals=statuses.count(GoalStatus.ACHIEVED),
    )


def review_is_overdue(plan: Plan, today: date) -> bool:
    return plan.next_review_on < today
