"""Adds to the manager's 'needs attention' list (alongside.plans.attention): urgent clocks
(pregnancy near term, court timescale, time limits) and blockers held for eight weeks or more.
Overdue reviews are already there from plans, so they are not repeated."""

from datetime import timedelta

from django.urls import reverse

from alongside.plans.attention import AttentionItem, register

from .clocks import BLOCKER_ATTENTION_DAYS, clocks_for
from .models import Approval, Blocker


@register
def clocks_and_blockers(user, episodes, today) -> list[AttentionItem]:
    items: list[AttentionItem] = []
    for episode in episodes.select_related("parent", "programme_version", "plan").prefetch_related(
        "parent__children", "proceedings"
    ):
        for clock in clocks_for(episode, today):
            if clock.urgent and clock.kind != "review":
                items.append(
                    AttentionItem(
                        episode.parent_id, episode.parent.full_name, clock.text, clock.since
                    )
                )
    held = Blocker.objects.filter(
        episode__in=episodes,
        ended_on__isnull=True,
        started_on__lte=today - timedelta(days=BLOCKER_ATTENTION_DAYS),
    ).select_related("episode__parent")
    for blocker in held:
        weeks = (today - blocker.started_on).days // 7
        items.append(
            AttentionItem(
                blocker.episode.parent_id,
                blocker.episode.parent.full_name,
                f"Held up for {weeks} weeks: {blocker.get_kind_display().lower()}",
                blocker.started_on,
            )
        )
    return items


@register
def awaiting_approval(user, episodes, today) -> list[AttentionItem]:
    """Decisions a practitioner has asked a manager to sign off."""
    held = Approval.objects.filter(
        episode__in=episodes, status=Approval.Status.AWAITING
    ).select_related("episode__parent", "requested_by")
    return [
        AttentionItem(
            a.episode.parent_id,
            a.episode.parent.full_name,
            f"Awaiting your approval: {a.summary.lower()} (asked by {a.requested_by.display_name})",
            a.requested_on,
            reverse("programmes:approval", args=[a.pk]),
        )
        for a in held
    ]
