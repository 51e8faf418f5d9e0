"""The database's own refusal to change or remove an audit entry.

SQLite: triggers refuse UPDATE and DELETE. PostgreSQL: a row trigger refuses UPDATE and DELETE;
TRUNCATE and disabling triggers are refused because the application connects as a role that
is not the table's owner and holds no TRUNCATE privilege (`alongside grant-app-role`).
"""

SQLITE_NO_UPDATE = (
    "CREATE TRIGGER IF NOT EXISTS audit_entry_no_update BEFORE UPDATE ON audit_auditentry "
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
