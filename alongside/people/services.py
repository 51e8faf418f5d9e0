"""Writing parents' and children's details, children's stories and pregnancies. Every write
is audited, in the same transaction."""

import json
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from alongside.audit.models import AuditAction
from alongside.audit.services import audit_record
from alongside.core.concurrency import claim_version

from .choices import ChildLegalStatus, PregnancyOutcome, StatusSource, removed_on_from
from .models import (
    Child,
    ChildStatusChange,
    Parent,
    ParentChange,
    Pregnancy,
    PreviousName,
    Relationship,
    RelationshipMember,
)

PARENT_FIELDS = (
    "given_name",
    "family_name",
    "preferred_name",
    "date_of_birth",
    "nhs_number",
    "phone",
    "email",
    "address",
    "postcode",
    "ethnicity",
    "care_experienced",
    "learning_disability",
    "substance_misuse",
    "sex",
    "gender_same_as_sex",
    "gender_identity",
)


@transaction.atomic
def parent_create(*, organisation, created_by, details: dict) -> Parent:
    parent = Parent(
        organisation=organisation, **{f: details[f] for f in PARENT_FIELDS if f in details}
    )
    parent.full_clean()
    parent.save()
    PreviousName.objects.bulk_create(
        PreviousName(parent=parent, name=name) for name in details.get("previous_names", [])
    )
    audit_record(
        actor=created_by, action=AuditAction.CREATE, obj=parent, description="Parent added"
    )
    return parent


@transaction.atomic
def parent_update(
    *,
    parent: Parent,
    updated_by,
    details: dict,
    expected_version: int | None = None,
    reason: str = "",
) -> Parent:
    """Save changed details. With `expected_version`, refuse (EditConflict) if someone else
    saved in between."""
    if expected_version is not None:
        claim_version(parent, expected_version)
    changed = [f for f in PARENT_FIELDS if f in details and getattr(parent, f) != details[f]]
    before = {f: getattr(parent, f) for f in changed}
    for field in changed:
        setattr(parent, field, details[field])
    parent.full_clean()
    parent.save()
    names = details.get("previous_names")
    old_names = list(parent.previous_names.values_list("name", flat=True))
    if names is not None and names != old_names:
        before["previous_names"] = old_names
        parent.previous_names.all().delete()
        PreviousName.objects.bulk_create(PreviousName(parent=parent, name=n) for n in names)
        changed.append("previous_names")
    if changed:
        # Rectification keeps its history: what it was, what it became, who and why.
        parent_change_record(
            parent=parent,
            changed_by=updated_by,
            before=before,
            after={f: details[f] for f in changed},
            reason=reason,
        )
    audit_record(
        actor=updated_by,
        action=AuditAction.UPDATE,
        obj=parent,
        description="Parent's details changed",
        detail={"fields": changed},
    )
    return parent


CHILD_FIELDS = ("given_name", "date_of_birth", "due_date", "legal_status", "removed_on")


@transaction.atomic
def child_add(*, parent: Parent, added_by, details: dict) -> Child | Pregnancy:
    """Add a child, with their status as the first step of their story (date not known). An
    unborn baby is a pregnancy, so it is recorded as one."""
    if details.get("legal_status") == ChildLegalStatus.UNBORN:
        return pregnancy_record(
            parent=parent, recorded_by=added_by, details={"due_date": details.get("due_date")}
        )
    child = Child(parent=parent, **{f: details[f] for f in CHILD_FIELDS if f in details})
    child.full_clean()
    child.save()
    ChildStatusChange.objects.create(
        child=child, status=child.legal_status, source=StatusSource.ADDED, recorded_by=added_by
    )
    audit_record(actor=added_by, action=AuditAction.CREATE, obj=child, description="Child added")
    return child


def _date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _child_name(child: Child) -> str:
    return f"{child.given_name}'s" if child.given_name else "the child's"


