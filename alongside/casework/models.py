"""Episodes of work with a parent: allocation, contacts and closure."""

from django.conf import settings
from django.db import models

from alongside.accounts.models import Organisation, Team
from alongside.core.fields import EncryptedTextField
from alongside.core.models import TimeStampedModel
from alongside.people.models import Parent
from alongside.referrals.models import Referral
from alongside.sharing.choices import Confidentiality


class ClosureReason(models.TextChoices):
    PLANNED_ENDING = "planned_ending", "Planned ending: work completed"
    PARENT_CHOSE_TO_END = "parent_chose_to_end", "The parent chose to end the work"
    NO_CONTACT = "no_contact", "We could not keep in touch with the parent"
    MOVED_AWAY = "moved_away", "The parent moved out of the area"
    TRANSFERRED = "transferred", "Transferred to another service"
    NOT_SUITABLE = "not_suitable", "The service was no longer the right support"
    OTHER = "other", "Other reason"


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
    closed_on = models.DateField(null=True, blank=True)
    closure_reason = models.CharField(max_length=40, choices=ClosureReason.choices, blank=True)
    closure_note = EncryptedTextField(blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The service model: the programme version the work started under (kept when the programme
    # is edited), and where the parent is on it now. History: programmes.PhaseChange.
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
    # Given when the allocation took the worker over their weighted caseload cap.
    over_cap_reason = models.CharField(max_length=1000, blank=True)

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
    who_was_there = models.CharField(max_length=300, blank=True)
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
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-happened_on", "-pk"]
        indexes = [models.Index(fields=["episode", "happened_on"])]
