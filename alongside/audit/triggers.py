"""The database's own refusal to change or remove an audit entry.

The one change allowed is sealing: an entry with no place in the chain yet (`sequence` empty)
may be given its sequence, previous hash and hash, and nothing else about it may change.

SQLite: triggers refuse DELETE, and any UPDATE but sealing (the trigger names each column, so a
new column on AuditEntry must be added to CONTENT_COLUMNS and the trigger re-created by a
migration). PostgreSQL: a row
trigger does the same; TRUNCATE and disabling triggers are refused because the application
connects as a role that is not the table's owner, holds no TRUNCATE privilege, and may update
only the three sealing columns (`alongside grant-app-role`).
"""

SEALING_COLUMNS = ("sequence", "previous_hash", "entry_hash")
CONTENT_COLUMNS = (
    "id",
    "at",
    "actor_id",
    "actor_label",
    "action",
    "outcome",
    "object_type",
    "object_id",
    "parent_id",
    "description",
    "detail",
    "entry_mac",
)

_changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in CONTENT_COLUMNS)

SQLITE_NO_UPDATE = (
    "CREATE TRIGGER IF NOT EXISTS audit_entry_no_update BEFORE UPDATE ON audit_auditentry "
    f"WHEN OLD.sequence IS NOT NULL OR {_changed} "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
)
SQLITE_NO_DELETE = (
    "CREATE TRIGGER IF NOT EXISTS audit_entry_no_delete BEFORE DELETE ON audit_auditentry "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
)
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS audit_entry_no_update;",
    "DROP TRIGGER IF EXISTS audit_entry_no_delete;",
]

_sealing = " - ".join(f"'{c}'" for c in SEALING_COLUMNS)
POSTGRES_REFUSE_CHANGE = (
    "CREATE OR REPLACE FUNCTION audit_entry_refuse_change() RETURNS trigger AS $$ "
    "BEGIN "
    "IF TG_OP = 'UPDATE' AND OLD.sequence IS NULL "
    f"AND (to_jsonb(NEW) - {_sealing}) = (to_jsonb(OLD) - {_sealing}) THEN RETURN NEW; END IF; "
    "RAISE EXCEPTION 'the audit log is append-only'; "
    "END; $$ LANGUAGE plpgsql;"
)
POSTGRES_REFUSE_ANY_CHANGE = (
    "CREATE OR REPLACE FUNCTION audit_entry_refuse_change() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION 'the audit log is append-only'; END; $$ LANGUAGE plpgsql;"
)
