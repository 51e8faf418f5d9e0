"""What plans add to the manager's 'needs attention' list (alongside.casework.attention):
drifting goals, plans past the usual length with no ending goal, and overdue reviews."""

from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.urls import reverse

from alongside.casework.attention import AttentionItem, Urgency, item_for, register
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
    goals = Goal.objects.filter(pk__in=drifting).select_related(
        "plan__episode__parent", "plan__episode__key_worker"
    )
    return [
        item_for(
            goal.plan.episode,
            f"A goal ({goal.get_area_display().lower()}, for {goal.for_whom}) "
            f"has been carried over at {len(dates[goal.pk])} reviews",
            dates[goal.pk][limit - 1],
            _plan_url(goal.plan.episode_id),
            Urgency.DRIFT,
        )
        for goal in goals
    ]


@register
def long_plans_and_late_reviews(user, episodes, today) -> list[AttentionItem]:
    plans = Plan.objects.filter(episode__in=episodes).select_related(
        "episode__parent", "episode__programme_version", "episode__key_worker"
    )
    ending = set(
        Goal.objects.filter(plan__in=plans, about_ending=True)
        .exclude(status=GoalStatus.NO_LONGER_WANTED)
        .values_list("plan_id", flat=True)
    )
    items = []
    for plan in plans:
        months = programme_for(plan.episode).typical_duration_months
        past = add_months(plan.episode.opened_on, months)
        if past < today and plan.pk not in ending:
            items.append(
                item_for(
                    plan.episode,
                    f"Working together for more than {months} months with no goal about ending",
                    past,
                    _plan_url(plan.episode_id),
                    Urgency.DRIFT,
                )
            )
        if plan.next_review_on < today:
            items.append(
                item_for(
                    plan.episode,
                    "The plan's review is overdue",
                    plan.next_review_on,
                    reverse("plans:review-new", args=[plan.episode_id]),
                    Urgency.LIMIT,
                )
            )
    return items


@register
def no_plan_yet(user, episodes, today) -> list[AttentionItem]:
    """Work started ALONGSIDE_ATTENTION_NO_PLAN_WEEKS (default 6) ago with no plan agreed."""
    weeks = settings.ALONGSIDE_ATTENTION_NO_PLAN_WEEKS
    started_by = today - timedelta(weeks=weeks)
    without = (
        episodes.filter(plan__isnull=True)
        .filter(
            Q(allocated_on__lte=started_by)
            | Q(allocated_on__isnull=True, opened_on__lte=started_by)
        )
        .select_related("parent", "key_worker")
    )
    return [
        item_for(
            e,
            f"No plan agreed {weeks} weeks after the work started",
            e.allocated_on or e.opened_on,
            reverse("plans:agree", args=[e.pk]),
            Urgency.NO_PLAN,
        )
        for e in without
    ]
