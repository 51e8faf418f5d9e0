"""The base for every page that acts on an episode (casework, plans and measures use it)."""

from django.db.models import QuerySet
from django.urls import reverse

from alongside.core.actions import RecordFormView

from .models import Episode


class EpisodeFormView(RecordFormView):
    """A form about one episode, loaded through the access policy as `self.object`. The page
    gets `episode` and `parent` for its banner; success returns to the parent's overview."""

    model = Episode
    # A page whose service takes the episode, the person (as `by`) and the form's fields just
    # names the service: `service = staticmethod(blocker_record)`.
    service = None
    by = "recorded_by"

    def get_queryset(self) -> QuerySet:
        return Episode.objects.select_related("parent", "key_worker", "programme_version")

    @property
    def episode(self) -> Episode:
        return self.object

    def get_context_data(self) -> dict:
        return {"episode": self.object, "parent": self.object.parent}

    def perform(self, form):
        return self.service(
            episode=self.episode, **{self.by: self.request.user}, **form.cleaned_data
        )

    def success_url(self, result) -> str:
        return reverse("people:overview", args=[self.object.parent_id])
