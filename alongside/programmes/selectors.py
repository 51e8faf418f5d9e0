"""Reads for the programme pages, always through the access policy."""

from django.db.models import QuerySet
from django.utils import timezone

from alongside.casework.models import Episode
from alongside.policy import Action, can

from .clocks import clocks_for
from .endings import taper_progress
from .models import Approval, Blocker, PhaseChange, Programme


def programme_in_use(organisation_id: int) -> Programme | None:
    return Programme.objects.filter(organisation_id=organisation_id, in_use=True).first()


def path_for(user, episode: Episode) -> dict | None:
    """Where the parent is on the programme, how they got there, and what holds them up."""
    if episode is None or not can(user, Action.VIEW_PARENT, episode.parent):
        return None
    version = episode.programme_version
    spec = version.spec if version else None
    pathway = spec.pathway(episode.pathway) if spec and episode.pathway else None
    return {
        "episode": episode,
        "version": version,
        "programme": programme_in_use(episode.organisation_id) if version is None else None,
        "pathway": pathway,
        "phase": pathway.phase(episode.phase) if pathway else None,
        "history": list(
            PhaseChange.objects.filter(episode=episode)
            .select_related("decided_by", "programme_version__programme")
            .order_by("-changed_on", "-pk")
        ),
        "blockers": list(blockers_for(episode)),
        "approvals": list(
            Approval.objects.filter(episode=episode).select_related("requested_by", "decided_by")[
                :5
            ]
        ),
        "clocks": clocks_for(episode, timezone.localdate()),
        "can_change": episode.is_open and can(user, Action.RECORD_CONTACT, episode),
        "can_approve": can(user, Action.APPROVE_DECISION, episode),
        "taper": taper_progress(episode, timezone.localdate()),
    }


def blockers_for(episode: Episode) -> QuerySet[Blocker]:
    return Blocker.objects.filter(episode=episode).select_related("recorded_by")
