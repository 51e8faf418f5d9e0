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
from alongside.programmes.selectors import spec_for

from .models import Approval, Episode
from .pathway import episode_change_phase
from .services import episode_close, episode_locked_open


# How each kind of decision is applied, from what was asked (JSON: dates as ISO strings), by
# the person who decided it; `approved_by` is the manager who signed it off, if one did.
def _apply_phase_change(episode: Episode, asked: dict, *, by, approved_by=None):
    note = asked.get("note", "")
    if approved_by is not None:
        note = f"{note} (approved by {approved_by.display_name})".strip()
    return episode_change_phase(
        episode=episode,
        phase=asked["phase"],
        decision=asked.get("decision", ""),
        decided_by=by,
        on=date.fromisoformat(asked["on"]),
        note=note,
    )


def _apply_closure(episode: Episode, asked: dict, *, by, approved_by=None):
    return episode_close(
        episode=episode,
        closed_by=by,
        closed_on=date.fromisoformat(asked["closed_on"]),
        reason=asked["reason"],
        note=asked["note"],
    )


def _apply_plan(episode: Episode, asked: dict, *, by, approved_by=None):
    return None  # the plan stands as agreed; the approval is the manager's sign-off


APPLY = {
    Approval.Kind.PHASE_CHANGE: _apply_phase_change,
    Approval.Kind.CLOSURE: _apply_closure,
    Approval.Kind.PLAN: _apply_plan,
}


@transaction.atomic
def decide_or_request(*, episode: Episode, kind: str, asked: dict, summary: str, decided_by):
    """The one 'apply now or send for approval' branch: a decision the programme says this
    user's role needs signed off is held as an Approval (returned); any other is applied now
    (the applied result is returned)."""
    if needs_approval(episode, kind, decided_by):
        return approval_request(
            episode=episode, kind=kind, summary=summary, asked=asked, requested_by=decided_by
        )
    return APPLY[kind](episode, asked, by=decided_by)


def needs_approval(episode: Episode, kind: str, user) -> bool:
    """Does this user's decision of this kind on this episode wait for a manager?"""
    if user.role in {Role.TEAM_MANAGER, Role.SERVICE_MANAGER}:
        return False
    spec = spec_for(episode)
    return bool(spec and spec.needs_approval(kind))


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
    apply = APPLY.get(approval.kind)
    if apply is None:
        raise ValidationError("This kind of decision cannot be approved here yet.")
    apply(approval.episode, approval.request, by=approval.requested_by, approved_by=decided_by)
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
