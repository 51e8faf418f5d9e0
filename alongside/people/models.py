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
    OUTCOME_WORDS,
    CareExperience,
    ChildLegalStatus,
    GenderSameAsSex,
    OrderSought,
    PreBirthAssessment,
    PregnancyOutcome,
    RelationshipKind,
    Sex,
    StatusSource,
    YesNoNotKnown,
    is_pregnancy,
    pregnancy_is_open,
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
    # ONS 2021 census questions (choices.GENDER_QUESTION); the write-in is the parent's own
    # words, so it is encrypted like case notes.
    sex = models.CharField(max_length=20, choices=Sex.choices, default=Sex.NOT_ASKED)
    gender_same_as_sex = models.CharField(
        max_length=20, choices=GenderSameAsSex.choices, default=GenderSameAsSex.NOT_ASKED
    )
    gender_identity = EncryptedTextField(blank=True)
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

    def current_pregnancy(self, on: date) -> "Pregnancy | Child | None":
        """The one rule for 'is this parent pregnant on `on`': the open pregnancy, if any (see
        Pregnancy.is_open_on); both answers have a `due_date`. A child recorded as unborn (the
        older way, before pregnancies were records of their own) still counts. Reads
        `pregnancies` and `children`, so prefetch both for lists."""
        return current_pregnancy_among(self.pregnancies.all(), self.children.all(), on)

    @property
    def nhs_number_display(self) -> str:
        n = self.nhs_number
        return f"{n[:3]} {n[3:6]} {n[6:]}" if len(n) == 10 else n


def current_pregnancy_among(pregnancies, children, on: date) -> "Pregnancy | Child | None":
    """`Parent.current_pregnancy` over a parent's pregnancies and children already read (long
    lists read them for every parent at once). `children` is only read when no pregnancy is
    open."""
    pregnancy = next((p for p in pregnancies if p.is_open_on(on)), None)
    if pregnancy is not None:
        return pregnancy
    return next((c for c in children if c.is_pregnancy_on(on)), None)


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
    version = models.PositiveIntegerField(default=1, help_text="Bumped on every edit")

    class Meta:
        ordering = ["date_of_birth", "due_date", "pk"]

    def __str__(self) -> str:
        return self.given_name or "Unnamed child"

    def is_pregnancy_on(self, on: date) -> bool:
        """An unborn child whose due date (when known) has not yet passed."""
        return is_pregnancy(self.legal_status, self.due_date, on)


class ChildStatusChange(models.Model):
    """One dated step in a child's story: where they lived from `on`, and under what plan or
    order. The latest is the child's `legal_status`."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(max_length=30, choices=ChildLegalStatus.choices)
    # Only for care proceedings: the order the local authority is asking the court for.
    order_sought = models.CharField(max_length=30, choices=OrderSought.choices, blank=True)
    # None only for a status recorded before the history was kept (the date is not known).
    on = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=20, choices=StatusSource.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # Undated (earliest known) first, then by date; same-day changes in the order recorded.
        ordering = [models.F("on").asc(nulls_first=True), "pk"]

    def __str__(self) -> str:
        return self.get_status_display()

    @property
    def words(self) -> str:
        text = self.get_status_display()
        if self.order_sought:
            text += f" ({self.get_order_sought_display().lower()} sought)"
        return text


class Pregnancy(TimeStampedModel):
    """A pregnancy: from its confirmation to its outcome. Recording a birth adds the baby as a
    Child."""

    parent = models.ForeignKey(Parent, on_delete=models.CASCADE, related_name="pregnancies")
    # None only for a pregnancy recorded before pregnancies were records of their own.
    confirmed_on = models.DateField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    booked_with_midwifery_on = models.DateField(null=True, blank=True)
    pre_birth_assessment = models.CharField(
        max_length=30, choices=PreBirthAssessment.choices, blank=True
    )
    pre_birth_assessment_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=PregnancyOutcome.choices, blank=True)
    outcome_on = models.DateField(null=True, blank=True)
    child = models.OneToOneField(
        Child, on_delete=models.SET_NULL, null=True, blank=True, related_name="pregnancy"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, help_text="Bumped on every edit")

    class Meta:
        ordering = ["-due_date", "-pk"]
        verbose_name_plural = "pregnancies"

    def __str__(self) -> str:
        return f"Pregnancy {self.pk}"

    def is_open_on(self, on: date) -> bool:
        """Still a current pregnancy on `on` (see choices.pregnancy_is_open)."""
        return pregnancy_is_open(self.outcome, self.due_date, on)

    @property
    def outcome_words(self) -> str:
        return OUTCOME_WORDS.get(self.outcome, "")


class Relationship(TimeStampedModel):
    """Two parents of the same service who are partners, co-parents or former partners, from
    `started_on` until `ended_on`. Each parent is a RelationshipMember, so the link is held
    against both of them (their subject access export, retention) and neither is 'first'."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=RelationshipKind.choices)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="relationship_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"Relationship {self.pk}"

    def is_current_on(self, on: date) -> bool:
        return self.started_on <= on and (self.ended_on is None or self.ended_on >= on)


class RelationshipMember(models.Model):
    """One of the two parents in a relationship."""

    relationship = models.ForeignKey(Relationship, on_delete=models.CASCADE, related_name="members")
    parent = models.ForeignKey(Parent, on_delete=models.CASCADE, related_name="relationships")

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["relationship", "parent"], name="a_parent_is_in_a_relationship_once"
            )
        ]

    def __str__(self) -> str:
        return f"Member {self.pk}"


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
