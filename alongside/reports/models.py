"""What the reports keep: the service's unit costs, comparison populations it uploads, networks
of services that agree to be counted together (invited by the network's host), and the monthly
steering-group reports."""

from django.conf import settings
from django.db import models

from alongside.accounts.models import Organisation
from alongside.core.models import TimeStampedModel
from alongside.jobs.models import Job


class CostedOutcome(models.TextChoices):
    """Outcomes a unit cost may be set against (counted by the outcomes report)."""

    BABY_STAYED = "baby_stayed", "A baby born during the work living with the parent"
    NO_NEW_PROCEEDINGS = (
        "no_new_proceedings",
        "A parent with no new care proceedings in the 12 months after the work",
    )
    HOUSING_SECURED = "housing_secured", "A parent who secured housing"


class UnitCost(TimeStampedModel):
    """A cost the service uses to estimate costs avoided: a range, with its source and year."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=30, choices=CostedOutcome.choices)
    label = models.CharField(max_length=200, help_text="What the cost is of, in words")
    low = models.DecimalField(max_digits=12, decimal_places=2)
    high = models.DecimalField(max_digits=12, decimal_places=2)
    source = models.CharField(max_length=300)
    year = models.PositiveIntegerField()
    assumption = models.CharField(max_length=500, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["outcome", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(high__gte=models.F("low")), name="unit_cost_high_at_least_low"
            )
        ]

    def __str__(self) -> str:
        return self.label


class ComparisonPopulation(TimeStampedModel):
    """Counts of a population to compare who the service reaches with (a CSV the service
    uploads): rows of {dimension, category, count}."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    source = models.CharField(max_length=300)
    year = models.PositiveIntegerField()
    rows = models.JSONField(default=list)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.name


class Network(TimeStampedModel):
    """A body overseeing many services (a national programme, a regional partnership), hosted
    by one organisation whose analysts see the network's aggregates."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class NetworkInvitation(TimeStampedModel):
    """The network's host asks a service to take part. Nothing is counted until the service's
    manager agrees (a `NetworkMember`); the service may withdraw at any time."""

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="invitations")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "organisation"], name="one_invitation_per_service"
            )
        ]

    def __str__(self) -> str:
        return f"{self.network} invites {self.organisation}"


class NetworkMember(TimeStampedModel):
    """A service that agreed to be counted in a network, from `agreed_on` until it withdraws."""

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="members")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    agreed_on = models.DateField()
    withdrawn_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "organisation"],
                condition=models.Q(withdrawn_on__isnull=True),
                name="one_current_membership_per_network",
            )
        ]


class SteeringReport(models.Model):
    """A month's steering-group report, made by the worker and kept for download."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    month = models.DateField(help_text="The first day of the month reported on")
    job = models.ForeignKey(Job, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    pdf = models.BinaryField(blank=True, default=b"")
    xlsx = models.BinaryField(blank=True, default=b"")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-month", "-pk"]

    def __str__(self) -> str:
        return f"Steering-group report, {self.month:%B %Y}"
