"""The signed-in user's own overdue team tasks, for their home page. Each family shown is
recorded as read."""

from django import template
from django.utils import timezone

from alongside.audit.reads import record_read
from alongside.workbook.selectors import overdue_tasks_owned_by

register = template.Library()


@register.inclusion_tag("workbook/overdue_tasks.html", takes_context=True)
def my_overdue_tasks(context):
    user = context["request"].user
    tasks = overdue_tasks_owned_by(user, timezone.localdate())
    if tasks:
        record_read(parent_ids=sorted({t.parent_id for t in tasks}))
    return {"tasks": tasks}
