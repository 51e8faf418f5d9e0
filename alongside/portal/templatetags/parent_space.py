"""For the worker's parent overview: the parent's own space with a single include."""

from django import template

from alongside.policy import Action, can

from ..selectors import current_episode, space_for_worker

register = template.Library()


@register.simple_tag(takes_context=True)
def parent_space(context) -> dict | None:
    """The parent's account, invitation, latest messages, measures sent and open notices, for
    staff whose own work covers the parent (the page has already loaded the parent through the
    policy)."""
    parent = context.get("parent")
    user = context["request"].user
    if parent is None or not can(user, Action.MESSAGE_PARENT, parent):
        return None
    episode = current_episode(parent)
    return {
        **space_for_worker(parent),
        "can_invite": can(user, Action.INVITE_PARENT, parent),
        "can_send": episode is not None and can(user, Action.SEND_MEASURE, episode),
    }
