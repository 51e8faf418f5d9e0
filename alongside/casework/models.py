"""Episodes of work with a parent: allocation, contacts, closure, and the path through the
programme the work runs under."""

import json

from django.conf import settings
from django.db import models

from alongside.accounts.models import Organisation, Team
from alongside.core.fields import EncryptedTextField
from alongside.core.models import TimeStampedModel
from alongside.people.models import Parent
from alongside.programmes.vocabulary import ClosureReason, DecisionKind
from alongside.referrals.models import Referral
from alongside.sharing.choices import Confidentiality


class WaitingOffer(models.TextChoices):
    NONE = "none", "Nothing yet"
    CONSULTATION = "consultation", "Consultation to the referring social worker"
    LIGHTER_SUPPORT = "lighter_support", "Lighter support from the service"
    GROUP = "group", "A group or drop-in"


class Episode(TimeStampedModel):
    """One period of work with a parent, from acceptance to closure."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting for a key worker"
        ACTIVE = "active", "Active"
        CLOSED = "closed", "Closed"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="episodes")
    parent = models.ForeignKey(Parent, on_delete=models.PROTECT, related_name="episodes")
    referral = models.OneToOneField(Referral, on_delete=models.PROTECT, related_name="episode")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.WAITING)
    key_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="key_worker_episodes",
    )
    opened_on = models.DateField()
    waiting_offer = models.CharField(
        max_length=30,
        choices=WaitingOffer.choices,
        default=WaitingOffer.NONE,
        help_text="What the parent is offered while they wait for a key worker",
    )
    waiting_offer_on = models.DateField(null=True, blank=True)
    allocated_on = models.DateField(null=True, blank=True)
    # When the key worker plans to see the parent next (set with a contact).
    next_contact_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    closure_reason = models.CharField(max_length=40, choices=ClosureReason.choices, blank=True)
    closure_note = EncryptedTextField(blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The service model: the programme version the work started under (kept when the programme
    # is edited), and where the parent is on it now. History: PhaseChange.
    programme_version = models.ForeignKey(
        "programmes.ProgrammeVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="episodes",
    )
    pathway = models.CharField(max_length=60, blank=True)
    phase = models.CharField(max_length=60, blank=True)
    phase_since = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_on", "-pk"]
        indexes = [
            models.Index(fields=["key_worker", "status"]),
            models.Index(fields=["team", "status"]),
        ]

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.CLOSED


class Allocation(models.Model):
    """History of who has been the key worker, so a change of worker is never lost."""

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="allocations")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    allocated_on = models.DateField()
    allocated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    ended_on = models.DateField(null=True, blank=True)
    # Given when the allocation took the worker over their weighted caseload cap. Encrypted:
    # the reason is often about the parent ('she knows this worker from before').
    over_cap_reason = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["allocated_on", "pk"]


class CoWorker(models.Model):
    """A second worker on an episode, beside the key worker. Shown on both caseloads."""

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="co_workers")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="co_worker_of"
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["started_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["episode", "worker"],
                condition=models.Q(ended_on__isnull=True),
                name="one_current_co_working_per_worker",
            )
        ]


class ContactType(models.TextChoices):
    HOME_VISIT = "home_visit", "Home visit"
    OUTREACH_ATTEMPT = "outreach_attempt", "Outreach attempt (no contact made)"
    PHONE = "phone", "Phone or video call"
    MESSAGE = "message", "Text or message"
    OFFICE = "office", "Meeting at an office or community venue"
    GROUP = "group", "Group session"
    WITH_PARTNER = "with_partner", "Joint meeting with a partner agency"
    PARTNER_INFORMATION = "partner_information", "Information received from a partner agency"


class Contact(TimeStampedModel):
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="contacts")
    happened_on = models.DateField()
    contact_type = models.CharField(max_length=30, choices=ContactType.choices)
    who_was_there = EncryptedTextField(blank=True)  # names of family and friends
    duration_minutes = models.PositiveIntegerField(null=True, blank=True)
    notes = EncryptedTextField(blank=True)
    confidentiality = models.CharField(
        max_length=30, choices=Confidentiality.choices, default=Confidentiality.SERVICE_ONLY
    )
    disclosed_in_proceedings = models.BooleanField(
        default=False, help_text="Known to have been disclosed in court proceedings"
    )
    # A 'door open' contact: the parent got back in touch after the work ended. Recorded on
    # the closed episode without reopening it.
    door_open = models.BooleanField(default=False)
    # A joint contact with a couple: recorded once, on this episode, and shown on the partner's
    # timeline too (casework.couples). None for a contact with this parent alone.
    joint_with = models.ForeignKey(
        Episode,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="joint_contacts",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-happened_on", "-pk"]
        indexes = [models.Index(fields=["episode", "happened_on"])]


# The episode's path through its programme: pathway and phase changes, blockers, proceedings,
# decisions held for a manager, and a tapered ending. The tables keep their original names.


class PhaseChange(models.Model):
    """A step on the parent's path: starting a pathway, moving phase, or moving pathway."""

    class Kind(models.TextChoices):
        STARTED = "started", "Started on a pathway"
        PHASE = "phase", "Moved phase"
        PATHWAY = "pathway", "Moved pathway"

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="phase_changes")
    programme_version = models.ForeignKey(
        "programmes.ProgrammeVersion", on_delete=models.PROTECT, related_name="+"
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
    note = EncryptedTextField(blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "programmes_phasechange"
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

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="blockers")
    kind = models.CharField(max_length=30, choices=BlockerKind.choices)
    description = EncryptedTextField(blank=True)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    # The onward referral it waits on (a housing referral, say), when there is one.
    onward_referral = models.ForeignKey(
        "OnwardReferral",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="blockers",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        db_table = "programmes_blocker"
        ordering = ["-started_on", "-pk"]

    @property
    def is_open(self) -> bool:
        return self.ended_on is None


class Proceedings(TimeStampedModel):
    """Care proceedings about a parent's child: the 26-week timescale runs from the issue date."""

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="proceedings")
    issued_on = models.DateField()
    final_hearing_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        db_table = "programmes_proceedings"
        ordering = ["-issued_on", "-pk"]
        verbose_name_plural = "proceedings"


class Approval(models.Model):
    """A decision the programme says needs a manager's sign-off, held until a manager approves
    it (and it is applied) or returns it with comments."""

    Kind = DecisionKind

    class Status(models.TextChoices):
        AWAITING = "awaiting", "Awaiting approval"
        APPROVED = "approved", "Approved"
        RETURNED = "returned", "Returned with comments"

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="approvals")
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
    comments = EncryptedTextField(blank=True)

    class Meta:
        db_table = "programmes_approval"
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

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="taper_plans")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    replaced = models.BooleanField(default=False)

    class Meta:
        db_table = "programmes_taperplan"
        ordering = ["-created_at", "-pk"]


