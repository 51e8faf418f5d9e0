"""Partner systems' access to the API: tokens (scoped, per organisation) and the idempotency keys
of their submissions."""

from django.conf import settings
from django.db import models

from alongside.accounts.models import Organisation


class Scope(models.TextChoices):
    SUBMIT = "referrals:submit", "Submit referrals"
    READ = "referrals:read", "Read the status of its own referrals"
    CRITERIA = "criteria:read", "Read the service's referral criteria"
    REPORTS = (
        "reports:read",
        "Read the service's impact reports, and the networks it oversees (totals only, "
        "small numbers suppressed)",
    )


class ApiToken(models.Model):
    """One partner organisation's token for one service. Only a SHA-256 digest is kept; the
    token itself is shown once, when issued."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    partner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    prefix = models.CharField(max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(default=list)
    expires_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class IdempotencyKey(models.Model):
    """A submission's key: a retry with the same key and body gets the first answer. Holds the
    referral's reference, not a link to it: nothing here is about the parent."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    body_digest = models.CharField(max_length=64)
    reference = models.CharField(max_length=12)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["token", "key"], name="one_submission_per_key")
        ]

    def __str__(self) -> str:
        return self.key
