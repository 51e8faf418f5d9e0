"""Writes on an episode's path through its programme: choosing a pathway, moving phase,
blockers and proceedings. Each is one transaction with its audit entry."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from alongside.audit.models import AuditAction
from alongside.audit.services import audit_record, create_audited
from alongside.programmes.selectors import programme_in_use

from .models import Blocker, Episode, OnwardReferral, PhaseChange, Proceedings
from .services import episode_locked_open


def _check_date(episode: Episode, on: date) -> None:
    if on < episode.opened_on:
        raise ValidationError("The date cannot be before the work started.")
    if episode.phase_since and on < episode.phase_since:
        raise ValidationError(
            f"The date cannot be before the current phase started ({episode.phase_since:%-d %B %Y})."
        )


def _record(
    episode: Episode, kind: str, by, on: date, note: str, decision: str = ""
) -> PhaseChange:
    change = PhaseChange.objects.create(
        episode=episode,
        programme_version=episode.programme_version,
        kind=kind,
        pathway=episode.pathway,
        phase=episode.phase,
        changed_on=on,
        decided_by=by,
        decision=decision,
        note=note,
    )
    audit_record(
        actor=by,
        action=AuditAction.UPDATE,
        obj=episode,
        description=PhaseChange.Kind(kind).label,
        detail={"pathway": episode.pathway, "phase": episode.phase},
    )
    return change


@transaction.atomic
def episode_set_pathway(
    *, episode: Episode, pathway: str, phase: str = "", decided_by, on: date, note: str = ""
) -> PhaseChange:
    """Start the parent on a pathway, or move them to another one (history is kept).

    The first time, the episode takes the service's programme version in use; it keeps that
    version from then on, whatever later edits are made."""
    episode = episode_locked_open(episode)
    _check_date(episode, on)
    if episode.programme_version is None:
        programme = programme_in_use(episode.organisation_id)
        if programme is None:
            raise ValidationError("The service has not chosen a programme yet.")
        episode.programme_version = programme.current_version()
        kind = PhaseChange.Kind.STARTED
    else:
        kind = PhaseChange.Kind.PATHWAY
        if pathway == episode.pathway:
            raise ValidationError("The parent is already on this pathway.")
    chosen = episode.programme_version.spec.pathway(pathway)
    if chosen is None:
        raise ValidationError("Choose a pathway from the programme.")
    if phase and chosen.phase(phase) is None:
        raise ValidationError(f"{chosen.name} has no phase called '{phase}'.")
    episode.pathway = pathway
    episode.phase = phase or chosen.phases[0].key
    episode.phase_since = on
    episode.save(
        update_fields=["programme_version", "pathway", "phase", "phase_since", "updated_at"]
    )
    return _record(episode, kind, decided_by, on, note)


@transaction.atomic
def episode_change_phase(
    *, episode: Episode, phase: str, decided_by, on: date, note: str = "", decision: str = ""
) -> PhaseChange:
    """Move to another phase of the same pathway. A phase that ends with a decision (Pause's
    engagement phase, say) needs the decision recorded."""
    episode = episode_locked_open(episode)
    if episode.programme_version is None or not episode.pathway:
        raise ValidationError("Choose a pathway first.")
    pathway = episode.programme_version.spec.pathway(episode.pathway)
    if pathway.phase(phase) is None:
        raise ValidationError(f"{pathway.name} has no phase called '{phase}'.")
    if phase == episode.phase:
        raise ValidationError("The parent is already in this phase.")
    _check_date(episode, on)
    current = pathway.phase(episode.phase)
    if current and current.ends_with_decision and decision not in current.decision_options:
        raise ValidationError(f"Record the decision at the end of {current.name.lower()}.")
    episode.phase = phase
    episode.phase_since = on
    episode.save(update_fields=["phase", "phase_since", "updated_at"])
    return _record(episode, PhaseChange.Kind.PHASE, decided_by, on, note, decision)


@transaction.atomic
def blocker_record(
    *,
    episode: Episode,
    kind: str,
    description: str,
    started_on: date,
    recorded_by,
    onward_referral: OnwardReferral | None = None,
) -> Blocker:
    episode = episode_locked_open(episode)
    if started_on < episode.opened_on:
        raise ValidationError("The date cannot be before the work started.")
    if onward_referral is not None and (
        onward_referral.episode_id != episode.pk or onward_referral.is_reproductive_health
    ):
        # A sexual or reproductive health referral is never something the work waits on.
        raise ValidationError({"onward_referral": "Choose an onward referral from this work"})
    blocker = Blocker(
        episode=episode,
        kind=kind,
        description=description,
        started_on=started_on,
        onward_referral=onward_referral,
        recorded_by=recorded_by,
    )
    return create_audited(
        blocker, actor=recorded_by, description="Blocker recorded", detail={"kind": kind}
    )


@transaction.atomic
def blocker_end(*, blocker: Blocker, ended_on: date, ended_by) -> Blocker:
    blocker = Blocker.objects.select_for_update().get(pk=blocker.pk)
    if blocker.ended_on is not None:
        raise ValidationError("This blocker has already ended.")
    if ended_on < blocker.started_on:
        raise ValidationError(
            f"The end date must be on or after the day it started ({blocker.started_on:%-d %B %Y})."
        )
    blocker.ended_on = ended_on
    blocker.save(update_fields=["ended_on", "updated_at"])
    audit_record(
        actor=ended_by, action=AuditAction.UPDATE, obj=blocker, description="Blocker ended"
    )
    return blocker


@transaction.atomic
def proceedings_record(
    *, episode: Episode, issued_on: date, final_hearing_on: date | None, recorded_by
) -> Proceedings:
    episode = episode_locked_open(episode)
    if final_hearing_on and final_hearing_on < issued_on:
        raise ValidationError("The final hearing cannot be before the proceedings were issued.")
    case = Proceedings.objects.create(
        episode=episode,
        issued_on=issued_on,
        final_hearing_on=final_hearing_on,
        recorded_by=recorded_by,
    )
    audit_record(
        actor=recorded_by, action=AuditAction.CREATE, obj=case, description="Proceedings recorded"
    )
    return case
