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
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["received_on", "pk"]
