"""The audit log: append-only. Each entry is written with a keyed MAC of its content, then
sealed into the chain (a place and the hash of the one before it) by one sealer
(alongside.audit.sealing; docs/adr/0007-audit-sealing.md)."""

from django.db import models


class AuditAction(models.TextChoices):
    VIEW = "view", "Viewed"
    CREATE = "create", "Created"
    UPDATE = "update", "Changed"
    EXPORT = "export", "Exported"
    SIGN_IN = "sign_in", "Signed in"
    SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
    SIGN_OUT = "sign_out", "Signed out"
    TWO_FACTOR = "two_factor", "Two-factor check"


class AuditOutcome(models.TextChoices):
    ALLOWED = "allowed", "Allowed"
    REFUSED = "refused", "Refused"


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The audit log is append-only.")

    def delete(self):
        raise PermissionError("The audit log is append-only.")


class AuditEntry(models.Model):
    # Copies, not foreign keys: the entry must outlive and not depend on what it describes.
    # Empty until the sealer gives the entry its place in the chain.
    sequence = models.PositiveBigIntegerField(unique=True, null=True, blank=True)
    at = models.DateTimeField()
    actor_id = models.BigIntegerField(null=True)
    actor_label = models.CharField(max_length=200)
    action = models.CharField(max_length=30, choices=AuditAction.choices)
    outcome = models.CharField(max_length=10, choices=AuditOutcome.choices)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=60, blank=True)
    parent_id = models.BigIntegerField(null=True, help_text="The parent whose record this is")
    description = models.CharField(max_length=300, blank=True)
    detail = models.JSONField(default=dict)
    entry_mac = models.CharField(max_length=64, default="", blank=True)
    previous_hash = models.CharField(max_length=64, default="", blank=True)
    entry_hash = models.CharField(max_length=64, default="", blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["id"]  # the order entries were written in; sealed ones keep it
        indexes = [
            models.Index(fields=["parent_id", "at"]),
            models.Index(fields=["actor_id", "at"]),
        ]

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit log is append-only.")


class AuditChainHead(models.Model):
    """A single row holding the newest sealed entry's sequence and hash.

    Only the sealer updates it (taking its lock), so entries are chained one at a time even
    with many server processes, while writers never wait for it. It also shows when the newest
    entries have been cut off the end.
    """

    sequence = models.PositiveBigIntegerField(default=0)
    entry_hash = models.CharField(max_length=64, default="0" * 64)
