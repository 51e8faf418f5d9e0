"""Checking the audit chain: every entry's hash, every link, and the head."""

from collections.abc import Callable
from dataclasses import dataclass

from .chain import GENESIS_HASH, entry_hash, hashed_fields
from .models import AuditChainHead, AuditEntry


@dataclass(frozen=True)
class ChainReport:
    entries_checked: int
    first_broken_sequence: int | None
    problem: str

    @property
    def intact(self) -> bool:
        return self.first_broken_sequence is None and not self.problem


def verify_chain(progress: Callable[[int, int], None] | None = None) -> ChainReport:
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
        if entry_hash(hashed_fields(entry), entry.previous_hash) != entry.entry_hash:
            return ChainReport(
                checked, entry.sequence, f"entry {entry.sequence} was changed after it was written"
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
    if progress:
        progress(checked, total)
    return ChainReport(checked, None, "")
