"""How an audit entry's hash is computed. Used when writing and when verifying."""

import hashlib
import json

GENESIS_HASH = "0" * 64


def entry_hash(fields: dict, previous_hash: str) -> str:
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(f"{previous_hash}|{canonical}".encode()).hexdigest()


def hashed_fields(entry) -> dict:
    return {
        "sequence": entry.sequence,
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
