"""Reads for the team around the family."""

from django.db.models import Q, QuerySet

from alongside.accounts.models import Organisation, Role, User
from alongside.casework.selectors import TimelineEvent
from alongside.people.models import Parent
from alongside.policy import Action, can

from .chronology import Filters, chronology_items
from .models import Meeting, Task, TeamEntry, TeamMember


def team_for(parent: Parent) -> QuerySet[TeamMember]:
    return TeamMember.objects.filter(parent=parent).select_related("user", "organisation")


def team_entries_for(parent: Parent, *, kind: str = "", organisation_id: int | None = None):
    """What the team has added to the shared record, newest first. Every entry is for the
    team around the family: whoever may open the workbook sees them all, nobody else."""
    entries = TeamEntry.objects.filter(parent=parent).select_related("author", "organisation")
    if kind:
        entries = entries.filter(kind=kind)
    if organisation_id:
        entries = entries.filter(organisation_id=organisation_id)
    return entries


def entry_organisations(parent: Parent) -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        pk__in=TeamEntry.objects.filter(parent=parent).values("organisation_id")
    ).order_by("name")


def possible_members(parent: Parent) -> QuerySet[User]:
    """Who may be put on the team: the service's own staff, and professionals at the partner
    organisations the parent has given consent to (whether it is in force or not)."""
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(
                organisation_id=parent.organisation_id,
                role__in=[Role.PRACTITIONER, Role.TEAM_MANAGER, Role.SERVICE_MANAGER],
            )
            | Q(
                organisation_id__in=parent.consents.values("organisation_id"),
                role=Role.PARTNER,
            )
        )
        .select_related("organisation")
        .order_by("organisation__name", "last_name", "first_name")
    )


def tasks_for(parent: Parent) -> QuerySet[Task]:
    return Task.objects.filter(parent=parent).select_related("owner", "organisation")


def overdue_tasks_owned_by(user, today) -> list[Task]:
    """The user's own overdue tasks, for families they may still open the workbook of (a
    partner whose consent ended no longer sees the family's name)."""
    tasks = (
        Task.objects.filter(owner=user, status=Task.Status.OPEN, due_on__lt=today)
        .select_related("parent")
        .order_by("due_on", "pk")
    )
    return [t for t in tasks if can(user, Action.VIEW_WORKBOOK, t.parent)]


def overdue_tasks_for_parents(parent_ids, today) -> QuerySet[Task]:
    return Task.objects.filter(
        parent_id__in=parent_ids, status=Task.Status.OPEN, due_on__lt=today
    ).select_related("owner")


def meetings_for(viewer, parent: Parent) -> QuerySet[Meeting]:
    """The family's meetings this viewer may see: group supervision is the service's own, so
    only those who may open the parent's record see it."""
    meetings = Meeting.objects.filter(parent=parent).select_related("organisation")
    if not can(viewer, Action.VIEW_PARENT, parent):
        meetings = meetings.exclude(kind__in=Meeting.SERVICE_ONLY)
    return meetings.prefetch_related("tasks__owner")


def chronology_for(
    viewer, parent: Parent, *, start=None, end=None, significant_only: bool = False
) -> list[TimelineEvent]:
    """One chronology for whoever is looking, newest first, between `start` and `end`.

    Someone who may open the parent's record sees the service's one timeline
    (`casework.selectors.timeline_for`, with every app's providers, the workbook's among
    them). A partner sees only what the team shares: the team's entries, the meetings that are
    not the service's own and risk and strengths assessments; never the service's record.
    `significant_only` keeps what the service marked significant, each viewer still seeing only
    what they may. The filters by person, discipline and type are `workbook.chronology`'s."""
    filters = Filters(start=start, end=end, significant_only=significant_only)
    return [item.event for item in chronology_items(viewer, parent, filters)]
