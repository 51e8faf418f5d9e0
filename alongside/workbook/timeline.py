"""What the team around the family adds to the parent's one timeline (the worker's view, and the
family's chronology): contacts and observations from the team, each marked with its
organisation, meetings, and risk and strengths assessments; and, from the parent's record, the
children's dated status changes and pre-birth assessments, so that one timeline holds them."""

from alongside.casework.selectors import TimelineEvent, register_timeline
from alongside.people.selectors import children_over_time, pregnancies_of

from .models import Meeting, RiskAssessment, TeamEntry


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
            kind="team_entry",
            ref=entry.pk,
            author_id=entry.author_id,
            about=(f"parent:{parent.pk}",),
        )
        for entry in TeamEntry.objects.filter(parent=parent)
        .select_related("organisation", "author")
        .order_by()
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
            kind="meeting",
            ref=meeting.pk,
            author_id=meeting.recorded_by_id,
            about=(f"parent:{parent.pk}",),
        )
        for meeting in Meeting.objects.filter(parent=parent)
        .select_related("recorded_by")
        .order_by()
    ]


def risk_assessment_event(assessment: RiskAssessment) -> TimelineEvent:
    rated = [f"{label}: {value}" for _, label, value in assessment.ratings if value is not None]
    return TimelineEvent(
        assessment.assessed_on,
        assessment.created_at,
        f"Risk and strengths assessment, {assessment.organisation.name}",
        assessment.recorded_by.display_name,
        assessment.note,
        "Ratings (1 serious concern to 5 a strength): " + ", ".join(rated),
        kind="risk_assessment",
        ref=assessment.pk,
        author_id=assessment.recorded_by_id,
        about=(f"parent:{assessment.parent_id}",),
    )


@register_timeline
def risk_assessments(parent) -> list[TimelineEvent]:
    return [
        risk_assessment_event(a)
        for a in RiskAssessment.objects.filter(parent=parent)
        .select_related("organisation", "recorded_by")
        .order_by()
    ]


@register_timeline
def children_status_changes(parent) -> list[TimelineEvent]:
    """Each dated step in a child's story (an undated first status has no place on it)."""
    changes = [
        step for story in children_over_time(parent) for step in story.steps if step.on is not None
    ]
    return [
        TimelineEvent(
            change.on,
            change.recorded_at,
            f"{change.child.given_name or 'A child'}: {change.words}",
            change.recorded_by.display_name if change.recorded_by_id else "",
            "",
            f"How the service knows: {change.get_source_display().lower()}",
            kind="child_status",
            ref=change.pk,
            author_id=change.recorded_by_id,
            about=(f"child:{change.child_id}",),
        )
        for change in changes
    ]


@register_timeline
def pre_birth_assessments(parent) -> list[TimelineEvent]:
    pregnancies = [p for p in pregnancies_of(parent) if p.pre_birth_assessment_on is not None]
    return [
        TimelineEvent(
            pregnancy.pre_birth_assessment_on,
            None,
            "Pre-birth assessment"
            + (
                f": {pregnancy.get_pre_birth_assessment_display().lower()}"
                if pregnancy.pre_birth_assessment
                else ""
            ),
            pregnancy.recorded_by.display_name if pregnancy.recorded_by_id else "",
            "",
            kind="pre_birth_assessment",
            ref=pregnancy.pk,
            author_id=pregnancy.recorded_by_id,
            about=(f"parent:{parent.pk}",)
            + ((f"child:{pregnancy.child_id}",) if pregnancy.child_id else ()),
        )
        for pregnancy in pregnancies
    ]
