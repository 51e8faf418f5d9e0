"""Sealing: giving written entries their place in the chain, in order, in batches, by one sealer.

Writers insert entries with a MAC of their content and no place (`sequence` empty). The sealer
takes the chain head's lock, reads the waiting entries in the order they were written, gives each
the next sequence and the keyed hash of the one before it, and moves the head on: one short
transaction per batch. Only the sealer takes the head, so no request ever waits on another
request's audit entry. The worker seals every second (`AuditSealer`); `verify-audit`,
`audit-checkpoint` and backups seal first. Why, and what an attacker could do in the moment
before an entry is sealed: docs/adr/0007-audit-sealing.md.
"""

import logging
import threading

from django.db import close_old_connections, connection, transaction

from .chain import chain_key, entry_hash, hashed_fields
from .checkpoints import checkpoint_if_due
from .models import AuditChainHead, AuditEntry

BATCH = 2000
logger = logging.getLogger(__name__)


def seal_pending(batch: int = BATCH) -> int:
    """Seal every entry waiting to be sealed; returns how many were sealed."""
    sealed = 0
    while True:
        done = _seal_batch(batch)
        sealed += done
        if done < batch:
            return sealed


def waiting_count() -> int:
    return AuditEntry.objects.filter(sequence__isnull=True).count()


def _seal_batch(batch: int) -> int:
    if not AuditEntry.objects.filter(sequence__isnull=True).exists():
        return 0  # no lock taken when there is nothing to do
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        waiting = list(AuditEntry.objects.filter(sequence__isnull=True).order_by("id")[:batch])
        key = chain_key()
        previous, sequence = head.entry_hash, head.sequence
        for entry in waiting:
            sequence += 1
            entry.sequence = sequence
            entry.previous_hash = previous
            entry.entry_hash = previous = entry_hash(hashed_fields(entry), previous, key)
        # The database's own rule lets exactly this through (an unsealed entry getting its
        # place); the append-only manager refuses every update, so this is plain SQL. One
        # prepared statement per entry: a CASE over the batch would grow with its square.
        table = connection.ops.quote_name(AuditEntry._meta.db_table)  # the model's own name
        sql = f"UPDATE {table} SET sequence = %s, previous_hash = %s, entry_hash = %s WHERE id = %s AND sequence IS NULL"  # noqa: S608  # nosec B608
        with connection.cursor() as cursor:
            cursor.executemany(
                sql, [(e.sequence, e.previous_hash, e.entry_hash, e.pk) for e in waiting]
            )
        head.sequence, head.entry_hash = sequence, previous
        head.save(update_fields=["sequence", "entry_hash"])
    return len(waiting)


class AuditSealer(threading.Thread):
    """The worker's sealer: seals every `interval` seconds and writes checkpoints when due, on
    its own thread and database connection, so a long job never holds sealing up."""

    def __init__(self, interval: float = 1.0):
        super().__init__(name="audit-sealer", daemon=True)
        self.interval = interval
        self.stopping = threading.Event()
        self.failures = 0

    def run(self) -> None:
        try:
            while not self.stopping.is_set():
                close_old_connections()
                try:
                    seal_pending()
                    checkpoint_if_due()
                    self.failures = 0
                except Exception:  # a locked or restarting database: say so, try again
                    self.failures += 1
                    logger.exception("Sealing the audit log failed; trying again")
                self.stopping.wait(self.interval)
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=30)
