"""Shared base model and the form drafts that protect typing from time-outs."""

from django.conf import settings
from django.db import models

from .fields import EncryptedTextField


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class FormDraft(models.Model):
    """What a person had typed into a form, saved as they type so a time-out or a dropped
    connection loses nothing. Encrypted, because a half-written case note is a case note."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    form_key = models.CharField(max_length=300)
    data = EncryptedTextField()
    saved_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "form_key"], name="one_draft_per_form")
        ]