@transaction.atomic
def child_update(
    *, child: Child, updated_by, details: dict, expected_version: int | None = None
) -> Child:
    """Correct a child's name or date of birth. A date of birth after the first dated step of
    their story is refused."""
    if expected_version is not None:
        claim_version(child, expected_version)
    born = details.get("date_of_birth")
    first = child.status_changes.filter(on__isnull=False).order_by("on", "pk").first()
    if born is not None and first is not None and born > first.on:
        raise ValidationError(
            {
                "date_of_birth": "The date of birth must be on or before the first change in "
                f"where the child lives ({_date(first.on)})"
            }
        )
    changed = [f for f in ("given_name", "date_of_birth") if f in details]
    changed = [f for f in changed if getattr(child, f) != details[f]]
    for field in changed:
        setattr(child, field, details[field])
    child.full_clean()
    child.save()
    audit_record(
        actor=updated_by,
        action=AuditAction.UPDATE,
        obj=child,
        description="Child's details changed",
        detail={"fields": changed},
    )
    return child


def _follow_history(child: Child) -> None:
    """Make the child's current status (and, where the history says, the date they were
    removed) follow their story. Call inside the writing transaction."""
    history = list(child.status_changes.all())
    if history:
        child.legal_status = history[-1].status
    removed_on = removed_on_from([(c.on, c.status) for c in history])
    if removed_on is not None:
        child.removed_on = removed_on


@transaction.atomic
def child_status_change(
    *,
    child: Child,
    recorded_by,
    status: str,
    on: date | None,
    source: str,
    order_sought: str = "",
) -> ChildStatusChange:
    """Add a dated step to the child's story; their current status follows (the latest by
    date). A date before the birth or in the future is refused and nothing is saved."""
    errors: dict[str, str] = {}
    if status == ChildLegalStatus.UNBORN or status not in ChildLegalStatus.values:
        errors["status"] = "Select where the child is living from this date"
    if on is None:
        errors["on"] = "Enter the date of the change"
    elif on > timezone.localdate():
        errors["on"] = "The date of the change must be today or in the past"
    elif child.date_of_birth is not None and on < child.date_of_birth:
        errors["on"] = (
            "The date of the change must be on or after "
            f"{_child_name(child)} date of birth ({_date(child.date_of_birth)})"
        )
    if status == ChildLegalStatus.IN_PROCEEDINGS and not order_sought:
        errors["order_sought"] = "Select the order the local authority is asking for"
    if errors:
        raise ValidationError(errors)
    child = Child.objects.select_for_update().get(pk=child.pk)
    change = ChildStatusChange.objects.create(
        child=child,
        status=status,
        on=on,
        source=source,
        order_sought=order_sought if status == ChildLegalStatus.IN_PROCEEDINGS else "",
        recorded_by=recorded_by,
    )
    _follow_history(child)
    child.version += 1
    child.save()
    audit_record(
        actor=recorded_by,
        action=AuditAction.CREATE,
        obj=change,
        parent_id=child.parent_id,
        description="Change in where a child lives recorded",
    )
    return change


# -- pregnancies ---------------------------------------------------------------------------

PREGNANCY_FIELDS = (
    "confirmed_on",
    "due_date",
    "booked_with_midwifery_on",
    "pre_birth_assessment",
    "pre_birth_assessment_on",
)


def _check_pregnancy(pregnancy: Pregnancy) -> None:
    errors: dict[str, str] = {}
    confirmed, due = pregnancy.confirmed_on, pregnancy.due_date
    if confirmed and due and due <= confirmed:
        errors["due_date"] = (
            f"The due date must be after the date the pregnancy was confirmed ({_date(confirmed)})"
        )
    if pregnancy.pre_birth_assessment_on and not pregnancy.pre_birth_assessment:
        errors["pre_birth_assessment"] = "Select the outcome of the pre-birth assessment"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def pregnancy_record(*, parent: Parent, recorded_by, details: dict) -> Pregnancy:
    """Record a pregnancy. Only one can be current at a time."""
    today = timezone.localdate()
    if parent.current_pregnancy(today) is not None:
        raise ValidationError(
            "A current pregnancy is already recorded. Change it, or record how it ended"
        )
    pregnancy = Pregnancy(
        parent=parent,
        recorded_by=recorded_by,
        **{f: details[f] for f in PREGNANCY_FIELDS if details.get(f) is not None},
    )
    _check_pregnancy(pregnancy)
    pregnancy.full_clean()
    pregnancy.save()
    audit_record(
        actor=recorded_by, action=AuditAction.CREATE, obj=pregnancy, description="Pregnancy added"
    )
    return pregnancy


