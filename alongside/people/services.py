"""Writing parents' and children's details. Every write is audited."""

import json

from django.db import transaction

from alongside.audit.models import AuditAction
from alongside.audit.services import audit_record
from alongside.core.concurrency import claim_version

from .models import Child, Parent, ParentChange, PreviousName

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


@transaction.atomic
def child_add(*, parent: Parent, added_by, details: dict) -> Child:
    child = Child(parent=parent, **details)
    child.full_clean()
    child.save()
    audit_record(actor=added_by, action=AuditAction.CREATE, obj=child, description="Child added")
    return child


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
