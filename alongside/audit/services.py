"""Writing to the audit log. Every read of a person's record, every write and every export
comes through `audit_record` (or `audit_reads` for a page's list). Writing never waits for
other writers: the chain is sealed afterwards, in order, by alongside.audit.sealing."""

from dataclasses import dataclass

from django.db import connections, models, router, transaction
from django.utils import timezone

from .chain import chain_key, content_fields, content_mac
from .models import AuditAction, AuditEntry, AuditOutcome
from .triggers import CONTENT_COLUMNS


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
    """Append one entry. `actor` is a user (or None for anonymous).

    The entry is written with its content MAC and no place in the chain: one plain insert,
    no lock shared with other requests. The sealer (alongside.audit.sealing) chains it."""
    who = actor if isinstance(actor, Actor) else Actor.of(actor)
    if parent_id is None and obj is not None:
        parent_id = _parent_id_of(obj)
    entry = AuditEntry(
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
    )
    entry.entry_mac = content_mac(content_fields(entry))
    entry.save()
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
    trail and the subject access export find list pages too.

    One transaction for the lot. A team's list shows hundreds of parents, so the rows go in
    through the cursor rather than `bulk_create`, which prepares every field of every row
    again (about 10 ms of the team caseload's 90 for 200 rows, measured): what the entries
    share (the time, the actor, the page and its detail) is prepared once, by the fields' own
    adapters, and each row adds only its parent and its MAC."""
    if not reads:
        return 0
    who = actor if isinstance(actor, Actor) else Actor.of(actor)
    shared = AuditEntry(
        at=timezone.now(),
        actor_id=who.id,
        actor_label=who.label[:200],
        action=AuditAction.VIEW,
        outcome=AuditOutcome.ALLOWED,
        description=description[:300],
        detail=detail,
    )
    key = chain_key()
    content = content_fields(shared)
    using = router.db_for_write(AuditEntry)
    connection = connections[using]
    meta = AuditEntry._meta
    at = meta.get_field("at").get_db_prep_save(shared.at, connection)
    stored_detail = meta.get_field("detail").get_db_prep_save(shared.detail, connection)
    rows = []
    for read in reads:
        content.update(
            object_type=read.object_type, object_id=read.object_id, parent_id=read.parent_id
        )
        mac = content_mac(content, key)
        rows.append(
            (at, who.id, shared.actor_label, shared.action, shared.outcome)
            + (read.object_type, read.object_id, read.parent_id)
            + (shared.description, stored_detail, mac, "", "")  # no place in the chain yet
        )
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    names = ", ".join(quote(meta.get_field(name).column) for name in _READ_COLUMNS)
    values = ", ".join(["%s"] * len(_READ_COLUMNS))
    sql = f"INSERT INTO {table} ({names}) VALUES ({values})"  # noqa: S608  # nosec B608
    with transaction.atomic(using=using, savepoint=False), connection.cursor() as cursor:
        cursor.executemany(sql, rows)
    return len(rows)


# The entry's content (every column but its id) and the sealer's two hashes, which start
# empty. In the order `audit_reads` gives them.
_READ_COLUMNS = CONTENT_COLUMNS[1:] + ("previous_hash", "entry_hash")


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
