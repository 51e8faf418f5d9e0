"""Linkage runs started in the app: the uploaded extracts and where the results are; the
column mappings an organisation saved on screen for its extracts; and the clerical review of a
run (a sample of its pairs and the analyst's decisions on them)."""

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
    # The bands of the clerical review sample (alongside.linkage.clerical): name, side, low and
    # high match probability, pairs in the run, pairs sampled. Empty until the run finishes.
    review_strata = models.JSONField(default=list, blank=True)
    # The earlier run whose clerical decisions this run is checked against (the job writes
    # them to a labels file for the linkage), and whether they also train the model's m values.
    labels_from = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    train_from_labels = models.BooleanField(default=False)

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


class ReviewPair(models.Model):
    """One pair of parent records in a run's clerical review sample (IDENTIFIABLE): both
    records' details and how far each field agrees, from review_sample.csv."""

    class Side(models.TextChoices):
        LINK = "link", "Linked"
        NON_LINK = "non_link", "Not linked"

    run = models.ForeignKey(LinkageRun, on_delete=models.CASCADE, related_name="review_pairs")
    # The order to review the pairs in: the first pair of each band, then the second, ...
    position = models.PositiveIntegerField()
    stratum = models.CharField(max_length=40)
    side = models.CharField(max_length=10, choices=Side.choices)
    record_key_l = models.TextField()
    record_key_r = models.TextField()
    match_probability = models.FloatField()
    match_weight = models.FloatField()
    # [{"name", "label", "left", "right", "agreement", "agrees"}], in the order shown.
    fields = models.JSONField(default=list)

    class Meta:
        ordering = ["run", "position"]
        constraints = [
            models.UniqueConstraint(fields=["run", "position"], name="review_pair_position"),
            models.UniqueConstraint(
                fields=["run", "record_key_l", "record_key_r"], name="review_pair_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"Pair {self.position + 1} of linkage run {self.run_id}"

    @property
    def number(self) -> int:
        """The pair's number on screen, from 1."""
        return self.position + 1


class ReviewDecision(models.Model):
    """The analyst's decision on a pair: the same person, different people, or cannot tell.
    One per pair; changing it replaces it (each change is in the audit trail)."""

    class Decision(models.TextChoices):
        SAME = "same", "Same person"
        DIFFERENT = "different", "Different people"
        CANNOT_TELL = "cannot_tell", "Cannot tell"

    pair = models.OneToOneField(ReviewPair, on_delete=models.CASCADE, related_name="decision")
    decision = models.CharField(max_length=20, choices=Decision.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.get_decision_display()} ({self.pair})"
