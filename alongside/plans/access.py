"""Finding the episode a plans or measures page is about, through the access policy: reading
needs sight of the parent; writing needs the right to record a contact on the episode."""

from django.http import Http404

from alongside.casework.models import Episode
from alongside.core.access import get_allowed, refuse
from alongside.policy import Action, can


def episode_to_view(request, pk: int) -> Episode:
    episode = Episode.objects.select_related("parent", "key_worker").filter(pk=pk).first()
    if episode is None:
        raise Http404("Page not found")
    if not can(request.user, Action.VIEW_PARENT, episode.parent):
        raise refuse(request, action=Action.VIEW_PARENT, obj=episode)
    return episode


def episode_to_write(request, pk: int) -> Episode:
    episode = get_allowed(request, Episode, pk, Action.RECORD_CONTACT)
    return Episode.objects.select_related("parent", "key_worker").get(pk=episode.pk)
