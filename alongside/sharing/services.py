"""Recording consent, withdrawing it, disclosures, break-glass and corrections. Each write is
one transaction with its audit entry: nothing is half-saved."""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from alongside.accounts.models import Organisation, Role
from alongside.audit.models import AuditAction
from alongside.audit.services import audit_record
from alongside.people.models import Parent

from .choices import Category, Condition, DisclosureKind, HowGiven, LegalBasis, ParentTold
from .models import BreakGlass, Consent, Disclosure

BREAK_GLASS_MINUTES = getattr(settings, "BREAK_GLASS_MINUTES", 60)


@transaction.atomic
def consent_record(
    *,
    parent: Parent,
    recorded_by,
    organisation: Organisation,
    categories: list[str],
    purpose: str,
    starts_on: date,
    ends_on: date | None = None,
    condition: str = Condition.NONE,
    how_given: str,
    witness: str = "",
    job_role: str = "",
) -> Consent:
    problems = {}
    if organisation.kind != Organisation.Kind.PARTNER:
        problems["organisation"] = "Choose a partner organisation that Alongside knows"
    unknown = set(categories) - set(Category.values)
    if not categories or unknown:
        problems["categories"] = "Choose what may be shared"
    if ends_on is not None and ends_on < starts_on:
        problems["ends_on"] = "The end date must be the same as or after the start date"
    if how_given == HowGiven.VERBAL_WITH_WITNESS and not witness.strip():
        problems["witness"] = "Enter who witnessed the parent's verbal consent"
    if not purpose.strip():
        problems["purpose"] = "Enter what the information will be used for"
    if problems:
        raise ValidationError(problems)
    consent = Consent(
        parent=parent,
        organisation=organisation,
        job_role=job_role.strip(),
        categories=sorted(set(categories)),
        purpose=purpose.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        condition=condition,
        how_given=how_given,
        witness=witness.strip(),
        recorded_by=recorded_by,
    )
    consent.full_clean()
    consent.save()
    audit_record(
        actor=recorded_by,
        action=AuditAction.CREATE,
        obj=consent,
        parent_id=parent.pk,
        description="Consent recorded",
        detail={"organisation_id": organisation.pk, "categories": consent.categories},
    )
    return consent


@transaction.atomic
def consent_withdraw(*, consent: Consent, withdrawn_by, note: str = "") -> Consent:
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_at is not None:
        raise ValidationError("This consent has already been withdrawn.")
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = withdrawn_by
    consent.withdrawal_note = note[:500]
    consent.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_note"])
    audit_record(
        actor=withdrawn_by,
        action=AuditAction.UPDATE,
        obj=consent,
        parent_id=consent.parent_id,
        description="Consent withdrawn",
    )
    return consent


@transaction.atomic
def disclosure_request(
    *,
    parent: Parent,
    requested_by,
    kind: str,
    recipient: str,
    legal_basis: str,
    reasons: str,
    what_disclosed: str,
    contacts=(),
) -> Disclosure:
    problems = {}
    if legal_basis not in LegalBasis.values:
        problems["legal_basis"] = "Choose the legal basis for the disclosure"
    if kind not in DisclosureKind.values:
        problems["kind"] = "Choose whether this is a safeguarding or a court disclosure"
    for name, value, message in (
        ("recipient", recipient, "Enter who the information is for"),
        ("reasons", reasons, "Enter the reasons for disclosing without consent"),
        ("what_disclosed", what_disclosed, "Enter exactly what will be disclosed"),
    ):
        if not value.strip():
            problems[name] = message
    if any(c.episode.parent_id != parent.pk for c in contacts):
        problems["contacts"] = "Choose contacts from this parent's record only"
    if problems:
        raise ValidationError(problems)
    disclosure = Disclosure.objects.create(
        parent=parent,
        kind=kind,
        recipient=recipient.strip(),
        legal_basis=legal_basis,
        reasons=reasons.strip(),
        what_disclosed=what_disclosed.strip(),
        requested_by=requested_by,
    )
    disclosure.contacts.set(contacts)
    audit_record(
        actor=requested_by,
        action=AuditAction.CREATE,
        obj=disclosure,
        parent_id=parent.pk,
        description="Disclosure requested",
        detail={"kind": kind, "legal_basis": legal_basis},  # the recipient is on the record
    )
    return disclosure


