"""A service's programme (its service model), each edit a new version. An episode keeps the
version it started under (casework.Episode.programme_version)."""

from functools import cached_property, lru_cache

from django.conf import settings
from django.db import models

from alongside.accounts.models import Organisation
from alongside.core.models import TimeStampedModel

from .loader import load_programme
from .schema import ProgrammeSpec


@lru_cache(maxsize=64)
def _parse(source: str, filename: str) -> ProgrammeSpec:
    """Versions never change, so each is parsed once per process, not once per row."""
    return load_programme(source, filename=filename)


class Programme(TimeStampedModel):
    """One service model a service runs. The service's current programme has `in_use`."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    key = models.CharField(max_length=60)
    name = models.CharField(max_length=200)
    template_key = models.CharField(max_length=60, blank=True, help_text="The template it began as")
    in_use = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="programme_key_unique"),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(in_use=True),
                name="one_programme_in_use",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def current_version(self) -> "ProgrammeVersion":
        return self.versions.order_by("-number").first()


class ProgrammeVersion(models.Model):
    """The definition as it stood: never changed once saved. An edit adds a new version."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    source = models.TextField(help_text="The YAML definition")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    change_note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["programme", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="programme_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.programme.name}, version {self.number}"

    @cached_property
    def spec(self) -> ProgrammeSpec:
        return _parse(self.source, f"version {self.number}")
