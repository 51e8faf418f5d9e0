"""Writes to the team around the family: each one transaction with its audit entry."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from alongside.accounts.models import Role
from alongside.audit.models import AuditAction
from alongside.audit.services import audit_record, create_audited
from alongside.people.models import Parent

from .chronology import FLAGGED, on_chronology
from .guided import guided_tasks_for
from .models import Discipline, Meeting, SignificantItem, Task, TeamEntry, TeamMember

TEAM_ROLES = {Role.PRACTITIONER, Role.TEAM_MANAGER, Role.SERVICE_MANAGER, Role.PARTNER}


@transaction.atomic
def team_member_add(
    *,
    parent: Parent,
    user,
    role: str,
    discipline: str,
    started_on: date,
    added_by,
    ended_on: date | None = None,
) -> TeamMember:
    problems = {}
    if not user.is_active or user.role not in TEAM_ROLES or not user.organisation_id:
        problems["user"] = "Choose a professional who works with families"
    if not role.strip():
        problems["role"] = "Enter their role on this family"
    if discipline not in Discipline.values:
        problems["discipline"] = "Choose their discipline"
    if ended_on is not None and ended_on < started_on:
        problems["ended_on"] = "The end date must be the same as or after the start date"
    if problems:
        raise ValidationError(problems)
    member = TeamMember(
        parent=parent,
        user=user,
        organisation_id=user.organisation_id,
        role=role.strip(),
        discipline=discipline,
        started_on=started_on,
        ended_on=ended_on,
        added_by=added_by,
    )
    return create_audited(member, actor=added_by, description="Added to the team around the family")


@transaction.atomic
def team_entry_add(*, parent: Parent, author, kind: str, happened_on: date, text: str) -> TeamEntry:
    """A contact or observation for the team around the family, marked with the author's
    organisation. Whether the author may add it is the policy's (Action.ADD_TO_WORKBOOK)."""
    problems = {}
    if kind not in TeamEntry.Kind.values:
        problems["kind"] = "Choose whether this is a contact or an observation"
    if happened_on > timezone.localdate():
        problems["happened_on"] = "The date must be today or in the past"
    if not text.strip():
        problems["text"] = "Enter what happened"
    if problems:
        raise ValidationError(problems)
    entry = TeamEntry(
        parent=parent,
        kind=kind,
        happened_on=happened_on,
        text=text.strip(),
        organisation_id=author.organisation_id,
        author=author,
    )
    return create_audited(
        entry, actor=author, description="Added to the team around the family's record"
    )


@transaction.atomic
def task_add(
    *,
    parent: Parent,
    title: str,
    owner,
    due_on: date,
    added_by,
    meeting: Meeting | None = None,
    guided_key: str = "",
) -> Task:
    """A task any member of the team adds (whether they may is the policy's). The owner must
    be someone who may be on the team: the service's staff, or a partner the parent consented
    to share with."""
    problems = {}
    if not title.strip():
        problems["title"] = "Enter what needs doing"
    if not owner.is_active or owner.role not in TEAM_ROLES:
        problems["owner"] = "Choose who will do it"
    elif owner.organisation_id != parent.organisation_id and not (
        owner.role == Role.PARTNER
        and parent.consents.filter(organisation_id=owner.organisation_id).exists()
    ):
        problems["owner"] = "Choose someone on the team around the family"
    if problems:
        raise ValidationError(problems)
    task = Task(
        parent=parent,
        title=title.strip(),
        owner=owner,
        due_on=due_on,
        organisation_id=added_by.organisation_id,
        added_by=added_by,
        meeting=meeting,
        guided_key=guided_key,
    )
    return create_audited(task, actor=added_by, description="Added a task for the team")


@transaction.atomic
def task_complete(*, task: Task, completed_by) -> Task:
    task = Task.objects.select_for_update().get(pk=task.pk)
    if task.status == Task.Status.DONE:
        raise ValidationError("This task is already done.")
    task.status = Task.Status.DONE
    task.done_at = timezone.now()
    task.save(update_fields=["status", "done_at"])
    audit_record(
        actor=completed_by, action=AuditAction.UPDATE, obj=task, description="Marked a task done"
    )
    return task


