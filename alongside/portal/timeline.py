"""What the parent's space adds to the worker's timeline: the parent's own views on their
goals, marked as the parent's words, and a consent the parent withdrew."""

from django.utils import timezone

from alongside.casework.selectors import TimelineEvent, register_timeline

from .models import GoalView, PortalNotice
from .selectors import overview_notices_of


@register_timeline
def parent_space_events(parent) -> list[TimelineEvent]:
    events = []
    for view in GoalView.objects.filter(parent=parent).select_related("goal").order_by():
        events.append(
            TimelineEvent(
                timezone.localtime(view.written_at).date(),
                view.written_at,
                f"In the parent's own words: how the {view.goal.get_area_display().lower()} "
                "goal is going",
                "The parent, in their own space",
                view.text,
                f"Goal: {view.goal.in_parents_words}",
                kind="parent_words",
                ref=view.pk,
                about=(f"parent:{parent.pk}",),
            )
        )
    withdrawn = PortalNotice.Kind.CONSENT_WITHDRAWN
    for notice in (n for n in overview_notices_of(parent) if n.kind == withdrawn):
        events.append(
            TimelineEvent(
                timezone.localtime(notice.made_at).date(),
                notice.made_at,
                f"The parent withdrew their consent to share with "
                f"{notice.consent.organisation.name}",
                "The parent, in their own space",
                "Sharing stopped at once.",
                kind="consent_withdrawn",
                ref=notice.pk,
                about=(f"parent:{parent.pk}",),
            )
        )
    return events