@transaction.atomic
def pregnancy_update(
    *, pregnancy: Pregnancy, updated_by, details: dict, expected_version: int | None = None
) -> Pregnancy:
    """Change a pregnancy's dates and pre-birth assessment (not how it ended)."""
    if expected_version is not None:
        claim_version(pregnancy, expected_version)
    changed = [f for f in PREGNANCY_FIELDS if f in details]
    changed = [f for f in changed if getattr(pregnancy, f) != (details[f] or _blank(f))]
    for field in changed:
        setattr(pregnancy, field, details[field] or _blank(field))
    _check_pregnancy(pregnancy)
    if (
        pregnancy.outcome_on
        and pregnancy.confirmed_on
        and pregnancy.outcome_on < pregnancy.confirmed_on
    ):
        raise ValidationError(
            {
                "confirmed_on": "The date the pregnancy was confirmed must be on or before the "
                f"date it ended ({_date(pregnancy.outcome_on)})"
            }
        )
    pregnancy.full_clean()
    pregnancy.save()
    audit_record(
        actor=updated_by,
        action=AuditAction.UPDATE,
        obj=pregnancy,
        description="Pregnancy changed",
        detail={"fields": changed},
    )
    return pregnancy


def _blank(field: str):
    return "" if field == "pre_birth_assessment" else None


@transaction.atomic
def pregnancy_end(
    *,
    pregnancy: Pregnancy,
    recorded_by,
    outcome: str,
    outcome_on: date | None,
    baby: dict | None = None,
) -> Pregnancy:
    """Record how a pregnancy ended. A birth adds the baby as a child, with where they live
    from birth as the first step of their story. A date before the pregnancy was confirmed,
    or in the future, is refused and nothing is saved.

    `baby` (for a birth): given_name, legal_status, source and, for care proceedings,
    order_sought."""
    pregnancy = Pregnancy.objects.select_for_update().get(pk=pregnancy.pk)
    if pregnancy.outcome:
        raise ValidationError("How this pregnancy ended is already recorded")
    errors: dict[str, str] = {}
    if outcome not in PregnancyOutcome.values:
        errors["outcome"] = "Select how the pregnancy ended"
    if outcome_on is None:
        errors["outcome_on"] = "Enter the date the pregnancy ended"
    elif outcome_on > timezone.localdate():
        errors["outcome_on"] = "The date the pregnancy ended must be today or in the past"
    elif pregnancy.confirmed_on and outcome_on < pregnancy.confirmed_on:
        errors["outcome_on"] = (
            "The date the pregnancy ended must be on or after the date it was confirmed "
            f"({_date(pregnancy.confirmed_on)})"
        )
    baby = baby or {}
    status = baby.get("legal_status") or ""
    if outcome == PregnancyOutcome.BIRTH:
        if status not in ChildLegalStatus.values or status == ChildLegalStatus.UNBORN:
            errors["legal_status"] = "Select where the baby is living"
        elif status == ChildLegalStatus.IN_PROCEEDINGS and not baby.get("order_sought"):
            errors["order_sought"] = "Select the order the local authority is asking for"
    if errors:
        raise ValidationError(errors)
    pregnancy.outcome, pregnancy.outcome_on = outcome, outcome_on
    if outcome == PregnancyOutcome.BIRTH:
        child = Child.objects.create(
            parent=pregnancy.parent,
            given_name=baby.get("given_name") or "",
            date_of_birth=outcome_on,
            legal_status=status,
        )
        ChildStatusChange.objects.create(
            child=child,
            status=status,
            on=outcome_on,
            source=baby.get("source") or StatusSource.OTHER,
            order_sought=baby.get("order_sought", "")
            if status == ChildLegalStatus.IN_PROCEEDINGS
            else "",
            recorded_by=recorded_by,
        )
        _follow_history(child)
        child.save()
        pregnancy.child = child
        audit_record(
            actor=recorded_by, action=AuditAction.CREATE, obj=child, description="Child added"
        )
    pregnancy.version += 1
    pregnancy.save()
    # The audit trail says that an outcome was recorded, never which.
    audit_record(
        actor=recorded_by,
        action=AuditAction.UPDATE,
        obj=pregnancy,
        description="How a pregnancy ended recorded",
    )
    return pregnancy


