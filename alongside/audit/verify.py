"""Checking the audit chain: every entry's hash, every link, and the head."""

from collections.abc import Callable
from dataclasses import dataclass

from .chain import GENESIS_HASH, chain_key, entry_hash, hashed_fields
from .checkpoints import Checkpoint, CheckpointInvalid, latest_checkpoint
from .models import AuditChainHead, AuditEntry


@dataclass(frozen=True)
class ChainReport:
    entries_checked: int
    first_broken_sequence: int | None
    problem: str

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
    total = AuditEntry.objects.count()
    expected_sequence = 1
    previous = GENESIS_HASH
    checked = 0
    for entry in AuditEntry.objects.order_by("sequence").iterator(chunk_size=2000):
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
        if entry_hash(hashed_fields(entry), entry.previous_hash, key) != entry.entry_hash:
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
            progress(checked, total)
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.sequence != checked or head.entry_hash != previous):
        return ChainReport(
            checked,
            checked + 1,
            f"the log ends at entry {checked} but {head.sequence} entries were written",
        )
    if checkpoint is not None and checked < checkpoint.sequence:
        return ChainReport(
            checked,
            checked + 1,
            f"the log ends at entry {checked} but the checkpoint of {checkpoint.written_at} "
            f"recorded {checkpoint.sequence} entries: the newest entries were removed",
        )
    if progress:
        progress(checked, total)
    return ChainReport(checked, None, "")
