"""What plans add to a parent's timeline: goal progress noted at a contact, and achievements."""

from alongside.casework.selectors import TimelineEvent, register_timeline

from .models import Achievement, GoalProgress


@register_timeline
def progress_and_achievements(parent) -> list[TimelineEvent]:
    events = []
    noted = GoalProgress.objects.filter(
        goal__plan__episode__parent=parent, review__isnull=True
    ).select_related("goal", "recorded_by")
    for progress in noted:
        events.append(
            TimelineEvent(
                progress.recorded_on,
                None,
                f"Goal progress: {progress.get_outcome_display().lower()}",
                progress.recorded_by.display_name if progress.recorded_by_id else "",
                progress.goal.in_parents_words,
            )
        )
    for achievement in Achievement.objects.filter(episode__parent=parent).select_related(
        "recorded_by"
    ):
        events.append(
            TimelineEvent(
                achievement.happened_on,
                None,
                "Achievement",
                achievement.recorded_by.display_name,
                achievement.text,
            )
        )
    return events
