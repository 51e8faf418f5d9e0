"""A service's programme (its service model), each edit a new version, and an episode's path
through it: pathway and phase changes with who decided, and the external blockers that hold a
parent up."""

import json
from functools import cached_property, lru_cache

from django.conf import settings
from django.db import models

from alongside.accounts.models import Organisation
from alongside.core.fields import EncryptedTextField
from alongside.core.models import TimeStampedModel

from .loader import load_programme
from .schema import ProgrammeSpec


@lru_cache(maxsize=64)
def _parse(source: str, filename: str) -> ProgrammeSpec:
    """Versions never change, so each is parsed once per process, not once per row."""
    return load_programme(source, filename=filename)


class Programme(TimeStampedModel):
    """One service model a service runs. The service's current programme has `in_use`."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    key = models.CharField(max_length=60)
    name = models.CharField(max_length=200)
    template_key = models.CharField(max_length=60, blank=True, help_text="The template it began as")
    in_use = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="programme_key_unique"),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(in_use=True),
                name="one_programme_in_use",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def current_version(self) -> "ProgrammeVersion":
        return self.versions.order_by("-number").first()


class ProgrammeVersion(models.Model):
    """The definition as it stood: never changed once saved. An edit adds a new version."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    source = models.TextField(help_text="The YAML definition")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    change_note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["programme", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="programme_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.programme.name}, version {self.number}"

    @cached_property
    def spec(self) -> ProgrammeSpec:
        return _parse(self.source, f"version {self.number}")


class PhaseChange(models.Model):
    """A step on the parent's path: starting a pathway, moving phase, or moving pathway."""

    class Kind(models.TextChoices):
        STARTED = "started", "Started on a pathway"
        PHASE = "phase", "Moved phase"
        PATHWAY = "pathway", "Moved pathway"

    episode = models.ForeignKey(
        "casework.Episode", on_delete=models.PROTECT, related_name="phase_changes"
    )
    programme_version = models.ForeignKey(
        ProgrammeVersion, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    pathway = models.CharField(max_length=60)
    phase = models.CharField(max_length=60)
    changed_on = models.DateField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(
        max_length=200, blank=True, help_text="The decision recorded at the end of a phase"
    )
    note = models.CharField(max_length=2000, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_on", "pk"]

    @property
    def pathway_name(self) -> str:
        pathway = self.programme_version.spec.pathway(self.pathway)
        return pathway.name if pathway else self.pathway

    @property
    def phase_name(self) -> str:
        pathway = self.programme_version.spec.pathway(self.pathway)
        phase = pathway.phase(self.phase) if pathway else None
        return phase.name if phase else self.phase


class BlockerKind(models.TextChoices):
    HOUSING = "housing", "Housing"
    MENTAL_HEALTH = "mental_health", "Waiting for mental health support"
    SUBSTANCE_MISUSE = "substance_misuse", "Waiting for a drug or alcohol service"
    BENEFITS = "benefits", "Benefits or money"
    OTHER = "other", "Something else outside the service"


class Blocker(TimeStampedModel):
    """Something outside the service holding up the next phase (a wait for housing, say)."""

    episode = models.ForeignKey(
        "casework.Episode", on_delete=models.PROTECT, related_name="blockers"
    )
    kind = models.CharField(max_length=30, choices=BlockerKind.choices)
    description = models.CharField(max_length=500, blank=True)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-started_on", "-pk"]

    @property
    def is_open(self) -> bool:
        return self.ended_on is None


class Proceedings(TimeStampedModel):
    """Care proceedings about a parent's child: the 26-week timescale runs from the issue date."""

    episode = models.ForeignKey(
        "casework.Episode", on_delete=models.PROTECT, related_name="proceedings"
    )
    issued_on = models.DateField()
    final_hearing_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name_plural = "proceedings"


class Approval(models.Model):
    """A decision the programme says needs a manager's sign-off, held until a manager approves
    it (and it is applied) or returns it with comments."""

    class Kind(models.TextChoices):
        ACCEPTANCE = "acceptance", "Accepting the referral"
        PLAN = "plan", "The plan"
        PHASE_CHANGE = "phase_change", "Change of phase"
        CLOSURE = "closure", "Closing the work"

    class Status(models.TextChoices):
        AWAITING = "awaiting", "Awaiting approval"
        APPROVED = "approved", "Approved"
        RETURNED = "returned", "Returned with comments"

    episode = models.ForeignKey(
        "casework.Episode", on_delete=models.PROTECT, related_name="approvals"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    summary = models.CharField(max_length=300, help_text="What was asked, in a line")
    # What was asked, in full (JSON), encrypted because a closing summary may be in it.
    asked = EncryptedTextField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.AWAITING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    comments = models.CharField(max_length=2000, blank=True)

    class Meta:
        ordering = ["-requested_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["episode", "kind"],
                condition=models.Q(status="awaiting"),
                name="one_awaiting_approval_per_kind",
            )
        ]

    @property
    def request(self) -> dict:
        return json.loads(self.asked)


class TaperFrequency(models.TextChoices):
    WEEKLY = "weekly", "Weekly"
    FORTNIGHTLY = "fortnightly", "Fortnightly"
    MONTHLY = "monthly", "Monthly"


TAPER_DAYS = {"weekly": 7, "fortnightly": 14, "monthly": 28}


class TaperPlan(models.Model):
    """A planned step-down of contact towards the end of the work. A new plan replaces the
    last one (the old one is kept, marked replaced)."""

    episode = models.ForeignKey(
        "casework.Episode", on_delete=models.PROTECT, related_name="taper_plans"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    replaced = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-pk"]


class TaperStep(models.Model):
    """Contact at this frequency from this date until the next step starts."""

    plan = models.ForeignKey(TaperPlan, on_delete=models.CASCADE, related_name="steps")
    frequency = models.CharField(max_length=20, choices=TaperFrequency.choices)
    starts_on = models.DateField()

    class Meta:
        ordering = ["starts_on", "pk"]

    @property
    def every_days(self) -> int:
        return TAPER_DAYS[self.frequency]
