"""The manager's 'needs attention' list: parents whose work needs a manager's eye, and why.

Generic on purpose: anything can add to it with `register(provider)`. A provider takes the
user and the open episodes the user oversees (already through the access policy) and returns
`AttentionItem`s. Here: urgent clocks (pregnancy near term, court timescale, time limits),
blockers held for eight weeks or more, and decisions awaiting approval. Plans add drifting
goals, plans past the usual length with no ending goal, and overdue reviews
(alongside.plans.attention).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from .clocks import BLOCKER_ATTENTION_DAYS, clocks_for
from .models import Approval, Blocker, Episode
from .selectors import team_caseload_for


@dataclass(frozen=True)
class AttentionItem:
    parent_id: int
    parent_name: str
    what: str
    since: date
    url: str = ""


Provider = Callable[[object, QuerySet[Episode], date], list[AttentionItem]]
PROVIDERS: list[Provider] = []


def register(provider: Provider) -> Provider:
    PROVIDERS.append(provider)
    return provider


def needs_attention_for(user) -> list[AttentionItem]:
    """Every item for the open episodes this manager oversees, oldest first."""
    episodes = Episode.objects.filter(pk__in=team_caseload_for(user).values("pk"))
    today = timezone.localdate()
    items = [item for provider in PROVIDERS for item in provider(user, episodes, today)]
    return sorted(items, key=lambda i: (i.since, i.parent_name, i.what))


@register
def clocks_and_blockers(user, episodes, today) -> list[AttentionItem]:
    items: list[AttentionItem] = []
    for episode in episodes.select_related("parent", "programme_version", "plan").prefetch_related(
        "parent__children", "parent__pregnancies", "proceedings", "measures", "taper_plans"
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
            reverse("casework:approval", args=[a.pk]),
        )
        for a in held
    ]