class TaperStep(models.Model):
    """Contact at this frequency from this date until the next step starts."""

    plan = models.ForeignKey(TaperPlan, on_delete=models.CASCADE, related_name="steps")
    frequency = models.CharField(max_length=20, choices=TaperFrequency.choices)
    starts_on = models.DateField()

    class Meta:
        db_table = "programmes_taperstep"
        ordering = ["starts_on", "pk"]

    @property
    def every_days(self) -> int:
        return TAPER_DAYS[self.frequency]


# Partner services: onward referrals from the work, and their first appointments.


class OnwardKind(models.TextChoices):
    HOUSING = "housing", "Housing"
    MENTAL_HEALTH = "mental_health", "Mental health"
    SUBSTANCE_MISUSE = "substance_misuse", "Drugs or alcohol"
    DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse"
    SEXUAL_REPRODUCTIVE_HEALTH = "sexual_reproductive_health", "Sexual and reproductive health"
    BENEFITS_DEBT = "benefits_debt", "Benefits and debt"
    EDUCATION_WORK = "education_work", "Education and work"
    OTHER = "other", "Other"


class OnwardOutcome(models.TextChoices):
    WAITING = "waiting", "Waiting"
    ATTENDED = "attended", "Attended"
    DID_NOT_ATTEND = "did_not_attend", "Did not attend"
    DECLINED = "declined", "Declined"
    CLOSED = "closed", "Closed"


