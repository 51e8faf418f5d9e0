"""Receiving referrals, the work on them before the parent agrees, deciding on them, and
keeping one record per person (linking a referral to a parent the service knows, merging)."""

import hashlib
import secrets
from datetime import date

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from alongside.audit.models import AuditAction
from alongside.audit.services import audit_record
from alongside.casework.models import Episode
from alongside.people.models import Parent
from alongside.people.services import parent_create

from .models import (
    Channel,
    MatchDecision,
    ParentMerge,
    PartnerAccess,
    Referral,
    ReferralSource,
    ReferralStep,
    Tracking,
)

ACCEPTED_WORDS = "The service has accepted the referral and will be in touch with the parent."
# Letters and digits that cannot be mistaken for each other when read out over the phone.
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def digest(secret: str) -> str:
    """How a secret (a link, a status address, a token) is kept: its SHA-256, never itself."""
    return hashlib.sha256(secret.encode()).hexdigest()


def _new_reference() -> str:
    while True:
        reference = "R-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
        if not Tracking.objects.filter(reference=reference).exists():
            return reference


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
    *,
    referral: Referral,
    team,
    decided_by,
    decided_on: date,
    note: str = "",
    referrer_told: str = "",
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
    _tell_referrer(referral, referrer_told or ACCEPTED_WORDS)
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
def referral_decline(
    *, referral: Referral, decided_by, decided_on: date, note: str, referrer_told: str = ""
) -> Referral:
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    _ensure_awaiting(referral)
    if not note.strip():
        raise ValidationError("Give the reasons the referral was not accepted.")
    referral.status = Referral.Status.DECLINED
    referral.decided_on = decided_on
    referral.decided_by = decided_by
    referral.decision_note = note
    referral.save()
    _tell_referrer(referral, referrer_told or note)
    audit_record(
        actor=decided_by,
        action=AuditAction.UPDATE,
        obj=referral,
        description="Referral not accepted",
    )
    return referral


def _tell_referrer(referral: Referral, words: str) -> None:
    tracking = Tracking.objects.filter(referral=referral).first()
    if tracking is None:
        tracking = Tracking(referral=referral, reference=_new_reference(), channel=Channel.STAFF)
    tracking.referrer_told = words
    tracking.save()


@transaction.atomic
def referral_submit(
    *,
    organisation,
    channel: str,
    parent_details: dict,
    referral_details: dict,
    submitted_by=None,
    referring_organisation=None,
    actor=None,
) -> tuple[Referral, str]:
    """A referral from outside the service (a partner, a parent, a partner system), stored whole
    or not at all: the parent's details, the referral and how the referrer follows it. Gives
    the referral and the secret for its status address (shown once, kept only as a digest)."""
    if channel == Channel.SELF:
        referral_details = {**referral_details, "source": ReferralSource.SELF}
    parent = parent_create(
        organisation=organisation, created_by=actor or submitted_by, details=parent_details
    )
    referral = Referral(
        organisation=organisation,
        parent=parent,
        recorded_by=submitted_by,
        received_on=referral_details.pop("received_on", None) or timezone.localdate(),
        **referral_details,
    )
    referral.full_clean()
    referral.save()
    status_key = secrets.token_urlsafe(24)
    Tracking.objects.create(
        referral=referral,
        reference=_new_reference(),
        channel=channel,
        referring_organisation=referring_organisation,
        status_digest=digest(status_key),
    )
    audit_record(
        actor=actor or submitted_by,
        action=AuditAction.CREATE,
        obj=referral,
        description=f"Referral received ({Channel(channel).label.lower()})",
    )
    return referral, status_key


