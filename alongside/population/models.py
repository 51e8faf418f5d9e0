"""Linkage runs started in the app: the uploaded extracts and where the results are."""

from django.conf import settings
from django.db import models

from alongside.accounts.models import Organisation
from alongside.jobs.models import Job


class LinkageRun(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    job = models.OneToOneField(Job, on_delete=models.PROTECT, related_name="linkage_run")
    # Paths under MEDIA_ROOT.
    applications = models.JSONField(default=list)
    bookings = models.CharField(max_length=300, blank=True)
    care_leavers = models.CharField(max_length=300, blank=True)
    results_dir = models.CharField(max_length=300, blank=True)
    summary = models.JSONField(default=dict)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Linkage run {self.pk}"
