"""What measures add to the manager's 'needs attention' list: a PHQ-9 answer about thoughts of
self-harm, the same day, until someone has been in touch after it."""

from datetime import timedelta

from django.urls import reverse

from alongside.casework.attention import AttentionItem, Urgency, item_for, register

from .models import MeasureResponse

# How far back to look: an alert older than this has long been acted on or escalated elsewhere.
LOOK_BACK_DAYS = 90


@register
def self_harm_answers(user, episodes, today) -> list[AttentionItem]:
    current = {e.pk: e for e in episodes}
    recent = MeasureResponse.objects.filter(
        episode__in=episodes, completed_on__gte=today - timedelta(days=LOOK_BACK_DAYS)
    ).order_by("completed_on", "pk")
    items = []
    for response in recent:
        # Alerts are encrypted with the answers, so they are read here, not filtered in SQL.
        if not response.has_alert:
            continue
        episode = current[response.episode_id]
        last_contact = episode.last_contact_on  # a caseload column
        followed_up = last_contact and last_contact > response.completed_on
        if followed_up:
            continue
        items.append(
            item_for(
                episode,
                f"{response.instrument_name}: an answer about thoughts of self-harm. Follow "
                "your safety procedure and record the contact",
                response.completed_on,
                reverse("plans:contact-new", args=[response.episode_id]),
                Urgency.SELF_HARM,
            )
        )
    return items
