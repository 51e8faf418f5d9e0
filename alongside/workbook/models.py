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
    # A task made from the programme's guided list (`workbook.guided`): which item it is for.
    guided_key = models.CharField(max_length=120, blank=True, editable=False)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["owner", "status", "due_on"])]

    def __str__(self) -> str:
        return f"Task due {self.due_on:%d/%m/%Y}"

    def is_overdue(self, today) -> bool:
        return self.status == self.Status.OPEN and self.due_on < today


class ItemKind(models.TextChoices):
    """Each kind of item on the family's chronology (`TimelineEvent.kind`), by the row it
    comes from."""

    CONTACT = "contact", "Contact"
    MEETING = "meeting", "Meeting"
    TEAM_ENTRY = "team_entry", "Team entry"
    RISK_ASSESSMENT = "risk_assessment", "Risk and strengths assessment"
    PRE_BIRTH_ASSESSMENT = "pre_birth_assessment", "Pre-birth assessment"
    MEASURE = "measure", "Measure"
    GOAL_CHANGE = "goal_change", "Goal progress"
    ACHIEVEMENT = "achievement", "Achievement"
    ONWARD_REFERRAL = "onward_referral", "Onward referral"
    CHILD_STATUS = "child_status", "Child's status change"
    GROUP_SESSION = "group_session", "Group session"
    REFERRAL = "referral", "Referral"
    ALLOCATION = "allocation", "Key worker"
    ENDING = "ending", "Work ended"
    PARENT_WORDS = "parent_words", "The parent's own words"
    CONSENT_WITHDRAWN = "consent_withdrawn", "Consent withdrawn"


class SignificantItem(models.Model):
    """Any item of the family's chronology (a contact, a measure, a goal change, a child's
    status change, an onward referral...) marked by the service as significant for the
    chronology that courts and conferences ask for. Keyed by the item's kind and id as the
    chronology names them (`workbook.chronology`); team entries and meetings carry their own
    `significant` flag instead. Marking it shows nobody anything they could not already see."""

    parent = models.ForeignKey(Parent, on_delete=models.CASCADE, related_name="significant_items")
    kind = models.CharField(max_length=30, choices=ItemKind.choices)
    item_id = models.PositiveBigIntegerField()
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    marked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["parent", "kind", "item_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "kind", "item_id"], name="workbook_significant_once"
            )
        ]

    def __str__(self) -> str:
        return f"Significant {self.kind} {self.item_id}"


class Rating(models.IntegerChoices):
    """The one scale for risk and strengths: from a serious concern to a strength."""

    SERIOUS_CONCERN = 1, "Serious concern"
    CONCERN = 2, "Some concern"
    MIXED = 3, "Mixed"
    MOSTLY_WELL = 4, "Mostly going well"
    STRENGTH = 5, "A strength"


# What each point of the scale means, in plain words (shown with the form and the chart).
RATING_MEANINGS = {
    Rating.SERIOUS_CONCERN: "A serious worry now, affecting safety or everyday life",
    Rating.CONCERN: "A worry that the work needs to focus on",
    Rating.MIXED: "Some worries and some progress",
    Rating.MOSTLY_WELL: "Mostly going well; any worry is small",
    Rating.STRENGTH: "Going well, and helping the family",
}


class Factor(models.TextChoices):
    """The factors the team works on with an adult. Each is a field of `RiskAssessment`."""

    DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse"
    SUBSTANCE_USE = "substance_use", "Substance use"
    MENTAL_HEALTH = "mental_health", "Mental health"
    HOUSING = "housing", "Housing"
    LEARNING_NEEDS = "learning_needs", "Learning needs"
    STRENGTHS = "strengths", "Strengths and support"


def _rating_field(factor: Factor):
    return models.PositiveSmallIntegerField(
        factor.label, choices=Rating.choices, null=True, blank=True
    )


def _rated(name: str) -> models.Q:
    return models.Q(**{f"{name}__isnull": True}) | models.Q(**{f"{name}__range": (1, 5)})


class RiskAssessment(models.Model):
    """Risk and strengths for one adult (a parent, or their partner on their own record) on
    one day: each factor the team works on rated on the one scale (`Rating`), or not rated
    that time, with an optional note. Over time the ratings evidence capacity to change."""

    parent = models.ForeignKey(Parent, on_delete=models.CASCADE, related_name="risk_assessments")
    assessed_on = models.DateField("Date of the assessment")
    domestic_abuse = _rating_field(Factor.DOMESTIC_ABUSE)
    substance_use = _rating_field(Factor.SUBSTANCE_USE)
    mental_health = _rating_field(Factor.MENTAL_HEALTH)
    housing = _rating_field(Factor.HOUSING)
    learning_needs = _rating_field(Factor.LEARNING_NEEDS)
    strengths = _rating_field(Factor.STRENGTHS)
    note = EncryptedTextField(blank=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["assessed_on", "pk"]
        constraints = [
            *(
                models.CheckConstraint(condition=_rated(f), name=f"workbook_risk_{f}_on_the_scale")
                for f in Factor.values
            ),
            models.CheckConstraint(
                condition=~models.Q(**{f"{f}__isnull": True for f in Factor.values}),
                name="workbook_risk_rates_something",
            ),
        ]

    def __str__(self) -> str:
        return f"Risk and strengths on {self.assessed_on:%d/%m/%Y}"

    @property
    def ratings(self) -> list[tuple[str, str, int | None]]:
        """(factor, its label, the rating or None) for every factor, in the scale's order."""
        return [(f.value, f.label, getattr(self, f.value)) for f in Factor]


class FamilySummary(models.Model):
    """A summary of the family for a date range and one recipient (a court, a child protection
    conference, a new worker in the service), kept so that it can be opened and downloaded
    again exactly as it was made (`workbook.summary`). What it holds is decided when it is
    built: for a court or conference only what the parent's consent in force (or a recorded
    lawful basis) shares with the recipient's organisation, the rest counted as withheld."""

    class Recipient(models.TextChoices):
        COURT = "court", "The court"
        CONFERENCE = "conference", "A child protection conference"
        NEW_WORKER = "new_worker", "A new worker in this service"

    parent = models.ForeignKey(Parent, on_delete=models.CASCADE, related_name="family_summaries")
    recipient = models.CharField("Who it is for", max_length=20, choices=Recipient.choices)
    recipient_name = EncryptedTextField("Name of the court, conference or worker")
    recipient_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Organisation it goes to",
    )
    starts_on = models.DateField("From")
    ends_on = models.DateField("To")
    every_contact = models.BooleanField(
        "Every contact in the dates, not only those marked significant", default=False
    )
    services_view = EncryptedTextField("The service's view")
    # What it holds, as built (JSON; `summary.Summary`), and the PDF made from it (base64).
    content = EncryptedTextField(blank=True)
    pdf_text = EncryptedTextField(blank=True)
    # Built in the background when the family's record in the dates is large.
    job = models.ForeignKey(
        "jobs.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="workbook_summary_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"Summary for {self.get_recipient_display().lower()}"

    @property
    def is_ready(self) -> bool:
        return self.finished_at is not None
