"""What the parent's space adds to the manager's 'needs attention' list: a consent the parent
withdrew or a correction they asked for, until someone marks it dealt with; and a message from
the parent that has waited two days or more without being read (the worker may be away). A
measure the parent filled in is not listed here (its notice is for the worker); any alert it
raised is listed by the measures app, the same as for a measure the worker records."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from alongside.casework.attention import (
    AttentionItem,
    Urgency,
    by_parent,
    item_for,
    overview_url,
    register,
)

from .models import PortalMessage, PortalNotice

MESSAGE_WAIT_DAYS = 2


@register
def parent_space_items(user, episodes, today) -> list[AttentionItem]:
    current = by_parent(episodes)
    items = []
    # A measure the parent filled in is a notice for the worker on the overview only: an alert
    # its scoring raised reaches this list through the measures app, as when the worker records it.
    for notice in (
        PortalNotice.objects.filter(parent_id__in=current, dealt_with_at__isnull=True)
        .exclude(kind=PortalNotice.Kind.MEASURE_DONE)
        .select_related("consent__organisation")
    ):
        episode = current[notice.parent_id]
        if notice.kind == PortalNotice.Kind.CONSENT_WITHDRAWN:
            what = f"The parent withdrew their consent to share with {notice.consent.organisation.name}"
        else:
            what = "The parent asked for a correction to their record"
        items.append(
            item_for(
                episode,
                what,
                timezone.localtime(notice.made_at).date(),
                overview_url(episode),
                Urgency.APPROVAL,
            )
        )
    waiting = PortalMessage.objects.filter(
        parent_id__in=current,
        from_parent=True,
        read_at__isnull=True,
        sent_at__lte=timezone.now() - timedelta(days=MESSAGE_WAIT_DAYS),
    )
    oldest = {}  # each parent's oldest waiting message, in one query
    for parent_id, sent_at in waiting.order_by("sent_at").values_list("parent_id", "sent_at"):
        oldest.setdefault(parent_id, sent_at)
    for parent_id in sorted(oldest):
        items.append(
            item_for(
                current[parent_id],
                "A message from the parent has not been read for 2 days or more",
                timezone.localtime(oldest[parent_id]).date(),
                reverse("portal:worker-messages", args=[parent_id]),
                Urgency.NO_CONTACT,
            )
        )
    return items
