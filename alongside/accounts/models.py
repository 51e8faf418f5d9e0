"""Organisations, teams and the people who sign in."""

from django.contrib.auth.models import AbstractUser
from django.db import models


class Organisation(models.Model):
    class Kind(models.TextChoices):
        SERVICE = "service", "Recurrent care service"
        PARTNER = "partner", "Partner agency"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=200)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="team_name_unique")
        ]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    PRACTITIONER = "practitioner", "Practitioner"
    TEAM_MANAGER = "team_manager", "Team manager"
    SERVICE_MANAGER = "service_manager", "Service manager"
    PARTNER = "partner", "Partner professional"
    ANALYST = "analyst", "Analyst"
    ADMINISTRATOR = "administrator", "Administrator"


class User(AbstractUser):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="users", null=True
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="members", null=True, blank=True
    )
    role = models.CharField(max_length=30, choices=Role.choices)
    job_title = models.CharField(max_length=200, blank=True)
    is_data_protection_lead = models.BooleanField(
        default=False,
        help_text="Sees every break-glass use, the access trail and subject access exports",
    )

    REQUIRED_FIELDS = ["email"]

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    def __str__(self) -> str:
        return self.display_name
