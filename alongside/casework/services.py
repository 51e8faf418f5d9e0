"""Allocation, contacts and closure: each a single transaction with its audit entry."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from alongside.accounts.models import Role
from alongside.audit.models import AuditAction
from alongside.audit.services import audit_record

from .models import Allocation, Contact, Episode


def _locked_open(episode: Episode) -> Episode:
    episode = Episode.objects.select_for_update().get(pk=episode.pk)
    if not episode.is_open:
        raise ValidationError("This episode is closed.")
    return episode


@transaction.atomic
def episode_allocate(*, episode: Episode, worker, allocated_by, allocated_on: date) -> Episode:
    episode = _locked_open(episode)
    if worker.organisation_id != episode.organisation_id or worker.role not in {
        Role.PRACTITIONER,
        Role.TEAM_MANAGER,
    }:
        raise ValidationError(
            "The key worker must be a practitioner or team manager in this service."
        )
    if allocated_on < episode.opened_on:
        raise ValidationError("The allocation cannot be before the referral was accepted.")
    Allocation.objects.filter(episode=episode, ended_on__isnull=True).update(ended_on=allocated_on)
    Allocation.objects.create(
        episode=episode, worker=worker, allocated_on=allocated_on, allocated_by=allocated_by
    )
    previous = episode.key_worker
    episode.key_worker = worker
    episode.status = Episode.Status.ACTIVE
    episode.allocated_on = episode.allocated_on or allocated_on
    episode.save()
    audit_record(
        actor=allocated_by,
        action=AuditAction.UPDATE,
        obj=episode,
        description="Key worker allocated",
        detail={
            "worker": worker.get_username(),
            "previous": previous.get_username() if previous else None,
        },
    )
    return episode


@transaction.atomic
def contact_record(
    *,
    episode: Episode,
    recorded_by,
    happened_on: date,
    contact_type: str,
    who_was_there: str = "",
    duration_minutes: int | None = None,
    notes: str = "",
    confidentiality: str = "service_only",
) -> Contact:
    episode = _locked_open(episode)
    if happened_on < episode.opened_on:
        raise ValidationError("The contact cannot be before the work started.")
    contact = Contact(
        episode=episode,
        happened_on=happened_on,
        contact_type=contact_type,
        who_was_there=who_was_there,
        duration_minutes=duration_minutes,
        notes=notes,
        confidentiality=confidentiality,
        recorded_by=recorded_by,
    )
    contact.full_clean()
    contact.save()
    audit_record(
        actor=recorded_by, action=AuditAction.CREATE, obj=contact, description="Contact recorded"
    )
    return contact


@transaction.atomic
def episode_close(
    *, episode: Episode, closed_by, closed_on: date, reason: str, note: str
) -> Episode:
    episode = _locked_open(episode)
    if closed_on < episode.opened_on:
        raise ValidationError("The closure cannot be before the work started.")
    episode.status = Episode.Status.CLOSED
    episode.closed_on = closed_on
    episode.closure_reason = reason
    episode.closure_note = note
    episode.closed_by = closed_by
    episode.full_clean()
    episode.save()
    Allocation.objects.filter(episode=episode, ended_on__isnull=True).update(ended_on=closed_on)
    audit_record(
        actor=closed_by,
        action=AuditAction.UPDATE,
        obj=episode,
        description="Episode closed",
        detail={"reason": reason},
    )
    return episode
