"""What sharing adds to the manager's 'needs attention' list: a safeguarding disclosure waiting
for a manager's decision. It leaves the list once decided."""

from django.urls import reverse

from alongside.casework.attention import AttentionItem, Urgency, by_parent, item_for, register

from .choices import DisclosureKind
from .models import Disclosure


@register
def safeguarding_disclosures_waiting(user, episodes, today) -> list[AttentionItem]:
    waiting = Disclosure.objects.filter(
        parent__episodes__in=episodes,
        status=Disclosure.Status.AWAITING_APPROVAL,
        kind=DisclosureKind.SAFEGUARDING,
    ).distinct()
    current = by_parent(episodes)
    return [
        item_for(
            current[d.parent_id],
            "A safeguarding disclosure is waiting for a manager's decision",
            d.requested_at.date(),
            reverse("sharing:disclosure-decide", args=[d.pk]),
            Urgency.SAFEGUARDING,
        )
        for d in waiting
        if d.parent_id in current
    ]
