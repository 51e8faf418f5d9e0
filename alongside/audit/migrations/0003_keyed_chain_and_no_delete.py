"""The chain becomes keyed (HMAC-SHA256 under ALONGSIDE_AUDIT_KEY), and SQLite refuses deletes.

A log written before this is checked first under the old, unkeyed hash: a broken log stops the
migration (it must be investigated, not re-sealed). An intact one is re-sealed under the key,
entry by entry, with the database's triggers lifted for the length of this migration only.
"""

from django.db import migrations

from alongside.audit.chain import (
    GENESIS_HASH,
    chain_key,
    entry_hash,
    hashed_fields,
    unkeyed_entry_hash,
)

# The triggers as they were at this migration (alongside.audit.triggers has moved on since).
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


def reseal(apps, schema_editor):
    entry_model = apps.get_model("audit", "AuditEntry")
    head_model = apps.get_model("audit", "AuditChainHead")
    connection = schema_editor.connection
    entries = list(entry_model.objects.order_by("sequence"))
    previous = GENESIS_HASH
    for expected, entry in enumerate(entries, start=1):
        if (
            entry.sequence != expected
            or entry.previous_hash != previous
            or unkeyed_entry_hash(hashed_fields(entry), previous) != entry.entry_hash
        ):
            raise RuntimeError(
                f"The audit log is broken at entry {expected}: run `alongside verify-audit` on "
                "the version before this one and investigate before upgrading."
            )
        previous = entry.entry_hash
    if connection.vendor == "sqlite":
        for statement in SQLITE_DROP:
            schema_editor.execute(statement)
    elif connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_no_change;")
    key = chain_key()
    previous = GENESIS_HASH
    with connection.cursor() as cursor:
        for entry in entries:
            entry.previous_hash = previous
            sealed = entry_hash(hashed_fields(entry), previous, key)
            cursor.execute(
                "UPDATE audit_auditentry SET previous_hash = %s, entry_hash = %s WHERE id = %s",
                [previous, sealed, entry.pk],
            )
            previous = sealed
    if entries:
        head_model.objects.filter(pk=1).update(entry_hash=previous)
    if connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_NO_UPDATE)
        schema_editor.execute(SQLITE_NO_DELETE)
    elif connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_entry_no_change;")


def irreversible(apps, schema_editor):
    raise RuntimeError("The audit chain cannot be returned to an unkeyed hash.")


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only")]
    operations = [migrations.RunPython(reseal, irreversible)]
