"""The manager's 'needs attention' list: parents whose work needs a manager's eye, and why.

Generic on purpose: anything can add to it with `register(provider)`. A provider takes the
user, the open episodes the user oversees and today, and returns `AttentionItem`s. Here: urgent
clocks (pregnancy near term, court timescale, time limits), blockers held for eight weeks or
more, and decisions awaiting approval. Plans add drifting goals, plans past the usual length
with no ending goal, and overdue reviews (alongside.plans.attention).

The episodes are the user's `team_caseload_for` (already through the access policy), read once
for the whole list with their caseload columns: parent, key worker, plan, programme version,
last contact, and the rows the clocks read. Iterate them (`in_order`, `by_parent`) rather than
query them again, and use them in SQL as `episode__in=episodes`; chaining `.filter()` on them
reads every row again, with all that it prefetches.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from alongside.core.links import link_for_each

from .clocks import BLOCKER_ATTENTION_DAYS, listed_clocks
from .models import Approval, Blocker, Episode
from .selectors import team_caseload_for


# How urgent each kind of item is: lower comes first. Risk to someone's safety first, then the
# clocks that cannot wait (court, birth), then work that has gone quiet, then decisions.
class Urgency:
    SELF_HARM = 0
    SAFEGUARDING = 10
    COURT = 20  # plus weeks left, so the nearest hearing comes first
    BIRTH = 40  # plus weeks to the due date
    NO_CONTACT = 60
    LIMIT = 70
    APPROVAL = 80
    BLOCKER = 85
    NO_PLAN = 90
    DRIFT = 95


@dataclass(frozen=True)
class AttentionItem:
    parent_id: int
    parent_name: str
    what: str
    since: date
    url: str = ""
    urgency: int = Urgency.DRIFT
    key_worker: str = ""


def item_for(episode: Episode, what: str, since: date, url: str, urgency: int) -> AttentionItem:
    """An item about an episode's parent, with the key worker, linked to where it is resolved."""
    worker = episode.key_worker.display_name if episode.key_worker_id else "No key worker yet"
    return AttentionItem(
        episode.parent_id, episode.parent.full_name, what, since, url, urgency, worker
    )


def overview_url(episode: Episode) -> str:
    return reverse("people:overview", args=[episode.parent_id])


Provider = Callable[[object, QuerySet[Episode], date], list[AttentionItem]]
PROVIDERS: list[Provider] = []


def register(provider: Provider) -> Provider:
    PROVIDERS.append(provider)
    return provider


def needs_attention_for(user, episodes: QuerySet[Episode] | None = None) -> list[AttentionItem]:
    """Every item for the open episodes this manager oversees, most urgent first. `episodes`:
    the user's `team_caseload_for(user)`, when the page has read it already (so it is read
    once)."""
    if episodes is None:
        episodes = team_caseload_for(user)
    today = timezone.localdate()
    items = [item for provider in PROVIDERS for item in provider(user, episodes, today)]
    return sorted(items, key=lambda i: (i.urgency, i.since, i.parent_name, i.what))


def in_order(episodes) -> list[Episode]:
    """The episodes in their usual order (newest first), whatever order the page lists them in."""
    return sorted(episodes, key=lambda e: (e.opened_on, e.pk), reverse=True)


def by_parent(episodes) -> dict[int, Episode]:
    """The episodes by parent (of a parent with two open, the older)."""
    return {e.parent_id: e for e in in_order(episodes)}


def _clock_urgency(clock, today: date) -> int:
    if clock.kind == "court":
        return Urgency.COURT + max((clock.since + timedelta(weeks=26) - today).days // 7, 0)
    if clock.kind == "pregnancy":
        return Urgency.BIRTH + max((clock.since + timedelta(days=280) - today).days // 7, 0)
    return Urgency.LIMIT


# Where each kind of clock is dealt with: by the episode's pk (or, for the rest, the parent's
# overview by the parent's pk). Reversed once a page: a list of hundreds of clocks otherwise
# spends much of its time in `reverse`.
_CLOCK_PAGES = {
    "programme_limit": "casework:phase",
    "phase_limit": "casework:phase",
    "measure": "measures:choose",
}


@register
def clocks_and_blockers(user, episodes, today) -> list[AttentionItem]:
    items: list[AttentionItem] = []
    links = {kind: link_for_each(name) for kind, name in _CLOCK_PAGES.items()}
    overview = link_for_each("people:overview")
    for episode in in_order(episodes):
        for clock in listed_clocks(episode, today):
            if clock.urgent and clock.kind not in {"review", "waiting"}:
                link = links.get(clock.kind)
                items.append(
                    item_for(
                        episode,
                        clock.text,
                        clock.since,
                        link(episode.pk) if link else overview(episode.parent_id),
                        _clock_urgency(clock, today),
                    )
                )
    current = {e.pk: e for e in episodes}
    held = Blocker.objects.filter(
        episode__in=episodes,
        ended_on__isnull=True,
        started_on__lte=today - timedelta(days=BLOCKER_ATTENTION_DAYS),
    ).defer("description")
    for blocker in held:
        weeks = (today - blocker.started_on).days // 7
        items.append(
            item_for(
                current[blocker.episode_id],
                f"Held up for {weeks} weeks: {blocker.get_kind_display().lower()}",
                blocker.started_on,
                reverse("casework:blocker-end", args=[blocker.episode_id, blocker.pk]),
                Urgency.BLOCKER,
            )
        )
    return items


@register
def gone_quiet(user, episodes, today) -> list[AttentionItem]:
    """Allocated work with no contact for ALONGSIDE_ATTENTION_NO_CONTACT_WEEKS (default 4)."""
    weeks = settings.ALONGSIDE_ATTENTION_NO_CONTACT_WEEKS
    cutoff = today - timedelta(weeks=weeks)
    quiet = [
        e
        for e in in_order(episodes)
        if e.key_worker_id is not None
        and e.allocated_on is not None
        and e.allocated_on <= cutoff
        and (e.last_contact_on is None or e.last_contact_on < cutoff)
    ]
    contact_url = link_for_each("plans:contact-new")
    return [
        item_for(
            e,
            f"No contact for {weeks} weeks or more"
            + (f" (last on {e.last_contact_on:%-d %B %Y})" if e.last_contact_on else ""),
            e.last_contact_on or e.allocated_on,
            contact_url(e.pk),
            Urgency.NO_CONTACT,
        )
        for e in quiet
    ]


@register
def awaiting_approval(user, episodes, today) -> list[AttentionItem]:
    """Decisions a practitioner has asked a manager to sign off."""
    current = {e.pk: e for e in episodes}
    held = (
        Approval.objects.filter(episode__in=episodes, status=Approval.Status.AWAITING)
        .select_related("requested_by")
        .defer("asked", "comments")
    )
    return [
        item_for(
            current[a.episode_id],
            f"Awaiting your approval: {a.summary.lower()} (asked by {a.requested_by.display_name})",
            a.requested_on,
            reverse("casework:approval", args=[a.pk]),
            Urgency.APPROVAL,
        )
        for a in held
    ]
