"""Checking the audit log: every entry's content MAC, every sealed entry's hash and link, the
head, and the newest checkpoint. Entries still waiting to be sealed are checked by their MAC."""

from collections.abc import Callable
from dataclasses import dataclass

from .chain import GENESIS_HASH, chain_key, content_fields, content_mac, entry_hash, hashed_fields
from .checkpoints import Checkpoint, CheckpointInvalid, latest_checkpoint
from .models import AuditChainHead, AuditEntry


@dataclass(frozen=True)
class ChainReport:
    entries_checked: int
    first_broken_sequence: int | None
    problem: str
    waiting: int = 0  # entries written but not yet sealed (each checked by its MAC)

    @property
    def intact(self) -> bool:
        return self.first_broken_sequence is None and not self.problem


def verify_chain(
    progress: Callable[[int, int], None] | None = None, checkpoint: Checkpoint | None = None
) -> ChainReport:
    """Check every entry's keyed hash and link, the head, and the newest checkpoint kept outside
    the database (or `checkpoint`, say from a backup's manifest)."""
    try:
        checkpoint = checkpoint or latest_checkpoint()
    except CheckpointInvalid as error:
        return ChainReport(0, None, str(error))
    key = chain_key()
    # The head as the check starts: entries the sealer seals while it runs are left to the next.
    head = AuditChainHead.objects.filter(pk=1).first()
    total = AuditEntry.objects.count()
    waiting = 0
    for entry in AuditEntry.objects.filter(sequence__isnull=True).order_by("id").iterator(2000):
        if content_mac(content_fields(entry), key) != entry.entry_mac:
            return ChainReport(
                0,
                None,
                f"an entry waiting to be sealed (number {entry.pk}, dated {entry.at:%Y-%m-%d %H:%M}) "
                "was not written by the application, or was changed after it was written",
            )
        waiting += 1
    expected_sequence = 1
    previous = GENESIS_HASH
    checked = 0
    sealed = AuditEntry.objects.filter(sequence__lte=head.sequence if head else 0)
    sealed = sealed.order_by("sequence")
    for entry in sealed.iterator(chunk_size=2000):
        if entry.sequence != expected_sequence:
            return ChainReport(
                checked,
                expected_sequence,
                f"entry {expected_sequence} is missing (next found is {entry.sequence})",
            )
        if entry.previous_hash != previous:
            return ChainReport(
                checked, entry.sequence, f"entry {entry.sequence} does not follow the one before"
            )
        if entry_hash(hashed_fields(entry), entry.previous_hash, key) != entry.entry_hash or (
            content_mac(content_fields(entry), key) != entry.entry_mac
        ):
            return ChainReport(
                checked, entry.sequence, f"entry {entry.sequence} was changed after it was written"
            )
        if (
            checkpoint is not None
            and entry.sequence == checkpoint.sequence
            and entry.entry_hash != checkpoint.entry_hash
        ):
            return ChainReport(
                checked,
                entry.sequence,
                f"entry {entry.sequence} is not the one the checkpoint of "
                f"{checkpoint.written_at} recorded: the log was rewritten",
            )
        previous = entry.entry_hash
        expected_sequence += 1
        checked += 1
        if progress and checked % 2000 == 0:
            progress(checked + waiting, total)
    if head is not None and (head.sequence != checked or head.entry_hash != previous):
        return ChainReport(
            checked,
            checked + 1,
            f"the log ends at entry {checked} but {head.sequence} entries were written",
        )
    # The sealer never gives a place beyond the head it moves on in the same transaction, so an
    # entry placed beyond today's head was placed by someone else.
    now = AuditChainHead.objects.filter(pk=1).values_list("sequence", flat=True).first() or 0
    beyond = AuditEntry.objects.filter(sequence__gt=now).order_by("sequence").first()
    if beyond is not None:
        return ChainReport(
            checked,
            beyond.sequence,
            f"entry {beyond.sequence} was given a place in the chain that the sealer never gave",
        )
    if checkpoint is not None and checked < checkpoint.sequence:
        return ChainReport(
            checked,
            checked + 1,
            f"the log ends at entry {checked} but the checkpoint of {checkpoint.written_at} "
            f"recorded {checkpoint.sequence} entries: the newest entries were removed",
        )
    if progress:
        progress(checked + waiting, total)
    return ChainReport(checked, None, "", waiting)
