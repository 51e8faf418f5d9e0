"""'Create a summary' on the parent's overview and chronology, for those who may make one."""

from django import template

from alongside.policy import Action, can

register = template.Library()


@register.inclusion_tag("workbook/summary_link.html", takes_context=True)
def summary_link(context, parent):
    user = context["request"].user
    return {"parent": parent, "may_summarise": can(user, Action.SUMMARISE_FAMILY, parent)}