@transaction.atomic
def disclosure_decide(
    *,
    disclosure: Disclosure,
    decided_by,
    approve: bool,
    note: str = "",
    disclosed_on: date | None = None,
) -> Disclosure:
    disclosure = Disclosure.objects.select_for_update().get(pk=disclosure.pk)
    if disclosure.status != Disclosure.Status.AWAITING_APPROVAL:
        raise ValidationError("This disclosure has already been decided.")
    if decided_by.pk == disclosure.requested_by_id:
        raise ValidationError("Another manager must approve a disclosure you asked for.")
    if decided_by.role not in {Role.TEAM_MANAGER, Role.SERVICE_MANAGER}:
        raise ValidationError("Only a manager can approve a disclosure.")
    if approve and disclosed_on is None:
        raise ValidationError(
            {"disclosed_on": "Enter the date the information was or will be disclosed"}
        )
    if not approve and not note.strip():
        raise ValidationError({"note": "Enter why the disclosure is not approved"})
    disclosure.status = Disclosure.Status.APPROVED if approve else Disclosure.Status.REFUSED
    disclosure.decided_by = decided_by
    disclosure.decided_at = timezone.now()
    disclosure.decision_note = note
    disclosure.disclosed_on = disclosed_on if approve else None
    disclosure.save()
    if approve and disclosure.kind == DisclosureKind.COURT:
        disclosure.contacts.update(disclosed_in_proceedings=True)
    audit_record(
        actor=decided_by,
        action=AuditAction.EXPORT if approve else AuditAction.UPDATE,
        obj=disclosure,
        parent_id=disclosure.parent_id,
        description="Disclosure approved" if approve else "Disclosure not approved",
        detail={"contacts": list(disclosure.contacts.values_list("pk", flat=True))},
    )
    return disclosure


@transaction.atomic
def disclosure_record_parent_told(
    *, disclosure: Disclosure, recorded_by, told: str, told_on: date | None = None, reason: str = ""
) -> Disclosure:
    if told == ParentTold.YES and told_on is None:
        raise ValidationError({"told_on": "Enter the date the parent was told"})
    if told == ParentTold.NO and not reason.strip():
        raise ValidationError({"reason": "Enter why the parent has not been told"})
    Disclosure.objects.filter(pk=disclosure.pk).update(
        parent_told=told, parent_told_on=told_on if told == ParentTold.YES else None
    )
    disclosure.refresh_from_db()
    disclosure.not_told_reason = reason if told == ParentTold.NO else ""
    disclosure.save(update_fields=["not_told_reason"])
    audit_record(
        actor=recorded_by,
        action=AuditAction.UPDATE,
        obj=disclosure,
        parent_id=disclosure.parent_id,
        description="Recorded whether the parent was told of a disclosure",
        detail={"told": told},
    )
    return disclosure


@transaction.atomic
def break_glass_start(*, user, parent: Parent, reason: str) -> BreakGlass:
    if len(reason.strip()) < 10:
        raise ValidationError(
            {"reason": "Explain why you need to open this record (at least 10 characters)"}
        )
    now = timezone.now()
    grant = BreakGlass.objects.create(
        user=user,
        parent=parent,
        reason=reason.strip()[:500],
        started_at=now,
        expires_at=now + timedelta(minutes=BREAK_GLASS_MINUTES),
    )
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        parent_id=parent.pk,
        obj=grant,
        description="Break-glass access started",
        # The audit log keeps ids and actions, never content: the reason stays on the grant
        # (where the retention policy can erase it), and the entry records only that one was given.
        detail={"reason_given": True, "minutes": BREAK_GLASS_MINUTES},
    )
    return grant
