"""Writing plans, goals, reviews, progress and achievements: each a transaction with its audit
entry. Goal edits and reviews carry the version they were drawn from (alongside.core.concurrency)."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from alongside.audit.models import AuditAction
from alongside.audit.services import audit_record, create_audited
from alongside.casework.approvals import decide_or_request
from alongside.casework.couples import partner_episodes
from alongside.casework.models import Approval, Contact, Episode
from alongside.casework.services import episode_locked_open
from alongside.core.concurrency import claim_version

from .models import (
    CLOSING_OUTCOMES,
    Achievement,
    Goal,
    GoalProgress,
    GoalStatus,
    Milestone,
    Outcome,
    Plan,
    Review,
)
from .programme import programme_for

GOAL_FIELDS = (
    "family_member",
    "member_name",
    "area",
    "in_parents_words",
    "in_workers_words",
    "who_helps",
    "about_ending",
)


def _not_future(on: date, what: str) -> None:
    if on > timezone.localdate():
        raise ValidationError(f"{what} must be today or in the past")


def next_review_after(episode: Episode, on: date) -> date:
    return on + timedelta(weeks=programme_for(episode).review_interval_weeks)


@transaction.atomic
def plan_agree(
    *, episode: Episode, agreed_by, agreed_on: date, attended: str, notes: str = ""
) -> Plan:
    """Record the planning meeting at which the parent agreed their plan."""
    episode = episode_locked_open(episode)
    _not_future(agreed_on, "The date of the meeting")
    if agreed_on < episode.opened_on:
        raise ValidationError("The meeting cannot be before the work started.")
    if Plan.objects.filter(episode=episode).exists():
        raise ValidationError("This episode already has a plan.")
    plan = Plan.objects.create(
        episode=episode,
        agreed_on=agreed_on,
        attended=attended,
        meeting_notes=notes,
        next_review_on=next_review_after(episode, agreed_on),
        created_by=agreed_by,
    )
    audit_record(
        actor=agreed_by,
        action=AuditAction.CREATE,
        obj=plan,
        parent_id=episode.parent_id,
        description="Plan agreed at a planning meeting",
    )
    # The programme may want a manager to sign the plan off; the work goes on meanwhile.
    decide_or_request(
        episode=episode,
        kind=Approval.Kind.PLAN,
        summary=f"Plan agreed at the meeting on {agreed_on:%-d %B %Y}",
        asked={"plan": plan.pk},
        decided_by=agreed_by,
    )
    return plan


def _set_milestones(goal: Goal, milestones: list[str]) -> None:
    goal.milestones.all().delete()
    Milestone.objects.bulk_create(
        Milestone(goal=goal, text=text, position=n) for n, text in enumerate(milestones)
    )


@transaction.atomic
def goal_add(*, plan: Plan, added_by, details: dict, milestones: list[str]) -> Goal:
    episode_locked_open(plan.episode)
    goal = Goal(plan=plan, created_by=added_by, **{k: details[k] for k in GOAL_FIELDS})
    goal.full_clean()
    goal.save()
    _set_milestones(goal, milestones)
    audit_record(
        actor=added_by,
        action=AuditAction.CREATE,
        obj=goal,
        parent_id=plan.episode.parent_id,
        description="Goal added to the plan",
        detail={"area": goal.area, "for": goal.family_member},
    )
    return goal


@transaction.atomic
def goal_update(
    *, goal: Goal, updated_by, details: dict, milestones: list[str], expected_version: int
) -> Goal:
    """Change a goal's wording, who helps, milestones or status. Refused with EditConflict
    if someone else saved the goal since the form was drawn."""
    episode_locked_open(goal.plan.episode)
    claim_version(goal, expected_version)
    goal.refresh_from_db()
    for name in (*GOAL_FIELDS, "status"):
        if name in details:
            setattr(goal, name, details[name])
    goal.full_clean()
    goal.save()
    _set_milestones(goal, milestones)
    audit_record(
        actor=updated_by,
        action=AuditAction.UPDATE,
        obj=goal,
        parent_id=goal.plan.episode.parent_id,
        description="Goal changed",
        detail={"status": goal.status, "version": goal.version},
    )
    return goal


def _apply_outcome(goal: Goal, outcome: str) -> None:
    status = CLOSING_OUTCOMES.get(outcome)
    if status and goal.status != status:
        Goal.objects.filter(pk=goal.pk).update(status=status, version=goal.version + 1)


@transaction.atomic
def review_hold(
    *,
    plan: Plan,
    held_by,
    held_on: date,
    attended: str,
    notes: str,
    outcomes: dict[int, str],
    next_review_on: date | None,
    expected_version: int,
) -> Review:
    """Record a review: an outcome for every open goal, and the date of the next review."""
    episode_locked_open(plan.episode)
    _not_future(held_on, "The date of the review")
    if held_on < plan.agreed_on:
        raise ValidationError("The review cannot be before the plan was agreed.")
    if next_review_on is not None and next_review_on <= held_on:
        raise ValidationError("The next review must be after this one.")
    open_goals = {g.pk: g for g in plan.goals.filter(status=GoalStatus.ACTIVE)}
    if set(outcomes) != set(open_goals):
        raise ValidationError("Give an outcome for every goal still being worked on.")
    if any(o not in Outcome.values for o in outcomes.values()):
        raise ValidationError("Choose an outcome from the list.")
    claim_version(plan, expected_version)
    review = Review.objects.create(
        plan=plan,
        due_on=plan.next_review_on,
        held_on=held_on,
        attended=attended,
        notes=notes,
        next_review_on=next_review_on,
        recorded_by=held_by,
    )
    GoalProgress.objects.bulk_create(
        GoalProgress(
            goal_id=goal_id,
            review=review,
            recorded_on=held_on,
            outcome=outcome,
            recorded_by=held_by,
        )
        for goal_id, outcome in outcomes.items()
    )
    for goal_id, outcome in outcomes.items():
        _apply_outcome(open_goals[goal_id], outcome)
    Plan.objects.filter(pk=plan.pk).update(
        next_review_on=next_review_on or next_review_after(plan.episode, held_on)
    )
    audit_record(
        actor=held_by,
        action=AuditAction.CREATE,
        obj=review,
        parent_id=plan.episode.parent_id,
        description="Plan reviewed",
        detail={"outcomes": {str(k): v for k, v in sorted(outcomes.items())}},
    )
    return review


@transaction.atomic
def progress_record(
    *, goal: Goal, recorded_by, recorded_on: date, outcome: str, contact: Contact | None = None
) -> GoalProgress:
    """How a goal is going, noted between reviews (for example at a home visit)."""
    episode_locked_open(goal.plan.episode)
    _not_future(recorded_on, "The date")
    if not goal.is_open:
        raise ValidationError("This goal has ended.")
    progress = GoalProgress.objects.create(
        goal=goal,
        contact=contact,
        recorded_on=recorded_on,
        outcome=outcome,
        recorded_by=recorded_by,
    )
    _apply_outcome(goal, outcome)
    audit_record(
        actor=recorded_by,
        action=AuditAction.CREATE,
        obj=progress,
        parent_id=goal.plan.episode.parent_id,
        description="Goal progress noted",
        detail={"goal": goal.pk, "outcome": outcome},
    )
    return progress


@transaction.atomic
def achievement_add(
    *,
    episode: Episode,
    recorded_by,
    happened_on: date,
    text: str,
    whose: str = Achievement.Whose.TOGETHER,
    goal: Goal | None = None,
    contact: Contact | None = None,
) -> Achievement:
    episode = episode_locked_open(episode)
    _not_future(happened_on, "The date of the achievement")
    if goal is not None and goal.plan.episode_id != episode.pk:
        raise ValidationError("Choose a goal from this parent's plan.")
    achievement = Achievement(
        episode=episode,
        parent_id=episode.parent_id,
        happened_on=happened_on,
        text=text,
        whose=whose,
        goal=goal,
        contact=contact,
        recorded_by=recorded_by,
    )
    return create_audited(achievement, actor=recorded_by, description="Achievement recorded")


@transaction.atomic
def goal_share(*, goal: Goal, partner_episode: Episode, shared_by) -> Goal:
    """Mark a goal as shared with the parent's partner: it then shows on the partner's plan
    too. The page checks that the user works on both pieces of work."""
    episode = episode_locked_open(goal.plan.episode)
    if goal.shared_with_id is not None:
        raise ValidationError("This goal is already shared with a partner")
    if partner_episode.pk not in {e.pk for e in partner_episodes(episode)}:
        raise ValidationError(
            {"partner_episode": "Choose a partner the parent is in a relationship with now"}
        )
    partner_episode = episode_locked_open(partner_episode)
    goal.shared_with = partner_episode
    goal.version += 1
    goal.save(update_fields=["shared_with", "version", "updated_at"])
    for parent_id in (episode.parent_id, partner_episode.parent_id):
        audit_record(
            actor=shared_by,
            action=AuditAction.UPDATE,
            obj=goal,
            parent_id=parent_id,
            description="Goal shared with a partner",
        )
    return goal
