"""Writes for onward referrals to partner services, and the parent's own sexual and
reproductive health choices. Each is one transaction with its audit entry.

Audit entries name the kind of record only, never its content: a sexual and reproductive
health referral or choice leaves no trace of what it was in the audit trail."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from alongside.audit.models import AuditAction
from alongside.audit.services import audit_record, create_audited

from .models import (
    Episode,
    OnwardKind,
    OnwardOutcome,
    OnwardReferral,
    ReproductiveHealthChoice,
)
from .services import episode_locked_open

AGREEMENT_NEEDED = (
    "Confirm the parent agreed to this being recorded. If they did not, do not record it"
)


def _check_appointment(referred_on: date, first_appointment_on: date | None) -> None:
    if first_appointment_on and first_appointment_on < referred_on:
        raise ValidationError(
            {
                "first_appointment_on": "The first appointment must be on or after the date of "
                f"the referral ({referred_on:%-d %B %Y})"
            }
        )


@transaction.atomic
def onward_referral_record(
    *,
    episode: Episode,
    kind: str,
    service_name: str,
    referred_on: date,
    first_appointment_on: date | None = None,
    outcome: str = OnwardOutcome.WAITING,
    notes: str = "",
    parent_agreed: bool = False,
    recorded_by,
) -> OnwardReferral:
    episode = episode_locked_open(episode)
    if referred_on < episode.opened_on:
        raise ValidationError({"referred_on": "The date cannot be before the work started"})
    _check_appointment(referred_on, first_appointment_on)
    if kind == OnwardKind.SEXUAL_REPRODUCTIVE_HEALTH and not parent_agreed:
        raise ValidationError({"parent_agreed": AGREEMENT_NEEDED})
    referral = OnwardReferral(
        episode=episode,
        kind=kind,
        service_name=service_name.strip(),
        referred_on=referred_on,
        first_appointment_on=first_appointment_on,
        outcome=outcome or OnwardOutcome.WAITING,
        notes=notes,
        parent_agreed=parent_agreed,
        recorded_by=recorded_by,
    )
    return create_audited(referral, actor=recorded_by, description="Onward referral recorded")


@transaction.atomic
def onward_referral_update(
    *,
    referral: OnwardReferral,
    first_appointment_on: date | None,
    outcome: str,
    notes: str = "",
    updated_by,
) -> OnwardReferral:
    """Record the first appointment and the outcome (and any notes) as they become known."""
    episode_locked_open(referral.episode)
    referral = OnwardReferral.objects.select_for_update().get(pk=referral.pk)
    _check_appointment(referral.referred_on, first_appointment_on)
    referral.first_appointment_on = first_appointment_on
    referral.outcome = outcome
    referral.notes = notes
    referral.full_clean()
    referral.save(update_fields=["first_appointment_on", "outcome", "notes", "updated_at"])
    audit_record(
        actor=updated_by,
        action=AuditAction.UPDATE,
        obj=referral,
        description="Onward referral updated",
    )
    return referral


@transaction.atomic
def reproductive_health_choice_record(
    *,
    episode: Episode,
    choice: str,
    details: str = "",
    appointment_on: date | None = None,
    service_name: str = "",
    parent_agreed: bool,
    recorded_by,
) -> ReproductiveHealthChoice:
    """The parent's own choice, recorded only with their agreement. Service only: it never
    leaves the service, and nothing else in the work depends on it."""
    episode = episode_locked_open(episode)
    if parent_agreed is not True:
        raise ValidationError({"parent_agreed": AGREEMENT_NEEDED})
    record = ReproductiveHealthChoice(
        episode=episode,
        choice=choice,
        details=details,
        appointment_on=appointment_on,
        service_name=service_name.strip(),
        parent_agreed=True,
        recorded_by=recorded_by,
    )
    return create_audited(record, actor=recorded_by, description="Health choice recorded")
