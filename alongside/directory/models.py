"""The national directory of recurrent care services: each entry, the places it covers and
the history of every change (who, when, what). The directory is public: it holds facts about
services, never about a parent."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from alongside.accounts.models import Organisation

from .geography import ALL_REGIONS, by_slug

PARTIAL_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2]))?$")


class ProviderKind(models.TextChoices):
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    NHS = "nhs", "NHS"
    CHARITY = "charity", "Charity"
    OTHER = "other", "Other"
    NOT_KNOWN = "not_known", "Not known"


class ServiceModel(models.TextChoices):
    PAUSE = "pause", "Pause"
    LOCALLY_DEVELOPED = "locally_developed", "Locally developed"
    FDAC = "fdac", "Family Drug and Alcohol Court (FDAC)"
    FAMILY_SAFEGUARDING = "family_safeguarding", "Family Safeguarding"
    OTHER = "other", "Wider programme (not only for parents after removal)"


class Status(models.TextChoices):
    ACTIVE = "active", "Active"
    IN_DEVELOPMENT = "in_development", "In development"
    CLOSED = "closed", "Closed"
    NOT_KNOWN = "not_known", "Not known"


class Scope(models.TextChoices):
    LOCAL = "local", "Named local authorities"
    REGIONAL = "regional", "A region or part of one"
    NATIONAL = "national", "National"


class WorksWith(models.TextChoices):
    MOTHERS = "mothers", "Mothers"
    FATHERS = "fathers", "Fathers"
    COUPLES = "couples", "Couples"
    CARE_LEAVERS = "care_leavers", "Care leavers"


class When(models.TextChoices):
    PRE_CONCEPTION = "pre_conception", "Before a pregnancy (pre-conception)"
    PRE_BIRTH = "pre_birth", "In pregnancy (pre-birth)"
    IN_PROCEEDINGS = "in_proceedings", "During care proceedings"
    AFTER_PROCEEDINGS = "after_proceedings", "After care proceedings"


def validate_partial_date(value: str) -> None:
    if value and not PARTIAL_DATE.match(value):
        raise ValidationError("Enter a year (2014) or a year and month (2014-04).")


def _check_choices(values, choices, label: str) -> None:
    unknown = [v for v in values if v not in choices.values]
    if unknown:
        raise ValidationError(f"Unknown {label}: {', '.join(map(str, unknown))}.")


class DirectoryService(models.Model):
    """One service, practice or FDAC site. Blank means 'not known'."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    provider_name = models.CharField(max_length=200, blank=True)
    provider_kind = models.CharField(
        max_length=20, choices=ProviderKind.choices, default=ProviderKind.NOT_KNOWN
    )
    model = models.CharField(max_length=30, choices=ServiceModel.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_KNOWN)
    status_as_of = models.CharField(
        max_length=7,
        blank=True,
        validators=[validate_partial_date],
        help_text="The date of the source that gives the status",
    )
    started = models.CharField(max_length=7, blank=True, validators=[validate_partial_date])
    ended = models.CharField(max_length=7, blank=True, validators=[validate_partial_date])
    scope = models.CharField(max_length=20, choices=Scope.choices, default=Scope.LOCAL)
    regions = models.JSONField(default=list, blank=True)
    area_note = models.CharField(max_length=300, blank=True)
    courts = models.CharField(max_length=300, blank=True)
    works_with = models.JSONField(default=list, blank=True)
    min_age = models.PositiveSmallIntegerField(null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(null=True, blank=True)
    when = models.JSONField(default=list, blank=True)
    how_to_refer = models.TextField(blank=True)
    description = models.TextField(blank=True)
    source = models.CharField(max_length=500)
    # Set when an Alongside service published its own entry from its programme.
    organisation = models.OneToOneField(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        _check_choices(self.works_with, WorksWith, "group")
        _check_choices(self.when, When, "stage")
        unknown = [r for r in self.regions if r not in ALL_REGIONS]
        if unknown:
            raise ValidationError({"regions": f"Unknown region: {', '.join(unknown)}."})
        if self.min_age and self.max_age and self.min_age > self.max_age:
            raise ValidationError({"max_age": "The oldest age must not be below the youngest."})
        if self.status == Status.CLOSED and not self.ended and not self.status_as_of:
            raise ValidationError(
                {"ended": "Say when the service closed, or when the source said so."}
            )

    @property
    def area_slugs(self) -> list[str]:
        return [a.local_authority for a in self.areas.all()]

    @property
    def local_authorities(self):
        return [la for la in (by_slug(s) for s in self.area_slugs) if la is not None]


class ServiceArea(models.Model):
    """A local authority a service covers (by its slug in geography's table)."""

    service = models.ForeignKey(DirectoryService, on_delete=models.CASCADE, related_name="areas")
    local_authority = models.SlugField(max_length=80)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["service", "local_authority"], name="directory_area_unique"
            )
        ]
        ordering = ["local_authority"]


class DirectoryChange(models.Model):
    """The history of an entry: who changed what, when, and how (loaded, edited, published).
    Append-only; each change also has its entry in the audit log."""

    class How(models.TextChoices):
        LOADED = "loaded", "Loaded from the data file"
        EDITED = "edited", "Edited by a directory administrator"
        PUBLISHED = "published", "Published by the service from its programme"

    service = models.ForeignKey(DirectoryService, on_delete=models.PROTECT, related_name="changes")
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    by_label = models.CharField(max_length=200)
    how = models.CharField(max_length=20, choices=How.choices)
    # {field: [before, after]}; a new entry has before = None.
    changes = models.JSONField(default=dict)

    class Meta:
        ordering = ["-at", "-pk"]
