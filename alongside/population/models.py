"""Linkage runs started in the app: the uploaded extracts and where the results are; and the
column mappings an organisation saved on screen for its extracts."""

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
    # Each stored extract's path -> the name of the person's own file, for messages.
    file_names = models.JSONField(default=dict, blank=True)
    # Kind of extract -> {"name": the saved mapping's name, "file": the mapping file the run
    # reads, under MEDIA_ROOT}. A kind not named here is read with the shipped template.
    mappings = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Linkage run {self.pk}"

    def file_name(self, path: str) -> str:
        """The person's own name for a stored extract."""
        return self.file_names.get(path, "")


class ColumnMapping(models.Model):
    """Which heading in an organisation's extract holds each column Alongside needs, saved on
    screen under a name. The same shape as the mapping files (alongside/linkage/mappings/):
    kind, columns (Alongside's column -> heading in the file) and date formats; built into the
    engine's `Mapping` by `linkage.mapping.mapping_from_data`."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=40)
    name = models.CharField(max_length=100)
    columns = models.JSONField(default=dict)
    date_formats = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "-updated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "name"], name="column_mapping_name_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def as_data(self) -> dict:
        """The mapping-file shape: what `linkage.mapping.mapping_from_data` reads."""
        data = {"kind": self.kind, "columns": dict(self.columns)}
        if self.date_formats:
            data["date_formats"] = list(self.date_formats)
        return data
