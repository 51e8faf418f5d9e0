"""Decisions that need a manager's sign-off. A practitioner's phase change or closure, when the
programme lists it under `approvals`, is held as an Approval (a plan is signed off the same way,
while the work on it goes on); a manager approving it applies it
(recorded as the practitioner's decision, approved by the manager), returning it records why.
A manager's own decision needs no second manager."""

import json
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from alongside.accounts.models import Role
from alongside.audit.models import AuditAction
from alongside.audit.services import audit_record
from alongside.casework.models import Episode
from alongside.casework.services import episode_close, episode_locked_open

from .models import Approval, Programme
from .services import episode_change_phase


def needs_approval(episode: Episode, kind: str, user) -> bool:
    """Does this user's decision of this kind on this episode wait for a manager?"""
    if user.role in {Role.TEAM_MANAGER, Role.SERVICE_MANAGER}:
        return False
    version = episode.programme_version
    if version is None:
        programme = Programme.objects.filter(
            organisation_id=episode.organisation_id, in_use=True
        ).first()
        version = programme.current_version() if programme else None
    return bool(version and version.spec.needs_approval(kind))


def awaiting_for(episode: Episode, kind: str) -> Approval | None:
    return Approval.objects.filter(
        episode=episode, kind=kind, status=Approval.Status.AWAITING
    ).first()


@transaction.atomic
def approval_request(
    *, episode: Episode, kind: str, summary: str, asked: dict, requested_by
) -> Approval:
    episode = episode_locked_open(episode)
    if awaiting_for(episode, kind):
        raise ValidationError("A decision like this is already waiting for a manager.")
    approval = Approval.objects.create(
        episode=episode,
        kind=kind,
        summary=summary,
        asked=json.dumps(asked),
        requested_by=requested_by,
        requested_on=timezone.localdate(),
    )
    audit_record(
        actor=requested_by,
        action=AuditAction.CREATE,
        obj=approval,
        description="Approval requested",
        detail={"kind": kind},
    )
    return approval


def _locked_awaiting(approval: Approval) -> Approval:
    approval = Approval.objects.select_for_update().get(pk=approval.pk)
    if approval.status != Approval.Status.AWAITING:
        raise ValidationError("This decision has already been dealt with.")
    return approval


@transaction.atomic
def approval_approve(*, approval: Approval, decided_by, comments: str = "") -> Approval:
    """Approve and apply the decision as asked."""
    approval = _locked_awaiting(approval)
    asked = approval.request
    by = approval.requested_by
    if approval.kind == Approval.Kind.PHASE_CHANGE:
        note = asked.get("note", "")
        episode_change_phase(
            episode=approval.episode,
            phase=asked["phase"],
            decision=asked.get("decision", ""),
            decided_by=by,
            on=date.fromisoformat(asked["on"]),
            note=f"{note} (approved by {decided_by.display_name})".strip(),
        )
    elif approval.kind == Approval.Kind.PLAN:
        pass  # the plan stands as agreed; the approval is the manager's sign-off
    elif approval.kind == Approval.Kind.CLOSURE:
        episode_close(
            episode=approval.episode,
            closed_by=by,
            closed_on=date.fromisoformat(asked["closed_on"]),
            reason=asked["reason"],
            note=asked["note"],
        )
    else:
        raise ValidationError("This kind of decision cannot be approved here yet.")
    approval.status = Approval.Status.APPROVED
    approval.decided_by = decided_by
    approval.decided_at = timezone.now()
    approval.comments = comments
    approval.save(update_fields=["status", "decided_by", "decided_at", "comments"])
    audit_record(
        actor=decided_by,
        action=AuditAction.UPDATE,
        obj=approval,
        description="Decision approved",
        detail={"kind": approval.kind},
    )
    return approval


@transaction.atomic
def approval_return(*, approval: Approval, decided_by, comments: str) -> Approval:
    """Send the decision back, not applied, with the manager's comments."""
    if not comments.strip():
        raise ValidationError("Say why the decision is being returned.")
    approval = _locked_awaiting(approval)
    approval.status = Approval.Status.RETURNED
    approval.decided_by = decided_by
    approval.decided_at = timezone.now()
    approval.comments = comments.strip()
    approval.save(update_fields=["status", "decided_by", "decided_at", "comments"])
    audit_record(
        actor=decided_by,
        action=AuditAction.UPDATE,
        obj=approval,
        description="Decision returned",
        detail={"kind": approval.kind},
    )
    return approval