@transaction.atomic
def referral_step_record(
    *,
    referral: Referral,
    kind: str,
    happened_on: date,
    outcome: str,
    recorded_by,
    method: str = "",
    notes: str = "",
    reasons: list[str] | None = None,
) -> ReferralStep:
    """A screening, an outreach attempt or a consultation with the referrer."""
    if referral.status != Referral.Status.AWAITING_DECISION and kind == ReferralStep.Kind.SCREENING:
        raise ValidationError("This referral has already been decided.")
    if happened_on < referral.received_on:
        raise ValidationError(
            {"happened_on": "The date must be on or after the day the referral was received"}
        )
    step = ReferralStep(
        referral=referral,
        kind=kind,
        happened_on=happened_on,
        method=method,
        outcome=outcome,
        notes=notes,
        reasons=reasons or [],
        recorded_by=recorded_by,
    )
    step.full_clean()
    step.save()
    audit_record(
        actor=recorded_by,
        action=AuditAction.CREATE,
        obj=step,
        parent_id=referral.parent_id,
        description=f"{step.get_kind_display()} recorded",
    )
    return step


# --- Partner organisations' access -----------------------------------------------------------


@transaction.atomic
def partner_access_issue(*, organisation, partner, created_by) -> tuple[PartnerAccess, str]:
    """Let a partner organisation refer: its users signed in, and anyone with its link. Gives
    the link's secret, shown once."""
    if partner.kind != "partner":
        raise ValidationError({"partner": "Choose a partner organisation"})
    secret = secrets.token_urlsafe(24)
    access = PartnerAccess.objects.create(
        organisation=organisation,
        partner=partner,
        link_digest=digest(secret),
        created_by=created_by,
    )
    audit_record(
        actor=created_by,
        action=AuditAction.CREATE,
        obj=access,
        description="Referral link issued",
        detail={"partner": partner.pk},
    )
    return access, secret


@transaction.atomic
def partner_access_revoke(*, access: PartnerAccess, revoked_by) -> PartnerAccess:
    if access.revoked_at is None:
        access.revoked_at = timezone.now()
        access.revoked_by = revoked_by
        access.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
        audit_record(
            actor=revoked_by,
            action=AuditAction.UPDATE,
            obj=access,
            description="Referral link revoked",
        )
    return access


# --- One person, one record ------------------------------------------------------------------

# Rows that stay with the record they were made on: the history of corrections to its own
# details, the merges themselves, and the decisions that a referral was or was not about this
# very record.
NOT_MOVED = {"people.ParentChange", "referrals.ParentMerge", "referrals.MatchDecision"}


# The same fact recorded on both records (attendance at one group session, an open peer
# mentor role): the kept record's own stands, and the merged record's stays where it is.
KEPT_HAS_ITS_OWN = {"casework.GroupAttendance", "casework.PeerMentorRole"}


def _move_each(model, field_name: str, pks: list[int], kept: Parent) -> list[int]:
    """Move the rows one at a time, leaving any the kept record already has; the ones moved."""
    moved = []
    for pk in pks:
        try:
            with transaction.atomic():
                model._default_manager.filter(pk=pk).update(**{field_name: kept})
        except IntegrityError:
            continue
        moved.append(pk)
    return moved


def _parent_relations():
    """Every kind of row that points at a parent, as (model label, field, one-to-one). That
    includes fields with no way back from the parent (related_name="+": achievements, measures,
    group attendance, peer mentoring), which `_meta.related_objects` leaves out."""
    for relation in Parent._meta.get_fields(include_hidden=True):
        if not relation.auto_created or relation.concrete or relation.many_to_many:
            continue
        label = relation.related_model._meta.label
        if label in NOT_MOVED:
            continue
        yield label, relation.field.name, relation.one_to_one


