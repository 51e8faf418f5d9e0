"""What plans add to a parent's timeline: goal progress noted at a contact, and achievements."""

from alongside.casework.selectors import TimelineEvent, register_timeline

from .models import FamilyMember, GoalProgress
from .selectors import achievements_of


def _about(goal, parent, children: dict[str, int]) -> tuple[str, ...]:
    """Who a goal is about: the parent, their partner, or a child (the child's record when
    the name given is one of the parent's children's); and a partner it is shared with."""
    if goal.family_member == FamilyMember.PARTNER:
        about = ("partner",)
    elif goal.family_member == FamilyMember.CHILD:
        child = children.get(goal.member_name.strip().lower())
        about = (f"child:{child}",) if child else ("child",)
    else:
        about = (f"parent:{parent.pk}",)
    if goal.shared_with_id is not None:
        about += (f"parent:{goal.shared_with.parent_id}",)
    return about


@register_timeline
def progress_and_achievements(parent) -> list[TimelineEvent]:
    events = []
    noted = (
        GoalProgress.objects.filter(goal__plan__episode__parent=parent, review__isnull=True)
        .select_related("goal__shared_with", "recorded_by")
        .order_by()
    )
    children = {  # the page's own read of them when it has one (parent_for)
        c.given_name.strip().lower(): c.pk for c in parent.children.all() if c.given_name
    }
    for progress in noted:
        events.append(
            TimelineEvent(
                progress.recorded_on,
                None,
                f"Goal progress: {progress.get_outcome_display().lower()}",
                progress.recorded_by.display_name if progress.recorded_by_id else "",
                progress.goal.in_parents_words,
                kind="goal_change",
                ref=progress.pk,
                author_id=progress.recorded_by_id,
                about=_about(progress.goal, parent, children),
            )
        )
    for achievement in achievements_of(parent):
        events.append(
            TimelineEvent(
                achievement.happened_on,
                None,
                "Achievement",
                achievement.recorded_by.display_name,
                achievement.text,
                kind="achievement",
                ref=achievement.pk,
                author_id=achievement.recorded_by_id,
                about=(f"parent:{achievement.parent_id}",),
            )
        )
    return events
