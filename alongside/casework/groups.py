"""Writes for groups and peer support: group programmes, their sessions and who attended,
and parents taking on the role of peer mentor. Each is one transaction with its audit entry."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from alongside.accounts.models import Organisation
from alongside.audit.models import AuditAction
from alongside.audit.services import audit_record, create_audited
from alongside.people.models import Parent
from alongside.policy import Action, can

from .models import (
    Episode,
    GroupAttendance,
    GroupProgramme,
    GroupSession,
    PeerMentorRole,
)


@transaction.atomic
def group_create(
    *, organisation: Organisation, name: str, description: str = "", created_by
) -> GroupProgramme:
    if created_by.organisation_id != organisation.pk:
        raise ValidationError("You can only set up groups in your own service.")
    group = GroupProgramme(
        organisation=organisation,
        name=name.strip(),
        description=description.strip(),
        created_by=created_by,
    )
    return create_audited(group, actor=created_by, description="Group set up")


@transaction.atomic
def group_session_record(
    *,
    group: GroupProgramme,
    held_on: date,
    facilitators=(),
    external_facilitators: str = "",
    recorded_by,
) -> GroupSession:
    facilitators = list(facilitators)
    external_facilitators = external_facilitators.strip()
    if not facilitators and not external_facilitators:
        raise ValidationError(
            {
                "facilitators": "Select who facilitated, or enter the names of facilitators from "
                "outside the service"
            }
        )
    if any(f.organisation_id != group.organisation_id for f in facilitators):
        raise ValidationError({"facilitators": "Facilitators must work in the service"})
    session = GroupSession(
        group=group,
        held_on=held_on,
        external_facilitators=external_facilitators,
        recorded_by=recorded_by,
    )
    create_audited(session, actor=recorded_by, description="Group session recorded")
    session.facilitators.set(facilitators)
    return session


@transaction.atomic
def group_attendance_set(
    *, session: GroupSession, attended: list[Episode], among: list[Episode], recorded_by
) -> list[GroupAttendance]:
    """Who came, among the parents whose work `recorded_by` can update (`among`): those in
    `attended` are recorded (once each), the others among them are taken off. Attendance
    recorded by colleagues for their own parents is left alone."""
    if session.held_on > timezone.localdate():
        raise ValidationError({"attended": "You can record who came once the session has happened"})
    among_ids = {e.pk for e in among}
    for episode in [*attended, *among]:
        if episode.parent.organisation_id != session.group.organisation_id or not can(
            recorded_by, Action.UPDATE_EPISODE, episode
        ):
            raise ValidationError({"attended": "You can only record parents you work with"})
    if any(e.pk not in among_ids for e in attended):
        raise ValidationError({"attended": "You can only record parents you work with"})
    chosen_parents = {e.parent_id for e in attended}
    among_parents = {e.parent_id for e in among}
    existing = {
        a.parent_id: a
        for a in GroupAttendance.objects.select_for_update().filter(
            session=session, parent_id__in=among_parents
        )
    }
    for parent_id, row in existing.items():
        if parent_id not in chosen_parents:
            audit_record(
                actor=recorded_by,
                action=AuditAction.UPDATE,
                obj=row,
                description="Group attendance removed",
            )
            row.delete()
    created = []
    for episode in attended:
        if episode.parent_id in existing:
            continue
        if session.held_on < episode.opened_on:
            raise ValidationError(
                {"attended": f"The session was before the work with {episode.parent} started"}
            )
        row = GroupAttendance(
            session=session,
            parent_id=episode.parent_id,
            episode=episode,
            recorded_by=recorded_by,
        )
        created.append(
            create_audited(row, actor=recorded_by, description="Group attendance recorded")
        )
    return created


@transaction.atomic
def peer_mentor_start(
    *, parent: Parent, started_on: date, description: str = "", recorded_by
) -> PeerMentorRole:
    Parent.objects.select_for_update().get(pk=parent.pk)
    if PeerMentorRole.objects.filter(parent=parent, ended_on__isnull=True).exists():
        raise ValidationError({"started_on": f"{parent} is already a peer mentor"})
    role = PeerMentorRole(
        parent=parent, started_on=started_on, description=description, recorded_by=recorded_by
    )
    return create_audited(role, actor=recorded_by, description="Peer mentor role started")


@transaction.atomic
def peer_mentor_end(*, role: PeerMentorRole, ended_on: date, ended_by) -> PeerMentorRole:
    role = PeerMentorRole.objects.select_for_update().get(pk=role.pk)
    if role.ended_on is not None:
        raise ValidationError({"ended_on": "This role has already ended"})
    if ended_on < role.started_on:
        raise ValidationError(
            {
                "ended_on": f"The end date must be on or after the day it started "
                f"({role.started_on:%-d %B %Y})"
            }
        )
    role.ended_on = ended_on
    role.save(update_fields=["ended_on", "updated_at"])
    audit_record(
        actor=ended_by, action=AuditAction.UPDATE, obj=role, description="Peer mentor role ended"
    )
    return role
