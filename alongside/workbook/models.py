"""The team around the family: the professionals working with a parent, from several
organisations, and what they add to the shared record.

What a partner adds is for the team around the family only: it is shown on the workbook
page to the service and to partners with a consent in force, and nowhere else."""

from django.conf import settings
from django.db import models

from alongside.accounts.models import Organisation
from alongside.core.fields import EncryptedTextField
from alongside.people.models import Parent


class Discipline(models.TextChoices):
    SOCIAL_WORK = "social_work", "Social work"
    RECURRENT_CARE = "recurrent_care", "Recurrent care service"
    DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse"
    SUBSTANCE_USE = "substance_use", "Substance use"
    MENTAL_HEALTH = "mental_health", "Mental health"
    HEALTH_VISITING = "health_visiting", "Health visiting and midwifery"
    HOUSING = "housing", "Housing"
    OTHER = "other", "Other"


class TeamMember(models.Model):
    """A professional on this family's team, with their role on this family and dates."""

    parent = models.ForeignKey(Parent, on_delete=models.CASCADE, related_name="team_members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="family_teams"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    role = models.CharField("Role on this family", max_length=120)
    discipline = models.CharField(max_length=30, choices=Discipline.choices)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["started_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="workbook_member_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.role} ({self.get_discipline_display()})"


class TeamEntry(models.Model):
    """A contact or observation added to the shared record, marked with its organisation.
    Shared with the team around the family, never beyond."""

    class Kind(models.TextChoices):
        CONTACT = "contact", "Contact"
        OBSERVATION = "observation", "Observation"

    parent = models.ForeignKey(Parent, on_delete=models.CASCADE, related_name="team_entries")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    happened_on = models.DateField()
    text = EncryptedTextField()
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Marked by the service for the chronology that courts and conferences ask for.
    significant = models.BooleanField(default=False)

    class Meta:
        ordering = ["-happened_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.happened_on:%d/%m/%Y}"


class Meeting(models.Model):
    """A meeting about the family: who attended, the discussion, the decisions. Its actions
    become tasks. Group supervision is the service's own: partners never see it."""

    class Kind(models.TextChoices):
        CORE_GROUP = "core_group", "Core group"
        STRATEGY = "strategy", "Strategy meeting"
        PLANNING = "planning", "Planning and review meeting"
        GROUP_SUPERVISION = "group_supervision", "Group supervision"

    SERVICE_ONLY = frozenset({Kind.GROUP_SUPERVISION})

    parent = models.ForeignKey(Parent, on_delete=models.CASCADE, related_name="team_meetings")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    held_on = models.DateField()
    attended = EncryptedTextField()
    discussion = EncryptedTextField(blank=True)
    decisions = EncryptedTextField(blank=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    significant = models.BooleanField(default=False)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.held_on:%d/%m/%Y}"

    @property
    def service_only(self) -> bool:
        return self.kind in self.SERVICE_ONLY


class Task(models.Model):
    """Something to do for the family, with an owner and a due date. Any member of the team
    around the family may add one; it is seen by the team, and by nobody else."""

    class Status(models.TextChoices):
        OPEN = "open", "To do"
        DONE = "done", "Done"

    parent = models.ForeignKey(Parent, on_delete=models.CASCADE, related_name="team_tasks")
    title = models.CharField("What needs doing", max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="team_tasks"
    )
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)
    # An action agreed at a meeting.
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, null=True, blank=True, related_name="tasks"
    )

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["owner", "status", "due_on"])]

    def __str__(self) -> str:
        return f"Task due {self.due_on:%d/%m/%Y}"

    def is_overdue(self, today) -> bool:
        return self.status == self.Status.OPEN and self.due_on < today
