"""Template tags so shared pages can show the programme with a single include."""

from django import template
from django.utils import timezone

from alongside.policy import Action, role_allows

from ..clocks import Clock, listed_clocks
from ..selectors import path_for
from ..support import groups_for, support_for
from ..support_forms import GroupForm
from ..waiting import days_waited, waiting_list_for

register = template.Library()


@register.simple_tag(takes_context=True)
def programme_path(context) -> dict | None:
    """For the parent overview: pathway, phase, history and blockers of the open episode."""
    episode = context.get("current")
    if episode is None:
        return None
    return path_for(context["request"].user, episode)


@register.simple_tag
def episode_clocks(episode) -> list[Clock]:
    """For caseload rows: the clocks for an episode already on the page (so already allowed)."""
    return listed_clocks(episode, timezone.localdate())


@register.simple_tag(takes_context=True)
def waiting_list(context) -> dict:
    """For the manager's home: the waiting list in priority order, with days waited (from the
    team caseload the page has read, `team_caseload`, when it has)."""
    rows = waiting_list_for(
        context["request"].user, timezone.localdate(), context.get("team_caseload")
    )
    return {"rows": rows, "days": days_waited(rows)}


@register.simple_tag(takes_context=True)
def parent_support(context) -> dict | None:
    """For the parent overview: onward referrals, health choices, groups and peer mentoring."""
    parent = context.get("parent")
    if parent is None:
        return None
    return support_for(context["request"].user, parent, context.get("current"))


@register.simple_tag(takes_context=True)
def group_programmes(context) -> dict | None:
    """For the staff home pages: the service's groups, and a form to set one up."""
    user = context["request"].user
    if not role_allows(user, Action.VIEW_PARENT):
        return None
    return {
        "list": list(groups_for(user)),
        "form": GroupForm() if role_allows(user, Action.UPDATE_EPISODE) else None,
    }
