"""What plans add to the manager's 'needs attention' list (alongside.casework.attention):
drifting goals, plans past the usual length with no ending goal, and overdue reviews."""

from collections import defaultdict

from django.urls import reverse

from alongside.casework.attention import AttentionItem, register
from alongside.core.dates import add_months

from .models import CARRIED_OVER, Goal, GoalProgress, GoalStatus, Plan
from .programme import programme_for


def _plan_url(episode_id: int) -> str:
    return reverse("plans:plan", args=[episode_id])


@register
def drifting_goals(user, episodes, today) -> list[AttentionItem]:
    """A goal still open and carried over (progressing or stuck, renewed or unchanged) at
    `drift_after_reviews` reviews or more."""
    carried = (
        GoalProgress.objects.filter(
            goal__plan__episode__in=episodes,
            goal__status=GoalStatus.ACTIVE,
            review__isnull=False,
            outcome__in=CARRIED_OVER,
        )
        .order_by("recorded_on", "pk")
        .values_list("goal_id", "recorded_on")
    )
    dates = defaultdict(list)
    for goal_id, on in carried:
        dates[goal_id].append(on)
    limit = programme_for().drift_after_reviews
    drifting = [g for g, d in dates.items() if len(d) >= limit]
    goals = Goal.objects.filter(pk__in=drifting).select_related("plan__episode__parent")
    return [
        AttentionItem(
            parent_id=goal.plan.episode.parent_id,
            parent_name=goal.plan.episode.parent.full_name,
            what=(
                f"A goal ({goal.get_area_display().lower()}, for {goal.for_whom}) "
                f"has been carried over at {len(dates[goal.pk])} reviews"
            ),
            since=dates[goal.pk][limit - 1],
            url=_plan_url(goal.plan.episode_id),
        )
        for goal in goals
    ]


@register
def long_plans_and_late_reviews(user, episodes, today) -> list[AttentionItem]:
    plans = Plan.objects.filter(episode__in=episodes).select_related(
        "episode__parent", "episode__programme_version"
    )
    ending = set(
        Goal.objects.filter(plan__in=plans, about_ending=True)
        .exclude(status=GoalStatus.NO_LONGER_WANTED)
        .values_list("plan_id", flat=True)
    )
    items = []
    for plan in plans:
        parent = plan.episode.parent
        months = programme_for(plan.episode).typical_duration_months
        past = add_months(plan.episode.opened_on, months)
        if past < today and plan.pk not in ending:
            items.append(
                AttentionItem(
                    parent.pk,
                    parent.full_name,
                    f"Working together for more than {months} months with no goal about ending",
                    past,
                    _plan_url(plan.episode_id),
                )
            )
        if plan.next_review_on < today:
            items.append(
                AttentionItem(
                    parent.pk,
                    parent.full_name,
                    "The plan's review is overdue",
                    plan.next_review_on,
                    _plan_url(plan.episode_id),
                )
            )
    return items
