"""The audit log: chained, append-only, and any change or removal is found."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from alongside.audit.models import AuditEntry
from alongside.audit.services import audit_record
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
            cursor.execute("DROP TRIGGER audit_entry_no_update")
            cursor.execute(sql, params)
            cursor.execute(
                "CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_auditentry "
                "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
            )
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


def test_removing_the_newest_entries_is_found(three_entries):
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
