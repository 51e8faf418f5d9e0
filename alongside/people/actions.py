"""The base for every page that acts on a parent's record (people and sharing use it)."""

from django.urls import reverse

from alongside.core.actions import RecordFormView
from alongside.policy import Action

from .models import Parent


class ParentFormView(RecordFormView):
    """A form about one parent, loaded through the access policy as `self.object`."""

    model = Parent
    action = Action.EDIT_PARENT

    @property
    def parent(self) -> Parent:
        return self.object

    def get_context_data(self) -> dict:
        return {"parent": self.object}

    def success_url(self, result) -> str:
        return reverse("people:overview", args=[self.object.pk])
