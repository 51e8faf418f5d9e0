"""The parent's own space: their account, the invitation that opens it, the one-time codes
sent by email, their views on their goals, measures their worker sent them to fill in,
messages with their worker, and the notices (a consent withdrawn, a correction asked for, a
measure filled in) that their worker and manager must see."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django_otp.models import Device, ThrottlingMixin

from alongside.casework.models import Episode
from alongside.core.fields import EncryptedTextField
from alongside.measures.models import MeasureResponse
from alongside.people.models import Parent
from alongside.plans.models import Goal
from alongside.sharing.models import Consent

from .codes import email_code_matches


class PortalAccount(models.Model):
    """A parent's sign-in: one user, one parent, in the parent's own service. The user holds
    no name and no email address: only the sign-in name the parent chose."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="portal_account"
    )
    parent = models.OneToOneField(Parent, on_delete=models.PROTECT, related_name="portal_account")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Portal account {self.pk}"


class PortalInvitation(models.Model):
    """A worker's invitation to the parent's space: single use, expiring; only a digest of the
    link's token is kept. A new invitation withdraws any earlier one that is still open (this
    is also how a parent who has lost their phone or password gets back in)."""

    parent = models.ForeignKey(Parent, on_delete=models.PROTECT, related_name="portal_invitations")
    token_digest = models.CharField(max_length=64, unique=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-issued_at", "-pk"]

    def __str__(self) -> str:
        return f"Invitation {self.pk}"

    @property
    def state(self) -> str:
        """'open', 'used', 'withdrawn' or 'expired'."""
        if self.used_at is not None:
            return "used"
        if self.withdrawn_at is not None:
            return "withdrawn"
        if self.expires_at <= timezone.now():
            return "expired"
        return "open"


class EmailCodeDevice(ThrottlingMixin, Device):
    """A one-time code sent by email to the parent's address on their record. Only a keyed
    digest of the code is kept, and it works once, for a few minutes."""

    code_digest = models.CharField(max_length=64, blank=True)
    valid_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "code by email"

    def get_throttle_factor(self) -> int:
        return 1

    def verify_token(self, token) -> bool:
        """The code sent last, within its few minutes, once. Wrong codes slow further tries."""
        allowed, _ = self.verify_is_allowed()
        if not allowed:
            return False
        code = "".join(str(token).split())
        fresh = self.valid_until is not None and self.valid_until > timezone.now()
        if fresh and email_code_matches(code, self.code_digest):
            self.code_digest = ""
            self.valid_until = None
            self.save(update_fields=["code_digest", "valid_until"])
            self.throttle_reset(commit=True)
            return True
        self.throttle_increment(commit=True)
        return False


class GoalView(models.Model):
    """The parent's own view of how a goal is going, in their words."""

    parent = models.ForeignKey(Parent, on_delete=models.PROTECT, related_name="goal_views")
    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="parent_views")
    text = EncryptedTextField()
    written_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-written_at", "-pk"]


class PortalMessage(models.Model):
    """A message between the parent and the service. No attachments."""

    parent = models.ForeignKey(Parent, on_delete=models.PROTECT, related_name="portal_messages")
    from_parent = models.BooleanField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = EncryptedTextField()
    sent_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["sent_at", "pk"]


class MeasureRequest(models.Model):
    """A measure the worker sent to the parent's space for them to fill in, with an optional
    date to fill it in by. Answered once (the answers are a `MeasureResponse` the measures app
    records and scores), or withdrawn by the worker; either way it cannot be answered again."""

    parent = models.ForeignKey(Parent, on_delete=models.PROTECT, related_name="measure_requests")
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="+")
    instrument = models.CharField(max_length=60)
    instrument_name = models.CharField("measure", max_length=200)
    due_on = models.DateField("fill in by", null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField()
    response = models.OneToOneField(
        MeasureResponse,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="portal_request",
        verbose_name="answers",
    )
    completed_at = models.DateTimeField("filled in", null=True, blank=True)
    withdrawn_at = models.DateTimeField("withdrawn", null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(completed_at__isnull=True) | models.Q(withdrawn_at__isnull=True),
                name="measure_request_answered_or_withdrawn_not_both",
            )
        ]

    def __str__(self) -> str:
        return f"Measure request {self.pk}"

    @property
    def state(self) -> str:
        """'open', 'completed', 'withdrawn' or 'ended' (the work ended before it was answered)."""
        if self.completed_at is not None:
            return "completed"
        if self.withdrawn_at is not None:
            return "withdrawn"
        if not self.episode.is_open:
            return "ended"
        return "open"


class PortalNotice(models.Model):
    """Something the parent did in their space that the worker and manager must act on."""

    class Kind(models.TextChoices):
        CONSENT_WITHDRAWN = "consent_withdrawn", "The parent withdrew a consent"
        CORRECTION = "correction", "The parent asked for a correction"
        MEASURE_DONE = "measure_done", "The parent filled in a measure sent to them"

    parent = models.ForeignKey(Parent, on_delete=models.PROTECT, related_name="portal_notices")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    consent = models.ForeignKey(
        Consent, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Kept when the request itself goes at the end of the case notes period (docs/retention.md).
    measure_request = models.ForeignKey(
        MeasureRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = EncryptedTextField(blank=True)
    made_at = models.DateTimeField(auto_now_add=True)
    dealt_with_at = models.DateTimeField(null=True, blank=True)
    dealt_with_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-made_at", "-pk"]
