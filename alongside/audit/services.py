"""Writing to the audit log. Every read of a person's record, every write and every export
comes through `audit_record`."""

from dataclasses import dataclass

from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from .chain import entry_hash, hashed_fields
from .models import AuditAction, AuditChainHead, AuditEntry, AuditOutcome


@dataclass(frozen=True)
class Actor:
    id: int | None
    label: str

    @classmethod
    def of(cls, user) -> "Actor":
        if user is None or not getattr(user, "is_authenticated", False):
            return cls(id=None, label="anonymous")
        return cls(id=user.pk, label=user.get_username())


def audit_record(
    *,
    actor,
    action: AuditAction,
    obj: models.Model | None = None,
    parent_id: int | None = None,
    outcome: AuditOutcome = AuditOutcome.ALLOWED,
    description: str = "",
    detail: dict | None = None,
) -> AuditEntry:
    """Append one entry to the chain. `actor` is a user (or None for anonymous)."""
    who = actor if isinstance(actor, Actor) else Actor.of(actor)
    if parent_id is None and obj is not None:
        parent_id = _parent_id_of(obj)
    with transaction.atomic():
        # Updating the head row first takes the write lock (both SQLite and PostgreSQL),
        # so no two entries can claim the same place in the chain.
        updated = AuditChainHead.objects.filter(pk=1).update(sequence=F("sequence") + 1)
        if not updated:
            AuditChainHead.objects.create(pk=1, sequence=1)
        head = AuditChainHead.objects.select_for_update().get(pk=1)
        entry = AuditEntry(
            sequence=head.sequence,
            at=timezone.now(),
            actor_id=who.id,
            actor_label=who.label[:200],
            action=action,
            outcome=outcome,
            object_type=obj._meta.label_lower if obj is not None else "",
            object_id=str(obj.pk) if obj is not None else "",
            parent_id=parent_id,
            description=description[:300],
            detail=detail or {},
            previous_hash=head.entry_hash,
        )
        entry.entry_hash = entry_hash(hashed_fields(entry), head.entry_hash)
        entry.save()
        head.entry_hash = entry.entry_hash
        head.save(update_fields=["entry_hash"])
    return entry


def _parent_id_of(obj: models.Model) -> int | None:
    from alongside.people.models import Parent

    if isinstance(obj, Parent):
        return obj.pk
    parent_id = getattr(obj, "parent_id", None)
    if parent_id is not None:
        return parent_id
    episode = getattr(obj, "episode", None)
    return getattr(episode, "parent_id", None)
