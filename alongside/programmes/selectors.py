"""Reads of a service's programme, and the definition an episode runs under."""

from .models import Programme
from .schema import ProgrammeSpec


def programme_in_use(organisation_id: int) -> Programme | None:
    return Programme.objects.filter(organisation_id=organisation_id, in_use=True).first()


def spec_for(episode) -> ProgrammeSpec | None:
    """The definition an episode runs under: the version it started on, or, before it has
    started on a pathway, the current version of the service's programme (None if it has none)."""
    if episode.programme_version is not None:
        return episode.programme_version.spec
    programme = programme_in_use(episode.organisation_id)
    version = programme.current_version() if programme else None
    return version.spec if version else None
