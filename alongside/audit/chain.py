"""How an audit entry's hashes are computed. Used when writing, sealing and verifying.

Each entry carries two keyed MACs (see docs/adr/0007-audit-sealing.md):
- `entry_mac`, computed by whoever writes the entry, over its content (not its place in the
  chain). Written without any lock; it shows the entry was written by the application.
- `entry_hash`, computed by the sealer when it gives the entry its place (`sequence`), over
  the previous entry's hash and the entry's fields: the chain.

Each entry's hash is an HMAC-SHA256, under the audit key (settings.AUDIT_KEY, from the
environment, never in the database), of the previous entry's hash and the entry's fields. Someone
who can write to the database but does not hold the key cannot change, insert or remove an entry
and then recompute the chain so that it checks.
"""

import hashlib
import hmac
import json

from django.conf import settings

GENESIS_HASH = "0" * 64


def _canonical(document: dict) -> str:
    """One JSON spelling of a document, whatever order its keys were written in."""
    return json.dumps(document, sort_keys=True, separators=(",", ":"), default=str)


def chain_key() -> bytes:
    return settings.AUDIT_KEY.encode()


def entry_hash(fields: dict, previous_hash: str, key: bytes | None = None) -> str:
    message = f"{previous_hash}|{_canonical(fields)}".encode()
    return hmac.new(key or chain_key(), message, hashlib.sha256).hexdigest()


def unkeyed_entry_hash(fields: dict, previous_hash: str) -> str:
    """The chain as it was before it was keyed (migration audit 0003 checks old logs with it)."""
    return hashlib.sha256(f"{previous_hash}|{_canonical(fields)}".encode()).hexdigest()


def seal(payload: dict, key: bytes | None = None) -> str:
    """A keyed MAC over a small JSON document (a checkpoint of the head)."""
    return hmac.new(key or chain_key(), _canonical(payload).encode(), hashlib.sha256).hexdigest()


def content_fields(entry) -> dict:
    """What an entry says, without its place in the chain: covered by `entry_mac`."""
    return {
        "at": entry.at.isoformat(),
        "actor_id": entry.actor_id,
        "actor_label": entry.actor_label,
        "action": entry.action,
        "outcome": entry.outcome,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "parent_id": entry.parent_id,
        "description": entry.description,
        "detail": entry.detail,
    }


def content_mac(fields: dict, key: bytes | None = None) -> str:
    """The writer's MAC over an entry's content: no lock, no chain, just the key."""
    message = f"entry|{_canonical(fields)}".encode()
    return hmac.new(key or chain_key(), message, hashlib.sha256).hexdigest()


def hashed_fields(entry) -> dict:
    """An entry's content and its place: covered by `entry_hash`, the chain."""
    return {"sequence": entry.sequence, **content_fields(entry)}