class OnwardReferral(TimeStampedModel):
    """A referral from the work to a partner service (housing, mental health and so on).

    A referral to a sexual and reproductive health service is the parent's own choice: it
    needs the parent's agreement to be recorded, stays off the timeline and the blocker list,
    and is never a condition of the work."""

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="onward_referrals")
    kind = models.CharField(max_length=40, choices=OnwardKind.choices)
    service_name = EncryptedTextField()
    referred_on = models.DateField()
    first_appointment_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(
        max_length=20, choices=OnwardOutcome.choices, default=OnwardOutcome.WAITING
    )
    notes = EncryptedTextField(blank=True)
    parent_agreed = models.BooleanField(
        default=False, help_text="The parent agreed to this being recorded"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-referred_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(first_appointment_on__isnull=True)
                | models.Q(first_appointment_on__gte=models.F("referred_on")),
                name="onward_first_appointment_after_referral",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="sexual_reproductive_health")
                | models.Q(parent_agreed=True),
                name="onward_srh_only_with_agreement",
            ),
        ]

    @property
    def is_reproductive_health(self) -> bool:
        return self.kind == OnwardKind.SEXUAL_REPRODUCTIVE_HEALTH

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.service_name} (referred {self.referred_on:%-d %B %Y})"


# Sexual and reproductive health: the parent's own choices, never a condition of the work.


class ReproductiveHealthChoiceKind(models.TextChoices):
    CONTRACEPTION = "contraception", "Contraception"
    SEXUAL_HEALTH_CHECK = "sexual_health_check", "Sexual health check or screening"
    PREGNANCY_ADVICE = "pregnancy_advice", "Pregnancy test or advice"
    PLANNING_A_PREGNANCY = "planning_a_pregnancy", "Planning a pregnancy"
    CERVICAL_SCREENING = "cervical_screening", "Cervical screening"
    OTHER = "other", "Something else"


class ReproductiveHealthChoice(TimeStampedModel):
    """A choice the parent made about their own sexual or reproductive health, with the
    appointment and the service, recorded only because the parent agreed to it.

    Nothing else in the service reads this table: not eligibility, phases, blockers, clocks,
    closure or the 'needs attention' list. It never reaches a partner (service only, and no
    consent category covers it), and it is counted only in aggregate."""

    episode = models.ForeignKey(
        Episode, on_delete=models.PROTECT, related_name="reproductive_health_choices"
    )
    choice = models.CharField(max_length=30, choices=ReproductiveHealthChoiceKind.choices)
    details = EncryptedTextField(blank=True)
    appointment_on = models.DateField(null=True, blank=True)
    service_name = EncryptedTextField(blank=True)
    parent_agreed = models.BooleanField(help_text="The parent agreed to this being recorded")
    confidentiality = models.CharField(
        max_length=30,
        choices=Confidentiality.choices,
        default=Confidentiality.SERVICE_ONLY,
        editable=False,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(parent_agreed=True), name="srh_choice_only_with_agreement"
            ),
            models.CheckConstraint(
                condition=models.Q(confidentiality="service_only"), name="srh_choice_service_only"
            ),
        ]


# Groups and peer support.


class GroupProgramme(TimeStampedModel):
    """A group the service runs (a weekly women's group, say), made of sessions."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    name = EncryptedTextField()
    description = EncryptedTextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.name


class GroupSession(TimeStampedModel):
    group = models.ForeignKey(GroupProgramme, on_delete=models.PROTECT, related_name="sessions")
    held_on = models.DateField()
    facilitators = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    # Facilitators from outside the service, by name (a peer mentor, a visiting midwife).
    external_facilitators = EncryptedTextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-pk"]


class GroupAttendance(models.Model):
    """A parent at a session, recorded under the work with them (once per session)."""

    session = models.ForeignKey(GroupSession, on_delete=models.PROTECT, related_name="attendance")
    parent = models.ForeignKey(Parent, on_delete=models.PROTECT, related_name="+")
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "parent"], name="one_attendance_per_parent_per_session"
            )
        ]


class PeerMentorRole(TimeStampedModel):
    """A parent taking on the role of peer mentor, from one date to another."""

    parent = models.ForeignKey(Parent, on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    description = EncryptedTextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent"],
                condition=models.Q(ended_on__isnull=True),
                name="one_current_peer_mentor_role",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="peer_mentor_ends_after_it_starts",
            ),
        ]

    @property
    def is_current(self) -> bool:
        return self.ended_on is None
