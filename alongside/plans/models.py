"""Co-produced plans: goals in the parent's own words, milestones, reviews and achievements."""

from django.conf import settings
from django.db import models

from alongside.casework.models import Contact, Episode
from alongside.core.fields import EncryptedTextField
from alongside.core.models import TimeStampedModel
from alongside.people.models import Parent


class FamilyMember(models.TextChoices):
    PARENT = "parent", "The parent"
    PARTNER = "partner", "A partner"
    CHILD = "child", "A child"


class Area(models.TextChoices):
    HOUSING = "housing", "Housing"
    MONEY = "money", "Money"
    RELATIONSHIPS = "relationships", "Relationships"
    MENTAL_HEALTH = "mental_health", "Mental health"
    SUBSTANCE_USE = "substance_use", "Substance use"
    DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse"
    SEXUAL_HEALTH = "sexual_health", "Sexual and reproductive health"
    FAMILY_TIME = "family_time", "Family time"
    PARENTING = "parenting", "Parenting"
    EDUCATION_WORK = "education_work", "Education and work"
    IDENTITY = "identity", "Identity and life story"


class GoalStatus(models.TextChoices):
    ACTIVE = "active", "Working on it"
    ACHIEVED = "achieved", "Achieved"
    NO_LONGER_WANTED = "no_longer_wanted", "No longer wanted"


class Outcome(models.TextChoices):
    ACHIEVED = "achieved", "Achieved"
    PROGRESSING = "progressing", "Progressing"
    STUCK = "stuck", "Stuck"
    NO_LONGER_WANTED = "no_longer_wanted", "No longer wanted"


# Outcomes that end a goal; the others carry it over to the next review.
CLOSING_OUTCOMES = {
    Outcome.ACHIEVED: GoalStatus.ACHIEVED,
    Outcome.NO_LONGER_WANTED: GoalStatus.NO_LONGER_WANTED,
}
CARRIED_OVER = {Outcome.PROGRESSING, Outcome.STUCK}


class Plan(TimeStampedModel):
    """The plan for one episode, agreed with the parent at a planning meeting (the
    Intervention Planning Meeting in Early FDAC) with everyone who attended recorded."""

    episode = models.OneToOneField(Episode, on_delete=models.PROTECT, related_name="plan")
    agreed_on = models.DateField()
    attended = EncryptedTextField()
    meeting_notes = EncryptedTextField(blank=True)
    next_review_on = models.DateField()
    version = models.PositiveIntegerField(default=1, help_text="Bumped on every edit")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )


class Goal(TimeStampedModel):
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="goals")
    family_member = models.CharField(max_length=20, choices=FamilyMember.choices)
    member_name = EncryptedTextField(blank=True)  # a child's or partner's name
    area = models.CharField(max_length=30, choices=Area.choices)
    in_parents_words = EncryptedTextField()
    in_workers_words = EncryptedTextField(blank=True)
    who_helps = EncryptedTextField(blank=True)
    about_ending = models.BooleanField(
        default=False, help_text="The goal is about ending the work well and moving on"
    )
    status = models.CharField(max_length=20, choices=GoalStatus.choices, default=GoalStatus.ACTIVE)
    # A goal the parent shares with their partner: it shows on the partner's plan too.
    shared_with = models.ForeignKey(
        Episode, on_delete=models.PROTECT, null=True, blank=True, related_name="shared_goals"
    )
    version = models.PositiveIntegerField(default=1, help_text="Bumped on every edit")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["pk"]

    @property
    def is_open(self) -> bool:
        return self.status == GoalStatus.ACTIVE

    @property
    def for_whom(self) -> str:
        """'the parent', 'a child (Maisie)': for use inside a sentence."""
        label = self.get_family_member_display().lower()
        return f"{label} ({self.member_name})" if self.member_name else label


class Milestone(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="milestones")
    text = EncryptedTextField()
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]


class Review(TimeStampedModel):
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="reviews")
    due_on = models.DateField()
    held_on = models.DateField()
    attended = EncryptedTextField()
    notes = EncryptedTextField(blank=True)
    next_review_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["held_on", "pk"]


class GoalProgress(TimeStampedModel):
    """How a goal is going: at a review (one per goal) or noted at a contact."""

    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="progress")
    review = models.ForeignKey(
        Review, on_delete=models.PROTECT, null=True, blank=True, related_name="outcomes"
    )
    contact = models.ForeignKey(
        Contact, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_on = models.DateField()
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["recorded_on", "pk"]


class Achievement(TimeStampedModel):
    """A success the parent keeps: a tenancy signed, a course finished, a good visit."""

    class Whose(models.TextChoices):
        PARENT = "parent", "The parent"
        WORKER = "worker", "The worker"
        TOGETHER = "together", "The parent and the worker together"

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="achievements")
    parent = models.ForeignKey(Parent, on_delete=models.PROTECT, related_name="+")
    happened_on = models.DateField()
    text = EncryptedTextField()
    whose = models.CharField(max_length=20, choices=Whose.choices, default=Whose.TOGETHER)
    goal = models.ForeignKey(
        Goal, on_delete=models.SET_NULL, null=True, blank=True, related_name="achievements"
    )
    contact = models.ForeignKey(
        Contact, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-happened_on", "-pk"]
