"""What measures add to a parent's timeline: each measure completed, with its score; one the
parent filled in themselves, in their own space, marked as theirs."""

from alongside.casework.selectors import MEASURES, TimelineEvent, register_timeline
from alongside.core.prefetch import from_episodes


@register_timeline
def measures_completed(parent) -> list[TimelineEvent]:
    events = []
    # A response's parent is always its episode's (a merge moves both), so the page's own
    # read of the episodes' measures (`parent_for`) is the parent's.
    responses = from_episodes(parent, "measures")
    if responses is None:
        responses = MEASURES.queryset.filter(parent=parent)
    for response in responses:
        score = (
            f"Score {response.total:g}"
            if response.complete and response.total is not None
            else "Saved as incomplete, not scored"
        )
        title, by = f"{response.instrument_name} completed", response.recorded_by.display_name
        if response.by_parent:
            # The parent's own answers, in their own space: marked as theirs, and never with
            # their sign-in name. Their own total, where only their side of the measure is rated.
            title = f"{response.instrument_name} filled in by the parent"
            by = "The parent, in their own space"
            own = response.scores.get("parent", {})
            if not response.complete and own.get("complete"):
                score = f"The parent's own total {own['total']:g}"
        events.append(
            TimelineEvent(
                response.completed_on,
                response.created_at,
                title,
                by,
                score,
                kind="measure",
                ref=response.pk,
                author_id=response.recorded_by_id,
                about=(f"parent:{response.parent_id}",),
            )
        )
    return events