@transaction.atomic
def meeting_record(
    *,
    parent: Parent,
    kind: str,
    held_on: date,
    attended: str,
    discussion: str = "",
    decisions: str = "",
    actions: list[dict] = (),
    recorded_by,
) -> Meeting:
    """A meeting about the family, and each action agreed at it as a task for its owner, all
    or nothing."""
    problems = {}
    if kind not in Meeting.Kind.values:
        problems["kind"] = "Choose what kind of meeting it was"
    if held_on > timezone.localdate():
        problems["held_on"] = "The date of the meeting must be today or in the past"
    if not attended.strip():
        problems["attended"] = "Enter who attended"
    if problems:
        raise ValidationError(problems)
    meeting = create_audited(
        Meeting(
            parent=parent,
            kind=kind,
            held_on=held_on,
            attended=attended.strip(),
            discussion=discussion.strip(),
            decisions=decisions.strip(),
            organisation_id=recorded_by.organisation_id,
            recorded_by=recorded_by,
        ),
        actor=recorded_by,
        description="Recorded a meeting about the family",
    )
    for action in actions:
        task_add(parent=parent, added_by=recorded_by, meeting=meeting, **action)
    return meeting


@transaction.atomic
def team_member_end(*, member: TeamMember, ended_on: date, ended_by) -> TeamMember:
    member = TeamMember.objects.select_for_update().get(pk=member.pk)
    if member.ended_on is not None:
        raise ValidationError("They have already left the team.")
    if ended_on < member.started_on:
        raise ValidationError(
            {"ended_on": "The end date must be the same as or after the date they started"}
        )
    member.ended_on = ended_on
    member.save(update_fields=["ended_on"])
    audit_record(
        actor=ended_by,
        action=AuditAction.UPDATE,
        obj=member,
        description="Left the team around the family",
    )
    return member


@transaction.atomic
def significance_set(*, item: TeamEntry | Meeting, significant: bool, marked_by):
    """Mark (or unmark) a team entry or meeting as significant for the chronology courts and
    conferences ask for."""
    item = type(item).objects.select_for_update().get(pk=item.pk)
    item.significant = significant
    item.save(update_fields=["significant"])
    audit_record(
        actor=marked_by,
        action=AuditAction.UPDATE,
        obj=item,
        description="Marked significant" if significant else "No longer marked significant",
    )
    return item


@transaction.atomic
def item_significance_set(
    *, parent: Parent, kind: str, item_id: int, significant: bool, marked_by
) -> bool:
    """Mark (or unmark) any item of the family's chronology as significant for the chronology
    courts and conferences ask for: a contact, a measure, a goal change, a child's status
    change, an onward referral... The item must be on the chronology as the marker sees it.
    Team entries and meetings keep their own flag (`significance_set`). Returns whether the
    item is now marked."""
    if kind in FLAGGED:
        item = FLAGGED[kind].objects.filter(parent=parent, pk=item_id).first()
        if item is None:
            raise ValidationError("That item is not on the family's chronology.")
        return significance_set(item=item, significant=significant, marked_by=marked_by).significant
    if not on_chronology(marked_by, parent, kind, item_id):
        raise ValidationError("That item is not on the family's chronology.")
    marked = (
        SignificantItem.objects.select_for_update()
        .filter(parent=parent, kind=kind, item_id=item_id)
        .first()
    )
    detail = {"kind": kind, "item_id": item_id}
    if significant and marked is None:
        create_audited(
            SignificantItem(parent=parent, kind=kind, item_id=item_id, marked_by=marked_by),
            actor=marked_by,
            description="Marked significant",
            detail=detail,
        )
    elif not significant and marked is not None:
        audit_record(
            actor=marked_by,
            action=AuditAction.UPDATE,
            obj=marked,
            description="No longer marked significant",
            detail=detail,
        )
        marked.delete()
    return significant


@transaction.atomic
def guided_task_take(*, parent: Parent, key: str, owner, added_by) -> Task:
    """Turn an item of the programme's guided list (`workbook.guided`) into a task with an
    owner, due when the item is due. An item already done, with no date, or with an open
    task, is refused."""
    items = guided_tasks_for(parent, timezone.localdate()).items
    item = next((i for i in items if i.key == key), None)
    if item is None or item.done_on is not None or item.due_on is None:
        raise ValidationError("That is no longer on the list of what is due.")
    if not item.can_become_task:
        raise ValidationError(f"{item.task.owner.display_name} already has this task.")
    return task_add(
        parent=parent,
        title=item.what[:200],
        owner=owner,
        due_on=item.due_on,
        added_by=added_by,
        guided_key=key,
    )
