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


def what_changes(current: ProgrammeSpec, chosen: ProgrammeSpec) -> list[str]:
    """In plain words, what switching the service from `current` to `chosen` changes. Work
    already started keeps the programme and version it started under."""
    changes = [f"New work runs {chosen.name} instead of {current.name}."]
    old = {p.key: p.name for p in current.pathways}
    new = {p.key: p.name for p in chosen.pathways}
    gone = [old[k] for k in old if k not in new]
    added = [new[k] for k in new if k not in old]
    if gone:
        changes.append("Pathways no longer offered to new work: " + ", ".join(gone) + ".")
    if added:
        changes.append("New pathways: " + ", ".join(added) + ".")
    if current.caseload.cap != chosen.caseload.cap:
        changes.append(
            f"Caseload cap per full-time worker: {chosen.caseload.cap:g} "
            f"(was {current.caseload.cap:g})."
        )
    if set(current.approvals) != set(chosen.approvals):
        wanted = ", ".join(a.replace("_", " ") for a in chosen.approvals) or "none"
        changes.append(f"Decisions that need a manager's sign-off: {wanted}.")
    if current.review_every_weeks != chosen.review_every_weeks:
        changes.append(
            f"Plans reviewed every {chosen.review_every_weeks} weeks "
            f"(was {current.review_every_weeks})."
        )
    changes.append("Work already started keeps the programme and version it started under.")
    return changes
