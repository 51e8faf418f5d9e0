"""The audit log: written without waiting, sealed into a chain in order, append-only, and any
change, removal or forgery is found (docs/adr/0007-audit-sealing.md)."""

import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from alongside.audit.chain import (
    content_fields,
    content_mac,
    entry_hash,
    hashed_fields,
    unkeyed_entry_hash,
)
from alongside.audit.checkpoints import checkpoint_if_due, checkpoint_write, latest_checkpoint
from alongside.audit.models import AuditChainHead, AuditEntry
from alongside.audit.sealing import AuditSealer, seal_pending, waiting_count
from alongside.audit.services import Read, audit_reads, audit_record
from alongside.audit.triggers import SQLITE_DROP, SQLITE_NO_DELETE, SQLITE_NO_UPDATE
from alongside.audit.verify import verify_chain


@pytest.fixture
def three_entries(practitioner):
    written = [
        audit_record(actor=practitioner, action="view", description=f"page {i}") for i in range(3)
    ]
    seal_pending()
    return [AuditEntry.objects.get(pk=e.pk) for e in written]


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
        "UPDATE audit_auditentry SET description = %s, entry_mac = %s, entry_hash = %s "
        "WHERE sequence = 3",
        ["rewritten", content_mac(content_fields(third)), resealed],
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
    assert checkpoint_if_due() is None  # written, not yet sealed: the head has not moved
    seal_pending()
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


def test_a_lists_entries_are_written_in_one_statement_and_check_once_sealed(practitioner):
    reads = [Read(11), Read(12, "people.child", "7"), Read(13)]
    detail = {"path": "/", "note": "Ffion's list — 3 parents"}
    assert audit_reads(actor=practitioner, reads=reads, description="Home", detail=detail) == 3
    written = list(AuditEntry.objects.order_by("pk"))
    assert [(e.parent_id, e.object_type, e.object_id) for e in written] == [
        (11, "", ""),
        (12, "people.child", "7"),
        (13, "", ""),
    ]
    assert all(e.sequence is None and e.entry_hash == "" and e.previous_hash == "" for e in written)
    assert all(e.detail == detail and e.actor_id == practitioner.pk for e in written)
    # Each carries the MAC of its own content, as an entry written alone does.
    assert all(e.entry_mac == content_mac(content_fields(e)) for e in written)
    assert seal_pending() == 3
    assert verify_chain().intact
    tamper("UPDATE audit_auditentry SET parent_id = 14 WHERE id = %s", [written[1].pk])
    assert not verify_chain().intact


def test_entries_are_written_without_a_place_and_sealed_in_the_order_written(practitioner):
    first = audit_record(actor=practitioner, action="view", description="first")
    second = audit_record(actor=practitioner, action="view", description="second")
    assert first.sequence is None and first.entry_hash == ""
    assert waiting_count() == 2
    report = verify_chain()
    assert report.intact and report.waiting == 2 and report.entries_checked == 0
    assert seal_pending() == 2
    sealed = list(AuditEntry.objects.order_by("sequence"))
    assert [e.pk for e in sealed] == [first.pk, second.pk]
    assert sealed[1].previous_hash == sealed[0].entry_hash
    assert AuditChainHead.objects.get(pk=1).entry_hash == sealed[1].entry_hash
    assert seal_pending() == 0
    assert verify_chain().entries_checked == 2


def test_sealing_in_small_batches_gives_the_same_chain(practitioner):
    for i in range(7):
        audit_record(actor=practitioner, action="view", description=f"page {i}")
    assert seal_pending(batch=3) == 7
    assert list(AuditEntry.objects.order_by("id").values_list("sequence", flat=True)) == list(
        range(1, 8)
    )
    assert verify_chain().intact


def test_the_database_lets_an_unsealed_entry_be_sealed_and_nothing_else(practitioner):
    entry = audit_record(actor=practitioner, action="view", description="waiting")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditentry SET description = 'x', sequence = 1 WHERE id = %s",
            [entry.pk],
        )
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [entry.pk])
    seal_pending()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET sequence = 9 WHERE id = %s", [entry.pk])
    assert verify_chain().intact


def test_an_entry_forged_while_waiting_to_be_sealed_is_found(practitioner):
    """Someone who can write to the database, without the key, adds an entry of their own
    before the sealer runs: the sealer chains it, but its content MAC cannot check."""
    audit_record(actor=practitioner, action="view", description="genuine")
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO audit_auditentry (at, actor_id, actor_label, action, outcome, "
            "object_type, object_id, parent_id, description, detail, entry_mac, previous_hash, "
            "entry_hash) VALUES (%s, NULL, 'x', 'view', 'allowed', '', '', NULL, 'forged', "
            "'{}', %s, '', '')",
            [AuditEntry.objects.get().at, "0" * 64],
        )
    report = verify_chain()
    assert "waiting to be sealed" in report.problem
    assert "not written by the application" in report.problem
    seal_pending()
    report = verify_chain()
    assert report.first_broken_sequence == 2
    assert "changed after it was written" in report.problem


def test_an_entry_given_a_place_by_someone_else_is_found(practitioner):
    """The database lets an unsealed entry be given its place (that is what the sealer does);
    someone doing it instead of the sealer cannot make it check."""
    audit_record(actor=practitioner, action="view", description="sealed properly")
    seal_pending()
    waiting = audit_record(actor=practitioner, action="view", description="waiting")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditentry SET sequence = 99, previous_hash = 'a', entry_hash = 'b' "
            "WHERE id = %s",
            [waiting.pk],
        )
    report = verify_chain()
    assert report.first_broken_sequence == 99
    assert "never gave" in report.problem


def test_verify_audit_seals_what_is_waiting_first(practitioner, capsys):
    audit_record(actor=practitioner, action="view", description="waiting")
    call_command("verify_audit", "--no-seal")
    assert "0 entries checked; 1 waiting to be sealed, each intact" in capsys.readouterr().out
    call_command("verify_audit")
    out = capsys.readouterr().out
    assert "Sealed 1 entries that were waiting." in out
    assert "Audit log intact: 1 entries checked." in out


@pytest.mark.django_db(transaction=True)
def test_the_workers_sealer_seals_on_its_own_thread_while_entries_are_written(practitioner):
    sealer = AuditSealer(interval=0.05)
    sealer.start()
    try:
        for i in range(20):
            audit_record(actor=practitioner, action="view", description=f"page {i}")
        deadline = time.monotonic() + 15
        while waiting_count() and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        sealer.stop()
    assert waiting_count() == 0
    assert sealer.failures == 0
    report = verify_chain()
    assert report.intact and report.entries_checked == 20