@transaction.atomic
def parents_merge(
    *, kept: Parent, merged: Parent, merged_by, reason: str = "", referral: Referral | None = None
) -> ParentMerge:
    """Make two records of one person one: every row held against `merged` (referrals,
    episodes, children, pregnancies, previous names, consents, ...) moves to `kept`, and each
    row moved is listed so that the merge can be undone exactly. `merged` keeps its own
    details. Audited against both parents."""
    if kept.pk == merged.pk:
        raise ValidationError("A record cannot be merged with itself.")
    if kept.organisation_id != merged.organisation_id:
        raise ValidationError("Both records must belong to this service.")
    if ParentMerge.objects.filter(merged=merged, undone_at__isnull=True).exists():
        raise ValidationError("This record has already been merged into another.")
    if ParentMerge.objects.filter(merged=kept, undone_at__isnull=True).exists():
        raise ValidationError("The record to keep has itself been merged into another.")
    moved: dict[str, list[int]] = {}
    try:
        with transaction.atomic():
            for label, field_name, one_to_one in _parent_relations():
                model = apps.get_model(label)
                rows = model._default_manager.filter(**{field_name: merged})
                if one_to_one and model._default_manager.filter(**{field_name: kept}).exists():
                    continue  # kept has its own; this one stays with the merged record
                pks = list(rows.values_list("pk", flat=True))
                if label in KEPT_HAS_ITS_OWN:
                    pks = _move_each(model, field_name, pks, kept)
                elif pks:
                    model._default_manager.filter(pk__in=pks).update(**{field_name: kept})
                if pks:
                    moved[label] = pks
    except IntegrityError as error:
        raise ValidationError(
            "These records cannot be merged: both are in the same relationship or hold the same "
            "one-of-a-kind record."
        ) from error
    merge = ParentMerge.objects.create(
        organisation_id=kept.organisation_id,
        kept=kept,
        merged=merged,
        referral=referral,
        moved=moved,
        reason=reason,
        merged_by=merged_by,
    )
    counts = {label: len(pks) for label, pks in moved.items()}
    for parent_id in (kept.pk, merged.pk):
        audit_record(
            actor=merged_by,
            action=AuditAction.UPDATE,
            obj=merge,
            parent_id=parent_id,
            description="Records of one person merged",
            detail={"kept": kept.pk, "merged": merged.pk, "moved": counts},
        )
    return merge


@transaction.atomic
def parents_merge_undo(*, merge: ParentMerge, undone_by) -> ParentMerge:
    """Put back every row the merge moved, so both records are as they were."""
    merge = ParentMerge.objects.select_for_update().get(pk=merge.pk)
    if merge.is_undone:
        raise ValidationError("This merge has already been undone.")
    relations = {label: field_name for label, field_name, _ in _parent_relations()}
    for label, pks in merge.moved.items():
        model = apps.get_model(label)
        model._default_manager.filter(pk__in=pks).update(**{relations[label]: merge.merged_id})
    merge.undone_at = timezone.now()
    merge.undone_by = undone_by
    merge.save(update_fields=["undone_at", "undone_by"])
    if merge.referral_id:
        MatchDecision.objects.filter(
            referral_id=merge.referral_id,
            candidate_id=merge.kept_id,
            outcome=MatchDecision.Outcome.LINKED,
        ).delete()
    for parent_id in (merge.kept_id, merge.merged_id):
        audit_record(
            actor=undone_by,
            action=AuditAction.UPDATE,
            obj=merge,
            parent_id=parent_id,
            description="Merge of records undone",
            detail={"kept": merge.kept_id, "merged": merge.merged_id},
        )
    return merge


@transaction.atomic
def referral_link(
    *, referral: Referral, candidate: Parent, decided_by, agreed: list[str]
) -> ParentMerge:
    """The referral is about a parent the service already knows: the record made from the
    referral is merged into theirs, so they show their earlier episodes, children and plans."""
    if referral.status != Referral.Status.AWAITING_DECISION:
        raise ValidationError("This referral has already been decided.")
    MatchDecision.objects.create(
        referral=referral,
        candidate=candidate,
        outcome=MatchDecision.Outcome.LINKED,
        agreed=agreed,
        decided_by=decided_by,
    )
    return parents_merge(
        kept=candidate,
        merged=referral.parent,
        merged_by=decided_by,
        referral=referral,
        reason="Linked from a referral",
    )


@transaction.atomic
def referral_not_same(
    *, referral: Referral, candidate: Parent, decided_by, agreed: list[str]
) -> MatchDecision:
    decision = MatchDecision.objects.create(
        referral=referral,
        candidate=candidate,
        outcome=MatchDecision.Outcome.NOT_SAME,
        agreed=agreed,
        decided_by=decided_by,
    )
    audit_record(
        actor=decided_by,
        action=AuditAction.UPDATE,
        obj=decision,
        parent_id=referral.parent_id,
        description="Recorded: not the same person",
        detail={"candidate": candidate.pk},
    )
    return decision
