"""Template tags that let shared pages show a plans section with a single include."""

from django import template

from alongside.casework.attention import needs_attention_for
from alongside.core.dates import short_date
from alongside.core.links import link_for_each
from alongside.core.templatetags.govuk import govuk_error_summary
from alongside.policy import Action, can

from ..selectors import achievements_for, plan_summary_for

register = template.Library()


@register.simple_tag(takes_context=True)
def plan_overview(context) -> dict | None:
    """For the parent overview: the plan in brief and the parent's achievements."""
    user, parent = context["request"].user, context.get("parent")
    if parent is None or not can(user, Action.VIEW_PARENT, parent):
        return None
    episode = context.get("current")
    return {
        "episode": episode,
        "summary": plan_summary_for(user, episode) if episode else None,
        "achievements": list(achievements_for(user, parent)),
        "can_write": episode is not None and can(user, Action.RECORD_CONTACT, episode),
    }


@register.simple_tag(takes_context=True)
def needs_attention(context) -> list[dict]:
    """For the manager's home: the list's rows, from the team caseload the page has read
    (`team_caseload`) when it has, each worked out here in one pass rather than row by row in
    the template."""
    items = needs_attention_for(context["request"].user, context.get("team_caseload"))
    overview = link_for_each("people:overview")
    return [
        {
            "parent_url": overview(item.parent_id),
            "parent_name": item.parent_name,
            "key_worker": item.key_worker,
            "url": item.url,
            "what": item.what,
            "since": short_date(item.since),
        }
        for item in items
    ]


@register.simple_tag
def contact_error_summary(form, extras=None):
    """The contact form's error summary, including its optional sections."""
    return govuk_error_summary(form, *(extras.forms if extras else []))
