"""SQLite for the test suite: the real backend, except that the test runner's own wipe between
transactional tests lifts the audit log's delete trigger for that wipe only. Everything else,
inside every test, meets the trigger (tests/audit checks it refuses)."""

from django.db.backends.sqlite3 import base, operations

from alongside.audit.triggers import SQLITE_DROP, SQLITE_NO_DELETE, SQLITE_NO_UPDATE


class DatabaseOperations(operations.DatabaseOperations):
    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        statements = super().sql_flush(
            style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
        )
        if "audit_auditentry" not in tables:
            return statements
        return [*SQLITE_DROP, *statements, SQLITE_NO_UPDATE, SQLITE_NO_DELETE]


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
