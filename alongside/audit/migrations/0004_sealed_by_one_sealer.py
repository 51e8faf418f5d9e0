"""Entries are written without a place in the chain and sealed afterwards by one sealer
(docs/adr/0007-audit-sealing.md).

Each entry gains `entry_mac`, the writer's keyed MAC over its content; entries already written
get theirs here, under the same key, after the chain as it stands is checked (a broken log stops
the migration: it must be investigated, not re-sealed). The database's rules change to let
exactly one update through: an unsealed entry being given its sequence and hashes.
"""

from django.db import migrations, models

from alongside.audit.chain import (
    GENESIS_HASH,
    chain_key,
    content_fields,
    content_mac,
    entry_hash,
    hashed_fields,
)
from alongside.audit.triggers import (
    POSTGRES_REFUSE_ANY_CHANGE,
    POSTGRES_REFUSE_CHANGE,
    SQLITE_DROP,
    SQLITE_NO_DELETE,
    SQLITE_NO_UPDATE,
)

OLD_SQLITE_NO_UPDATE = (
    "CREATE TRIGGER IF NOT EXISTS audit_entry_no_update BEFORE UPDATE ON audit_auditentry "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
)


def lift_rules(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for statement in SQLITE_DROP:
            schema_editor.execute(statement)
    elif vendor == "postgresql":
        schema_editor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_no_change;")


def mac_existing_entries(apps, schema_editor):
    entry_model = apps.get_model("audit", "AuditEntry")
    key = chain_key()
    previous = GENESIS_HASH
    with schema_editor.connection.cursor() as cursor:
        for expected, entry in enumerate(entry_model.objects.order_by("sequence"), start=1):
            if (
                entry.sequence != expected
                or entry.previous_hash != previous
                or entry_hash(hashed_fields(entry), previous, key) != entry.entry_hash
            ):
                raise RuntimeError(
                    f"The audit log is broken at entry {expected}: run `alongside verify-audit` "
                    "on the version before this one and investigate before upgrading."
                )
            previous = entry.entry_hash
            cursor.execute(
                "UPDATE audit_auditentry SET entry_mac = %s WHERE id = %s",
                [content_mac(content_fields(entry), key), entry.pk],
            )


def restore_rules(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_NO_UPDATE)
        schema_editor.execute(SQLITE_NO_DELETE)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_REFUSE_CHANGE)
        schema_editor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_entry_no_change;")


def restore_old_rules(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(OLD_SQLITE_NO_UPDATE)
        schema_editor.execute(SQLITE_NO_DELETE)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_REFUSE_ANY_CHANGE)
        schema_editor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_entry_no_change;")


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_keyed_chain_and_no_delete")]
    operations = [
        migrations.RunPython(lift_rules, restore_old_rules),
        migrations.AlterModelOptions(name="auditentry", options={"ordering": ["id"]}),
        migrations.AddField(
            model_name="auditentry",
            name="entry_mac",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="sequence",
            field=models.PositiveBigIntegerField(blank=True, null=True, unique=True),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="previous_hash",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="entry_hash",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
        migrations.RunPython(mac_existing_entries, migrations.RunPython.noop),
        migrations.RunPython(restore_rules, lift_rules),
    ]
