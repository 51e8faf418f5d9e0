"""Backups: encrypted, verified, and a restore gives back every row exactly."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from alongside.audit.checkpoints import latest_checkpoint
from alongside.audit.models import AuditChainHead, AuditEntry
from alongside.audit.sealing import seal_pending
from alongside.audit.triggers import SQLITE_DROP, SQLITE_NO_DELETE, SQLITE_NO_UPDATE
from alongside.audit.verify import verify_chain
from alongside.backups.archive import (
    BackupError,
    backed_up_models,
    backup_create,
    backup_restore,
    backup_verify,
)
from alongside.core.rawtables import iter_rows, table_columns
from alongside.synth.demo import build_demo_service


def snapshot() -> dict[str, list]:
    """Every row of every table, as stored."""
    return {
        m._meta.db_table: [row for chunk in iter_rows(m, table_columns(m)) for row in chunk]
        for m in backed_up_models()
    }


def empty_every_table() -> None:
    """Stand-in for a new, migrated database: the same schema with no rows."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            tables = ", ".join(
                connection.ops.quote_name(m._meta.db_table) for m in backed_up_models()
            )
            cursor.execute(f"TRUNCATE {tables} CASCADE")  # noqa: S608
        else:
            cursor.execute("PRAGMA foreign_keys = OFF")
            for statement in SQLITE_DROP:  # a new database has no rows to protect yet
                cursor.execute(statement)
            for model in reversed(backed_up_models()):
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608
            cursor.execute(SQLITE_NO_UPDATE)
            cursor.execute(SQLITE_NO_DELETE)
            cursor.execute("PRAGMA foreign_keys = ON")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "extracts").mkdir(parents=True)
    (settings.MEDIA_ROOT / "extracts" / "applications.csv").write_text("application_id\nA1\n")
    return settings.MEDIA_ROOT


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trip_every_row(tmp_path, media):
    build_demo_service(seed=5, parents=15)
    seal_pending()  # the backup seals first; the snapshot to compare with must too
    before = snapshot()
    archive = tmp_path / "alongside.backup"
    summary = backup_create(archive)
    assert summary.rows == sum(len(rows) for rows in before.values())
    assert summary.files == 1
    assert b"Journeytest" not in archive.read_bytes()  # nothing readable without the key
    for note in ("Talked about the week", "Planned ending"):
        assert note.encode() not in archive.read_bytes()

    empty_every_table()
    (media / "extracts" / "applications.csv").unlink()
    backup_restore(archive)

    assert snapshot() == before
    assert (media / "extracts" / "applications.csv").read_text() == "application_id\nA1\n"
    assert verify_chain().intact
    call_command("verify_audit")


@pytest.mark.django_db(transaction=True)
def test_a_restored_log_cut_short_is_found_from_the_backups_manifest(
    tmp_path, media, audit_checkpoints
):
    build_demo_service(seed=6, parents=5)
    seal_pending()
    head = AuditChainHead.objects.get(pk=1)
    archive = tmp_path / "alongside.backup"
    backup_create(archive)
    assert backup_verify(archive)["audit_head"]["sequence"] == head.sequence
    empty_every_table()
    backup_restore(archive)
    # The manifest's head is now a checkpoint outside the database.
    assert latest_checkpoint().sequence == head.sequence
    assert verify_chain().intact
    # Someone then removes the newest entries and sets the head back: found.
    keep = head.sequence - 3
    kept = AuditEntry.objects.get(sequence=keep)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for statement in SQLITE_DROP:
                cursor.execute(statement)
        else:
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_no_change")
        cursor.execute("DELETE FROM audit_auditentry WHERE sequence > %s", [keep])
        if connection.vendor == "sqlite":
            cursor.execute(SQLITE_NO_UPDATE)
            cursor.execute(SQLITE_NO_DELETE)
        else:
            cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_entry_no_change")
    AuditChainHead.objects.filter(pk=1).update(sequence=keep, entry_hash=kept.entry_hash)
    assert "the newest entries were removed" in verify_chain().problem


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_holds_data(tmp_path, practitioner):
    archive = tmp_path / "b.backup"
    backup_create(archive)
    with pytest.raises(BackupError, match="empty, migrated database"):
        backup_restore(archive)


def test_an_altered_archive_is_refused(tmp_path, practitioner):
    archive = tmp_path / "b.backup"
    backup_create(archive)
    lines = archive.read_text().splitlines()
    lines[2] = lines[2][:-10] + "AAAAAAAAAA"
    archive.write_text("\n".join(lines) + "\n")
    with pytest.raises(BackupError, match="cannot be decrypted"):
        backup_verify(archive)


def test_a_truncated_archive_is_refused(tmp_path, practitioner):
    archive = tmp_path / "b.backup"
    backup_create(archive)
    lines = archive.read_text().splitlines()
    archive.write_text("\n".join(lines[:-1]) + "\n")
    with pytest.raises(BackupError, match="no manifest"):
        backup_verify(archive)


def test_the_wrong_key_cannot_read_a_backup(tmp_path, practitioner, settings):
    from cryptography.fernet import Fernet

    archive = tmp_path / "b.backup"
    backup_create(archive)
    settings.BACKUP_KEY = Fernet.generate_key().decode()
    with pytest.raises(CommandError, match="wrong ALONGSIDE_BACKUP_KEY"):
        call_command("restore", str(archive))


def test_backup_command_will_not_overwrite(tmp_path, practitioner):
    existing = tmp_path / "b.backup"
    existing.write_text("keep me")
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", str(existing))
    assert Path(existing).read_text() == "keep me"
