"""Receiving referrals and deciding on them."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from alongside.audit.models import AuditAction
from alongside.audit.services import audit_record
from alongside.casework.models import Episode
from alongside.people.services import parent_create

from .models import Referral


@transaction.atomic
def referral_create(
    *, organisation, recorded_by, parent_details: dict, referral_details: dict
) -> Referral:
    parent = parent_create(
        organisation=organisation, created_by=recorded_by, details=parent_details
    )
    referral = Referral(
        organisation=organisation, parent=parent, recorded_by=recorded_by, **referral_details
    )
    referral.full_clean()
    referral.save()
    audit_record(
        actor=recorded_by, action=AuditAction.CREATE, obj=referral, description="Referral received"
    )
    return referral


def _ensure_awaiting(referral: Referral) -> None:
    if referral.status != Referral.Status.AWAITING_DECISION:
        raise ValidationError("This referral has already been decided.")


@transaction.atomic
def referral_record_agreement(*, referral: Referral, recorded_by) -> Referral:
    _ensure_awaiting(referral)
    referral.parent_agrees = True
    referral.save(update_fields=["parent_agrees", "updated_at"])
    audit_record(
        actor=recorded_by,
        action=AuditAction.UPDATE,
        obj=referral,
        description="Parent agreed to referral",
    )
    return referral


@transaction.atomic
def referral_accept(
    *, referral: Referral, team, decided_by, decided_on: date, note: str = ""
) -> Episode:
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    _ensure_awaiting(referral)
    if not referral.parent_agrees:
        raise ValidationError("The parent has not agreed to the referral.")
    if team.organisation_id != referral.organisation_id:
        raise ValidationError("The team is not part of this service.")
    referral.status = Referral.Status.ACCEPTED
    referral.decided_on = decided_on
    referral.decided_by = decided_by
    referral.decision_note = note
    referral.save()
    episode = Episode.objects.create(
        organisation_id=referral.organisation_id,
        team=team,
        parent_id=referral.parent_id,
        referral=referral,
        opened_on=decided_on,
    )
    audit_record(
        actor=decided_by,
        action=AuditAction.UPDATE,
        obj=referral,
        description="Referral accepted",
        detail={"team": team.name, "episode": episode.pk},
    )
    return episode


@transaction.atomic
def referral_decline(*, referral: Referral, decided_by, decided_on: date, note: str) -> Referral:
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    _ensure_awaiting(referral)
    if not note.strip():
        raise ValidationError("Give the reasons the referral was not accepted.")
    referral.status = Referral.Status.DECLINED
    referral.decided_on = decided_on
    referral.decided_by = decided_by
    referral.decision_note = note
    referral.save()
    audit_record(
        actor=decided_by,
        action=AuditAction.UPDATE,
        obj=referral,
        description="Referral not accepted",
    )
    return referral
