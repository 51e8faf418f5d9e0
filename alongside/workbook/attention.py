"""What the team around the family adds to the manager's 'needs attention' list: a team task
past its due date, until it is done."""

from django.urls import reverse

from alongside.casework.attention import AttentionItem, Urgency, by_parent, item_for, register

from .selectors import overdue_tasks_for_parents


@register
def overdue_team_tasks(user, episodes, today) -> list[AttentionItem]:
    current = by_parent(episodes)
    return [
        item_for(
            current[task.parent_id],
            f"A team task is overdue (owner: {task.owner.display_name})",
            task.due_on,
            reverse("workbook:team", args=[task.parent_id]),
            Urgency.NO_PLAN,
        )
        for task in overdue_tasks_for_parents(current.keys(), today)
    ]
