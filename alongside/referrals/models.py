"""Referrals into the service and the decision on each."""

from django.conf import settings
from django.db import models

from alongside.accounts.models import Organisation
from alongside.core.fields import EncryptedTextField
from alongside.core.models import TimeStampedModel
from alongside.people.models import Parent


class ReferralSource(models.TextChoices):
    CHILDRENS_SOCIAL_CARE = "childrens_social_care", "Children's social care"
    LEAVING_CARE = "leaving_care", "Leaving care team or personal adviser"
    MIDWIFERY = "midwifery", "Midwifery or health visiting"
    HEALTH = "health", "Other health service"
    COURT = "court", "Court or legal team"
    VOLUNTARY = "voluntary", "Voluntary or community organisation"
    SELF = "self", "The parent referred themselves"
    OTHER = "other", "Other"


class Referral(TimeStampedModel):
    class Status(models.TextChoices):
        AWAITING_DECISION = "awaiting_decision", "Awaiting decision"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Not accepted"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    parent = models.ForeignKey(Parent, on_delete=models.PROTECT, related_name="referrals")
    received_on = models.DateField()
    source = models.CharField(max_length=40, choices=ReferralSource.choices)
    referrer_name = EncryptedTextField(blank=True)
    referrer_organisation = models.CharField(max_length=200, blank=True)
    referrer_contact = EncryptedTextField(blank=True)
    parent_agrees = models.BooleanField(
        help_text="The parent knows about the referral and agrees to it."
    )
    reason = EncryptedTextField()
    status = models.CharField(
        max_length=30, choices=Status.choices, default=Status.AWAITING_DECISION
    )
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision_note = EncryptedTextField(blank=True)
    # None for a referral from outside the service (a partner's link, a parent, the API).
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["received_on", "pk"]


class Channel(models.TextChoices):
    STAFF = "staff", "Entered by the service"
    PARTNER = "partner", "Partner professional, signed in"
    PARTNER_LINK = "partner_link", "Partner professional, through the organisation's link"
    SELF = "self", "The parent, online"
    API = "api", "Partner system"


class PartnerAccess(TimeStampedModel):
    """A partner organisation the service takes referrals from: its signed-in users may refer
    to the service, and its link (a secret address, kept here only as a digest) lets anyone
    at the organisation refer without an account until the service revokes it."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    partner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    link_digest = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Referral link for {self.partner_id}"


class Tracking(models.Model):
    """How a referral came in and how the referrer can follow it: its reference, and a digest
    of the secret status address given to a referrer without an account."""

    referral = models.OneToOneField(Referral, on_delete=models.CASCADE, related_name="tracking")
    reference = models.CharField(max_length=12, unique=True)
    channel = models.CharField(max_length=20, choices=Channel.choices)
    referring_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status_digest = models.CharField(max_length=64, blank=True, db_index=True)
    # What the referrer is told about the decision (shown on their status page).
    referrer_told = EncryptedTextField(blank=True)

    def __str__(self) -> str:
        return self.reference


class ReferralStep(models.Model):
    """Work on a referral before the parent agrees: its screening, each outreach attempt and
    each consultation given to the referring professional. Counted whether or not the parent
    ever takes up the offer."""

    class Kind(models.TextChoices):
        SCREENING = "screening", "Screening"
        OUTREACH = "outreach", "Outreach attempt"
        CONSULTATION = "consultation", "Consultation with the referrer"

    class Method(models.TextChoices):
        PHONE = "phone", "Phone call"
        TEXT = "text", "Text message"
        LETTER = "letter", "Letter"
        EMAIL = "email", "Email"
        HOME_VISIT = "home_visit", "Home visit"
        IN_PERSON = "in_person", "Met in person elsewhere"
        THROUGH_REFERRER = "through_referrer", "Through the referrer"
        MEETING = "meeting", "Meeting"

    class Outcome(models.TextChoices):
        ELIGIBLE = "eligible", "Meets the programme's rules"
        NOT_ELIGIBLE = "not_eligible", "Does not meet the programme's rules"
        UNCLEAR = "unclear", "Not yet known"
        NO_ANSWER = "no_answer", "No answer"
        MESSAGE_LEFT = "message_left", "Message left"
        MET_NOT_READY = "met_not_ready", "Met, not ready"
        MET_INTERESTED = "met_interested", "Met, wants to know more"
        AGREED = "agreed", "Agreed to the referral"
        DECLINED = "declined", "Does not want the service"
        ADVICE_GIVEN = "advice_given", "Advice given"

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    happened_on = models.DateField()
    method = models.CharField(max_length=20, choices=Method.choices, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    # Screening: the programme's reasons, in words, judged at the referral date.
    reasons = models.JSONField(default=list, blank=True)
    notes = EncryptedTextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["happened_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.happened_on}"


class MatchDecision(models.Model):
    """A worker's answer to 'is this the same person?' for a referral and a possible match."""

    class Outcome(models.TextChoices):
        LINKED = "linked", "The same person: linked"
        NOT_SAME = "not_same", "Not the same person"

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="matches")
    candidate = models.ForeignKey(Parent, on_delete=models.CASCADE, related_name="+")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    agreed = models.JSONField(default=list, help_text="The fields that agreed, in words")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decided_at", "pk"]

    def __str__(self) -> str:
        return self.get_outcome_display()


class ParentMerge(models.Model):
    """Two records of one person made one: every row of `merged` moved to `kept`, each listed
    in `moved` so that undoing puts back exactly those rows. `merged` stays, empty, with its
    own details, so both histories are kept."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    kept = models.ForeignKey(Parent, on_delete=models.PROTECT, related_name="merges_kept")
    merged = models.ForeignKey(Parent, on_delete=models.PROTECT, related_name="merges_into")
    referral = models.ForeignKey(
        Referral, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    moved = models.JSONField(default=dict, help_text="{'app.Model': [pk, ...]} moved to kept")
    reason = EncryptedTextField(blank=True)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    merged_at = models.DateTimeField(auto_now_add=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-merged_at", "-pk"]

    def __str__(self) -> str:
        return f"Merge {self.pk}"

    @property
    def is_undone(self) -> bool:
        return self.undone_at is not None
