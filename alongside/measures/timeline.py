"""What measures add to a parent's timeline: each measure completed, with its score."""

from alongside.casework.selectors import TimelineEvent, register_timeline

from .models import MeasureResponse


@register_timeline
def measures_completed(parent) -> list[TimelineEvent]:
    events = []
    for response in MeasureResponse.objects.filter(parent=parent).select_related("recorded_by"):
        score = (
            f"Score {response.total:g}"
            if response.complete and response.total is not None
            else "Saved as incomplete, not scored"
        )
        events.append(
            TimelineEvent(
                response.completed_on,
                response.created_at,
                f"{response.instrument_name} completed",
                response.recorded_by.display_name,
                score,
            )
        )
    return events
