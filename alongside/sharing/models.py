"""Consent, disclosures, break-glass access and the history of corrections."""

from django.conf import settings
from django.db import models

from alongside.accounts.models import Organisation
from alongside.casework.models import Contact
from alongside.core.fields import EncryptedTextField
from alongside.people.models import Parent

from .choices import Category, Condition, DisclosureKind, HowGiven, LegalBasis, ParentTold


class Consent(models.Model):
    """What the parent agreed may be shared, with whom, why and for how long.

    Never edited or deleted: a change is a new consent, an ending is a withdrawal, so the
    parent's consent history is never lost."""

    parent = models.ForeignKey(Parent, on_delete=models.PROTECT, related_name="consents")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    job_role = models.CharField(
        max_length=100, blank=True, help_text="Only people in this role at the organisation"
    )
    categories = models.JSONField()
    purpose = EncryptedTextField()
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    condition = models.CharField(max_length=30, choices=Condition.choices, default=Condition.NONE)
    how_given = models.CharField(max_length=30, choices=HowGiven.choices)
    witness = EncryptedTextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawal_note = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "parent"])]

    def __str__(self) -> str:
        return f"Consent {self.pk} for {self.organisation}"

    @property
    def category_labels(self) -> list[str]:
        """What it covers, in words and in the order the consent form lists them."""
        return [Category(c).label for c in Category.values if c in self.categories]


class Disclosure(models.Model):
    """Information given without consent (safeguarding) or to the court: why, on what legal
    basis, approved by whom, exactly what, to whom, and whether the parent was told."""

    class Status(models.TextChoices):
        AWAITING_APPROVAL = "awaiting_approval", "Awaiting a manager's approval"
        APPROVED = "approved", "Approved"
        REFUSED = "refused", "Not approved"

    parent = models.ForeignKey(Parent, on_delete=models.PROTECT, related_name="disclosures")
    kind = models.CharField(max_length=20, choices=DisclosureKind.choices)
    recipient = EncryptedTextField()  # free text: may name a person
    legal_basis = models.CharField(max_length=40, choices=LegalBasis.choices)
    reasons = EncryptedTextField()
    what_disclosed = EncryptedTextField()
    contacts = models.ManyToManyField(Contact, blank=True, related_name="disclosures")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        max_length=30, choices=Status.choices, default=Status.AWAITING_APPROVAL
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = EncryptedTextField(blank=True)
    disclosed_on = models.DateField(null=True, blank=True)
    parent_told = models.CharField(
        max_length=10, choices=ParentTold.choices, default=ParentTold.NOT_YET
    )
    parent_told_on = models.DateField(null=True, blank=True)
    not_told_reason = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"Disclosure {self.pk} to {self.recipient}"


class BreakGlass(models.Model):
    """A manager opening a record outside their usual scope, for a stated reason, for a short time."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    parent = models.ForeignKey(Parent, on_delete=models.PROTECT, related_name="break_glass")
    reason = EncryptedTextField()
    started_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["user", "expires_at"])]

    def __str__(self) -> str:
        return f"Break-glass {self.pk}"


class RetentionRun(models.Model):
    """One application of the retention policy, with what it did."""

    ran_at = models.DateTimeField(auto_now_add=True)
    dry_run = models.BooleanField(default=False)
    report = models.JSONField(default=dict)

    class Meta:
        ordering = ["-ran_at"]

    def __str__(self) -> str:
        return f"Retention run {self.ran_at:%Y-%m-%d}"
