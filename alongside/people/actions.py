"""The base for every page that acts on a parent's record (people and sharing use it)."""

from django.http import Http404
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


class PartOfParentFormView(ParentFormView):
    """A form about one record that belongs to the parent (a child, a pregnancy): the parent
    loads through the policy, then the record must be theirs, or the page is not found. The
    record is `self.<part_name>` and in the page as `<part_name>`."""

    part_model = None
    part_name = ""

    def ready(self):
        part = self.part_model.objects.filter(
            parent=self.parent, pk=self.kwargs[f"{self.part_name}_pk"]
        ).first()
        if part is None:
            raise Http404("Page not found")
        setattr(self, self.part_name, part)
        return None

    def get_context_data(self) -> dict:
        return {"parent": self.parent, self.part_name: getattr(self, self.part_name)}


class VersionedEdit(PartOfParentFormView):
    """Change a record that carries a version (two people editing cannot overwrite each
    other): the form starts from `fields` and the version, and `update` saves it."""

    fields: tuple[str, ...] = ()
    update = None

    def get_initial(self) -> dict:
        part = getattr(self, self.part_name)
        return {**{f: getattr(part, f) for f in self.fields}, "version": part.version}

    def perform(self, form):
        part = getattr(self, self.part_name)
        return self.update(
            **{self.part_name: part},
            updated_by=self.request.user,
            details=form.cleaned_data,
            expected_version=form.cleaned_data["version"] or part.version,
        )
