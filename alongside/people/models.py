"""Parents and their children."""

from datetime import date

from django.conf import settings
from django.db import models

from alongside.accounts.models import Organisation
from alongside.core.fields import EncryptedTextField
from alongside.core.models import TimeStampedModel

from .choices import (
    ETHNICITY_CHOICES,
    ETHNICITY_LABELS,
    CareExperience,
    ChildLegalStatus,
    YesNoNotKnown,
    is_pregnancy,
)


class Parent(TimeStampedModel):
    """A parent the service works with. Belongs to one service organisation."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    nhs_number = models.CharField(max_length=10, blank=True)
    # Contact details are never searched, so they are encrypted like case notes (ADR 0004).
    phone = EncryptedTextField(blank=True)
    email = EncryptedTextField(blank=True)
    address = EncryptedTextField(blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    ethnicity = models.CharField(max_length=40, choices=ETHNICITY_CHOICES, default="not_asked")
    care_experienced = models.CharField(
        max_length=10, choices=CareExperience.choices, default=CareExperience.NOT_KNOWN
    )
    # Needs some programmes give priority to on the waiting list (never conditions).
    learning_disability = models.CharField(
        max_length=10, choices=YesNoNotKnown.choices, default=YesNoNotKnown.NOT_KNOWN
    )
    substance_misuse = models.CharField(
        max_length=10, choices=YesNoNotKnown.choices, default=YesNoNotKnown.NOT_KNOWN
    )
    version = models.PositiveIntegerField(default=1, help_text="Bumped on every edit")

    class Meta:
        ordering = ["family_name", "given_name"]
        indexes = [models.Index(fields=["organisation", "family_name"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def ethnicity_label(self) -> str:
        return ETHNICITY_LABELS.get(self.ethnicity, "")

    def age_on(self, on: date) -> int | None:
        if self.date_of_birth is None:
            return None
        born = self.date_of_birth
        return on.year - born.year - ((on.month, on.day) < (born.month, born.day))

    def current_pregnancy(self, on: date) -> "Child | None":
        """The one rule for 'is this parent pregnant on `on`': the unborn child, if any (see
        Child.is_pregnancy_on). Reads `children`, so prefetch them for lists."""
        return next((c for c in self.children.all() if c.is_pregnancy_on(on)), None)

    @property
    def nhs_number_display(self) -> str:
        n = self.nhs_number
        return f"{n[:3]} {n[3:6]} {n[6:]}" if len(n) == 10 else n


class PreviousName(models.Model):
    parent = models.ForeignKey(Parent, on_delete=models.CASCADE, related_name="previous_names")
    name = models.CharField(max_length=200)

    def __str__(self) -> str:
        return self.name


class Child(TimeStampedModel):
    parent = models.ForeignKey(Parent, on_delete=models.CASCADE, related_name="children")
    given_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    legal_status = models.CharField(max_length=30, choices=ChildLegalStatus.choices)
    # When the child was removed from the parent's care, if they were (some rules count the
    # child's age at removal).
    removed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["date_of_birth", "due_date", "pk"]

    def __str__(self) -> str:
        return self.given_name or "Unnamed child"

    def is_pregnancy_on(self, on: date) -> bool:
        """An unborn child whose due date (when known) has not yet passed."""
        return is_pregnancy(self.legal_status, self.due_date, on)


class ParentChange(models.Model):
    """A correction of a parent's details (rectification): before, after, who and why."""

    parent = models.ForeignKey(Parent, on_delete=models.PROTECT, related_name="changes")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(max_length=300, blank=True)
    before = EncryptedTextField()
    after = EncryptedTextField()

    class Meta:
        ordering = ["-changed_at", "-pk"]
        db_table = "sharing_parentchange"

    def __str__(self) -> str:
        return f"Change {self.pk}"
