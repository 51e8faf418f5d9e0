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

from django.conf import settings
from django.db.models import Max, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from .clocks import BLOCKER_ATTENTION_DAYS, clocks_for
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


def needs_attention_for(user) -> list[AttentionItem]:
    """Every item for the open episodes this manager oversees, oldest first."""
    episodes = Episode.objects.filter(pk__in=team_caseload_for(user).values("pk"))
    today = timezone.localdate()
    items = [item for provider in PROVIDERS for item in provider(user, episodes, today)]
    return sorted(items, key=lambda i: (i.urgency, i.since, i.parent_name, i.what))


def _clock_urgency(clock, today: date) -> int:
    if clock.kind == "court":
        return Urgency.COURT + max((clock.since + timedelta(weeks=26) - today).days // 7, 0)
    if clock.kind == "pregnancy":
        return Urgency.BIRTH + max((clock.since + timedelta(days=280) - today).days // 7, 0)
    return Urgency.LIMIT


def _clock_url(clock, episode: Episode) -> str:
    if clock.kind in {"programme_limit", "phase_limit"}:
        return reverse("casework:phase", args=[episode.pk])
    if clock.kind == "measure":
        return reverse("measures:choose", args=[episode.pk])
    return overview_url(episode)


@register
def clocks_and_blockers(user, episodes, today) -> list[AttentionItem]:
    items: list[AttentionItem] = []
    for episode in episodes.select_related(
        "parent", "programme_version", "plan", "key_worker"
    ).prefetch_related(
        "parent__children", "parent__pregnancies", "proceedings", "measures", "taper_plans"
    ):
        for clock in clocks_for(episode, today):
            if clock.urgent and clock.kind not in {"review", "waiting"}:
                items.append(
                    item_for(
                        episode,
                        clock.text,
                        clock.since,
                        _clock_url(clock, episode),
                        _clock_urgency(clock, today),
                    )
                )
    held = Blocker.objects.filter(
        episode__in=episodes,
        ended_on__isnull=True,
        started_on__lte=today - timedelta(days=BLOCKER_ATTENTION_DAYS),
    ).select_related("episode__parent", "episode__key_worker")
    for blocker in held:
        weeks = (today - blocker.started_on).days // 7
        items.append(
            item_for(
                blocker.episode,
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
    quiet = (
        episodes.filter(key_worker__isnull=False, allocated_on__lte=cutoff)
        .annotate(last_contact=Max("contacts__happened_on"))
        .filter(Q(last_contact__isnull=True) | Q(last_contact__lt=cutoff))
        .select_related("parent", "key_worker")
    )
    return [
        item_for(
            e,
            f"No contact for {weeks} weeks or more"
            + (f" (last on {e.last_contact:%-d %B %Y})" if e.last_contact else ""),
            e.last_contact or e.allocated_on,
            reverse("plans:contact-new", args=[e.pk]),
            Urgency.NO_CONTACT,
        )
        for e in quiet
    ]


@register
def awaiting_approval(user, episodes, today) -> list[AttentionItem]:
    """Decisions a practitioner has asked a manager to sign off."""
    held = Approval.objects.filter(
        episode__in=episodes, status=Approval.Status.AWAITING
    ).select_related("episode__parent", "episode__key_worker", "requested_by")
    return [
        item_for(
            a.episode,
            f"Awaiting your approval: {a.summary.lower()} (asked by {a.requested_by.display_name})",
            a.requested_on,
            reverse("casework:approval", args=[a.pk]),
            Urgency.APPROVAL,
        )
        for a in held
    ]
