"""Checkpoints of the audit chain's head, kept outside the database.

The head row (sequence and hash of the newest entry) lives in the database, so someone who can
write there could delete the newest entries and set the head back to match: every remaining
link would still check. A checkpoint is a copy of the head written elsewhere, sealed with the
audit key: `verify-audit` then finds a log cut back past the newest checkpoint. Checkpoints are
written by the worker's sealer at intervals, by `alongside audit-checkpoint`, and into every backup's
manifest (restoring a backup writes its checkpoint back).
"""

import json
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from .chain import seal
from .models import AuditChainHead

PREFIX = "audit-head-"
KEEP = 200  # the newest checkpoints kept; older ones add nothing the newest does not check


@dataclass(frozen=True)
class Checkpoint:
    sequence: int
    entry_hash: str
    written_at: str

    def payload(self) -> dict:
        return {
            "sequence": self.sequence,
            "entry_hash": self.entry_hash,
            "written_at": self.written_at,
        }


class CheckpointInvalid(Exception):
    """A checkpoint file whose seal does not match: altered, or not written with this key."""


def _folder() -> Path:
    return Path(settings.AUDIT_CHECKPOINT_DIR)


def current_head() -> Checkpoint | None:
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is None or head.sequence == 0:
        return None
    return Checkpoint(head.sequence, head.entry_hash, timezone.now().isoformat())


def checkpoint_write(checkpoint: Checkpoint | None = None) -> Checkpoint | None:
    """Write the head (or `checkpoint`) to the checkpoint folder, sealed, atomically."""
    checkpoint = checkpoint or current_head()
    if checkpoint is None:
        return None
    folder = _folder()
    folder.mkdir(parents=True, exist_ok=True)
    document = {**checkpoint.payload(), "seal": seal(checkpoint.payload())}
    name = folder / f"{PREFIX}{checkpoint.sequence:015d}.json"
    handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
    with os.fdopen(handle, "w") as out:
        json.dump(document, out)
    os.replace(temporary, name)
    for old in sorted(folder.glob(f"{PREFIX}*.json"))[:-KEEP]:
        old.unlink(missing_ok=True)
    return checkpoint


def checkpoint_if_due(now: datetime | None = None) -> Checkpoint | None:
    """For the worker: write a checkpoint when the head has moved on and the last one is older
    than AUDIT_CHECKPOINT_EVERY_SECONDS."""
    head = current_head()
    newest = latest_checkpoint()
    if head is None or (newest is not None and newest.sequence >= head.sequence):
        return None
    now = now or timezone.now()
    if newest is not None:
        last = datetime.fromisoformat(newest.written_at)
        if now - last < timedelta(seconds=settings.AUDIT_CHECKPOINT_EVERY_SECONDS):
            return None
    return checkpoint_write()


def checkpoint_from(document: dict) -> Checkpoint:
    """A checkpoint read from a file or a backup manifest; refused if its seal does not match."""
    try:
        checkpoint = Checkpoint(
            int(document["sequence"]), str(document["entry_hash"]), str(document["written_at"])
        )
        sealed = str(document["seal"])
    except (KeyError, TypeError, ValueError) as error:
        raise CheckpointInvalid("a checkpoint is incomplete") from error
    if sealed != seal(checkpoint.payload()):
        raise CheckpointInvalid(
            f"the checkpoint of entry {checkpoint.sequence} was altered or written with another key"
        )
    return checkpoint


def sealed_document(checkpoint: Checkpoint) -> dict:
    return {**checkpoint.payload(), "seal": seal(checkpoint.payload())}


def latest_checkpoint() -> Checkpoint | None:
    """The newest checkpoint in the folder (by sequence). Raises CheckpointInvalid for a file
    whose seal does not match."""
    files = sorted(_folder().glob(f"{PREFIX}*.json")) if _folder().is_dir() else []
    if not files:
        return None
    return checkpoint_from(json.loads(files[-1].read_text()))
