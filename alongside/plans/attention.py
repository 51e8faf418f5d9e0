"""What plans add to the manager's 'needs attention' list (alongside.casework.attention):
drifting goals, plans past the usual length with no ending goal, and overdue reviews."""

from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.db.models import F
from django.urls import reverse

from alongside.casework.attention import AttentionItem, Urgency, in_order, item_for, register
from alongside.core.dates import add_months
from alongside.core.links import link_for_each

from .models import CARRIED_OVER, Goal, GoalProgress, GoalStatus
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
    if not drifting:
        return []
    current = {e.pk: e for e in episodes}
    goals = Goal.objects.filter(pk__in=drifting).annotate(episode_id=F("plan__episode_id"))
    return [
        item_for(
            current[goal.episode_id],
            f"A goal ({goal.get_area_display().lower()}, for {goal.for_whom}) "
            f"has been carried over at {len(dates[goal.pk])} reviews",
            dates[goal.pk][limit - 1],
            _plan_url(goal.episode_id),
            Urgency.DRIFT,
        )
        for goal in goals
    ]


@register
def long_plans_and_late_reviews(user, episodes, today) -> list[AttentionItem]:
    # Each plan comes with its episode (a caseload column), in the plans' order.
    with_plans = sorted(
        ((e, e.plan) for e in episodes if getattr(e, "plan", None) is not None),
        key=lambda pair: pair[1].pk,
    )
    ending = set(
        Goal.objects.filter(plan__episode__in=episodes, about_ending=True)
        .exclude(status=GoalStatus.NO_LONGER_WANTED)
        .values_list("plan_id", flat=True)
    )
    plan_url, review_url = link_for_each("plans:plan"), link_for_each("plans:review-new")
    items = []
    for episode, plan in with_plans:
        months = programme_for(episode).typical_duration_months
        past = add_months(episode.opened_on, months)
        if past < today and plan.pk not in ending:
            items.append(
                item_for(
                    episode,
                    f"Working together for more than {months} months with no goal about ending",
                    past,
                    plan_url(episode.pk),
                    Urgency.DRIFT,
                )
            )
        if plan.next_review_on < today:
            items.append(
                item_for(
                    episode,
                    "The plan's review is overdue",
                    plan.next_review_on,
                    review_url(episode.pk),
                    Urgency.LIMIT,
                )
            )
    return items


@register
def no_plan_yet(user, episodes, today) -> list[AttentionItem]:
    """Work started ALONGSIDE_ATTENTION_NO_PLAN_WEEKS (default 6) ago with no plan agreed."""
    weeks = settings.ALONGSIDE_ATTENTION_NO_PLAN_WEEKS
    started_by = today - timedelta(weeks=weeks)
    without = [
        e
        for e in in_order(episodes)
        if getattr(e, "plan", None) is None
        and (
            (e.allocated_on is not None and e.allocated_on <= started_by)
            or (e.allocated_on is None and e.opened_on <= started_by)
        )
    ]
    agree_url = link_for_each("plans:agree")
    return [
        item_for(
            e,
            f"No plan agreed {weeks} weeks after the work started",
            e.allocated_on or e.opened_on,
            agree_url(e.pk),
            Urgency.NO_PLAN,
        )
        for e in without
    ]
