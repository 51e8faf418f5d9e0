"""What the team around the family adds to the parent's one timeline (the worker's view):
contacts and observations from the team, each marked with its organisation, and meetings."""

from alongside.casework.selectors import TimelineEvent, register_timeline

from .models import Meeting, TeamEntry


@register_timeline
def team_entries(parent) -> list[TimelineEvent]:
    return [
        TimelineEvent(
            entry.happened_on,
            entry.created_at,
            f"Team around the family: {entry.get_kind_display().lower()} "
            f"from {entry.organisation.name}",
            entry.author.display_name,
            entry.text,
        )
        for entry in TeamEntry.objects.filter(parent=parent).select_related(
            "organisation", "author"
        )
    ]


@register_timeline
def team_meetings(parent) -> list[TimelineEvent]:
    return [
        TimelineEvent(
            meeting.held_on,
            meeting.created_at,
            meeting.get_kind_display(),
            meeting.recorded_by.display_name,
            meeting.decisions,
            f"Attended: {meeting.attended}",
        )
        for meeting in Meeting.objects.filter(parent=parent).select_related("recorded_by")
    ]
