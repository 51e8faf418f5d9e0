"""The audit log: chained, append-only, and any change or removal is found."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from alongside.audit.chain import entry_hash, hashed_fields, unkeyed_entry_hash
from alongside.audit.checkpoints import checkpoint_if_due, checkpoint_write, latest_checkpoint
from alongside.audit.models import AuditChainHead, AuditEntry
from alongside.audit.services import audit_record
from alongside.audit.triggers import SQLITE_DROP, SQLITE_NO_DELETE, SQLITE_NO_UPDATE
from alongside.audit.verify import verify_chain


@pytest.fixture
def three_entries(practitioner):
    return [
        audit_record(actor=practitioner, action="view", description=f"page {i}") for i in range(3)
    ]


def tamper(sql: str, params: list) -> None:
    """Change the table behind the application's back, as an attacker with database access would."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for statement in SQLITE_DROP:
                cursor.execute(statement)
            cursor.execute(sql, params)
            cursor.execute(SQLITE_NO_UPDATE)
            cursor.execute(SQLITE_NO_DELETE)
        else:
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_no_change")
            cursor.execute(sql, params)
            cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_entry_no_change")


def test_each_entry_carries_the_previous_hash(three_entries):
    first, second, third = three_entries
    assert second.previous_hash == first.entry_hash
    assert third.previous_hash == second.entry_hash
    assert [e.sequence for e in three_entries] == [1, 2, 3]
    assert verify_chain().intact


def test_the_application_cannot_change_or_delete_entries(three_entries):
    entry = three_entries[0]
    entry.description = "changed"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.update(description="x")


def test_the_database_refuses_an_update(three_entries):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET description = 'x'")


def test_the_database_refuses_a_delete(three_entries):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE sequence = 3")
    assert AuditEntry.objects.count() == 3


def test_an_entry_rewritten_without_the_key_is_found(three_entries):
    """An attacker who can write to the database recomputes the hashes from entry 2 on, as the
    unkeyed chain allowed; without the key the chain no longer checks."""
    second = AuditEntry.objects.get(sequence=2)
    second.description = "nothing to see"
    forged = unkeyed_entry_hash(hashed_fields(second), second.previous_hash)
    tamper(
        "UPDATE audit_auditentry SET description = %s, entry_hash = %s WHERE sequence = 2",
        ["nothing to see", forged],
    )
    report = verify_chain()
    assert report.first_broken_sequence == 2
    assert "changed after it was written" in report.problem


def test_the_same_entry_under_another_key_does_not_check(three_entries):
    entry = AuditEntry.objects.get(sequence=1)
    assert entry_hash(hashed_fields(entry), entry.previous_hash) == entry.entry_hash
    assert entry_hash(hashed_fields(entry), entry.previous_hash, b"another") != entry.entry_hash


def cut_tail_and_rewrite_head(keep: int) -> None:
    kept = AuditEntry.objects.filter(sequence__lte=keep).order_by("sequence").last()
    tamper("DELETE FROM audit_auditentry WHERE sequence > %s", [keep])
    AuditChainHead.objects.filter(pk=1).update(
        sequence=keep, entry_hash=kept.entry_hash if kept else "0" * 64
    )


def test_a_cut_tail_with_the_head_rewritten_is_found_by_the_checkpoint(three_entries):
    checkpoint_write()
    cut_tail_and_rewrite_head(keep=1)
    report = verify_chain()
    assert not report.intact
    assert "recorded 3 entries" in report.problem
    with pytest.raises(CommandError, match="the newest entries were removed"):
        call_command("verify_audit")


def test_an_emptied_log_is_found_by_the_checkpoint(three_entries):
    """A truncate (refused to the application's role on PostgreSQL, see
    tests/audit/test_database_roles.py) done by someone with the owner's rights."""
    checkpoint_write()
    cut_tail_and_rewrite_head(keep=0)
    assert "the newest entries were removed" in verify_chain().problem


def test_a_rewritten_entry_under_a_checkpoint_is_found(three_entries, settings):
    checkpoint_write()
    # Even with the key (a stolen one), rewriting entry 3 changes the hash the checkpoint holds.
    third = AuditEntry.objects.get(sequence=3)
    third.description = "rewritten"
    resealed = entry_hash(hashed_fields(third), third.previous_hash)
    tamper(
        "UPDATE audit_auditentry SET description = %s, entry_hash = %s WHERE sequence = 3",
        ["rewritten", resealed],
    )
    AuditChainHead.objects.filter(pk=1).update(entry_hash=resealed)
    report = verify_chain()
    assert report.first_broken_sequence == 3
    assert "the log was rewritten" in report.problem


def test_an_altered_checkpoint_is_refused(three_entries, audit_checkpoints):
    checkpoint_write()
    (path,) = audit_checkpoints.glob("*.json")
    path.write_text(path.read_text().replace('"sequence": 3', '"sequence": 2'))
    assert "altered" in verify_chain().problem


def test_the_worker_writes_a_checkpoint_when_the_log_has_moved_on(three_entries, settings):
    settings.AUDIT_CHECKPOINT_EVERY_SECONDS = 0
    assert checkpoint_if_due().sequence == 3
    assert checkpoint_if_due() is None  # nothing new since
    audit_record(actor=None, action="view", description="one more")
    assert checkpoint_if_due().sequence == 4
    assert latest_checkpoint().sequence == 4
    assert verify_chain().intact


def test_a_changed_entry_is_found(three_entries):
    tamper("UPDATE audit_auditentry SET description = %s WHERE sequence = %s", ["edited", 2])
    report = verify_chain()
    assert report.first_broken_sequence == 2
    assert "changed after it was written" in report.problem
    with pytest.raises(CommandError, match="broken at entry 2"):
        call_command("verify_audit")


def test_a_removed_entry_is_found(three_entries):
    tamper("DELETE FROM audit_auditentry WHERE sequence = %s", [2])
    report = verify_chain()
    assert report.first_broken_sequence == 2
    assert "missing" in report.problem


def test_removing_the_newest_entries_without_touching_the_head_is_found(three_entries):
    tamper("DELETE FROM audit_auditentry WHERE sequence = %s", [3])
    report = verify_chain()
    assert report.first_broken_sequence == 3
    assert "3 entries were written" in report.problem


def test_verify_audit_reports_an_intact_log(three_entries, capsys):
    call_command("verify_audit")
    assert "Audit log intact: 3 entries checked." in capsys.readouterr().out


def test_viewing_a_parent_is_audited(signed_in, practitioner, episode):
    signed_in(practitioner).get(f"/parents/{episode.parent_id}/")
    entry = AuditEntry.objects.filter(action="view", parent_id=episode.parent_id).last()
    assert entry.actor_id == practitioner.pk
    assert entry.outcome == "allowed"
    assert entry.description == "Parent overview"


def test_caseload_view_records_which_parents_were_shown(signed_in, practitioner, episode):
    signed_in(practitioner).get("/")
    entries = AuditEntry.objects.filter(description="Home: caseload")
    assert [e.parent_id for e in entries] == [episode.parent_id]
