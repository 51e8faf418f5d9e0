"""Writing to the audit log. Every read of a person's record, every write and every export
comes through `audit_record`."""

from dataclasses import dataclass

from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from .chain import chain_key, entry_hash, hashed_fields
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
        entry.entry_hash = entry_hash(hashed_fields(entry), head.entry_hash, chain_key())
        entry.save()
        head.entry_hash = entry.entry_hash
        head.save(update_fields=["entry_hash"])
    return entry


def create_audited(
    instance: models.Model, *, actor, description: str, detail: dict | None = None
) -> models.Model:
    """Check and save a new record, then append its CREATE entry: a write and its audit entry
    go together (call inside the write's transaction)."""
    instance.full_clean()
    instance.save()
    audit_record(
        actor=actor, action=AuditAction.CREATE, obj=instance, description=description, detail=detail
    )
    return instance


@dataclass(frozen=True)
class Read:
    """One parent's record seen on a page (for `audit_reads`)."""

    parent_id: int
    object_type: str = ""
    object_id: str = ""


def audit_reads(*, actor, reads: list[Read], description: str, detail: dict) -> int:
    """Append one VIEW entry per parent seen, each carrying that parent's id, so the access
    trail and the subject access export find list pages too. One lock on the chain head for
    the lot; the entries are chained one after another exactly as `audit_record` would."""
    if not reads:
        return 0
    who = actor if isinstance(actor, Actor) else Actor.of(actor)
    now = timezone.now()
    with transaction.atomic():
        updated = AuditChainHead.objects.filter(pk=1).update(sequence=F("sequence") + len(reads))
        if not updated:
            AuditChainHead.objects.create(pk=1, sequence=len(reads))
        head = AuditChainHead.objects.select_for_update().get(pk=1)
        sequence = head.sequence - len(reads)
        previous = head.entry_hash
        key = chain_key()
        entries = []
        for read in reads:
            sequence += 1
            entry = AuditEntry(
                sequence=sequence,
                at=now,
                actor_id=who.id,
                actor_label=who.label[:200],
                action=AuditAction.VIEW,
                outcome=AuditOutcome.ALLOWED,
                object_type=read.object_type,
                object_id=read.object_id,
                parent_id=read.parent_id,
                description=description[:300],
                detail=detail,
                previous_hash=previous,
            )
            entry.entry_hash = previous = entry_hash(hashed_fields(entry), previous, key)
            entries.append(entry)
        AuditEntry.objects.bulk_create(entries)
        head.entry_hash = previous
        head.save(update_fields=["entry_hash"])
    return len(entries)


def parent_id_of(obj: models.Model) -> int | None:
    """The parent whose record `obj` is part of, if any."""
    return _parent_id_of(obj)


def _parent_id_of(obj: models.Model) -> int | None:
    if obj._meta.label_lower == "people.parent":
        return obj.pk
    parent_id = getattr(obj, "parent_id", None)
    if parent_id is not None:
        return parent_id
    for via in ("episode", "plan"):
        related = getattr(obj, via, None)
        if related is not None:
            return _parent_id_of(related)
    return None