def parent_change_record(
    *, parent: Parent, changed_by, before: dict, after: dict, reason: str = ""
) -> ParentChange:
    """Called inside the update's transaction: the correction and its history go together."""
    return ParentChange.objects.create(
        parent=parent,
        changed_by=changed_by,
        reason=reason[:300],
        before=json.dumps(before, default=str),
        after=json.dumps(after, default=str),
    )


# -- relationships between two parents -------------------------------------------------------


@transaction.atomic
def relationship_record(
    *, parent: Parent, partner: Parent, kind: str, started_on: date, recorded_by
) -> Relationship:
    """Two parents of the same service in a relationship from `started_on`. The page checks
    that the user's own work covers both parents (policy: EDIT_PARENT on each)."""
    if partner.pk == parent.pk:
        raise ValidationError(
            {
                "partner": "A parent cannot be in a relationship with themselves. Choose the other parent"
            }
        )
    if partner.organisation_id != parent.organisation_id:
        raise ValidationError({"partner": "Choose a parent of this service"})
    if started_on > timezone.localdate():
        raise ValidationError(
            {"started_on": "The date the relationship started must be in the past"}
        )
    both = Relationship.objects.filter(members__parent=parent).filter(members__parent=partner)
    if both.filter(ended_on__isnull=True).exists():
        raise ValidationError(
            {"partner": "A current relationship between these parents is already recorded"}
        )
    relationship = Relationship(
        organisation_id=parent.organisation_id,
        kind=kind,
        started_on=started_on,
        recorded_by=recorded_by,
    )
    relationship.full_clean()
    relationship.save()
    RelationshipMember.objects.bulk_create(
        [
            RelationshipMember(relationship=relationship, parent=parent),
            RelationshipMember(relationship=relationship, parent=partner),
        ]
    )
    for who in (parent, partner):
        audit_record(
            actor=recorded_by,
            action=AuditAction.CREATE,
            obj=relationship,
            parent_id=who.pk,
            description="Relationship recorded",
            detail={"kind": kind},
        )
    return relationship


@transaction.atomic
def relationship_end(*, relationship: Relationship, ended_on: date, ended_by) -> Relationship:
    relationship = Relationship.objects.select_for_update().get(pk=relationship.pk)
    if relationship.ended_on is not None:
        raise ValidationError("This relationship has already ended")
    if ended_on < relationship.started_on:
        raise ValidationError(
            {"ended_on": "The date the relationship ended must be on or after the day it started"}
        )
    if ended_on > timezone.localdate():
        raise ValidationError({"ended_on": "The date the relationship ended must be in the past"})
    relationship.ended_on = ended_on
    relationship.ended_by = ended_by
    relationship.full_clean()
    relationship.save(update_fields=["ended_on", "ended_by", "updated_at"])
    for parent_id in relationship.members.values_list("parent_id", flat=True):
        audit_record(
            actor=ended_by,
            action=AuditAction.UPDATE,
            obj=relationship,
            parent_id=parent_id,
            description="Relationship ended",
        )
    return relationship
