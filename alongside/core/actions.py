"""One way to write a page that acts on a record: load it through the policy, bind the form,
call the service, show a refusal where the person will see it, then say what happened.

A page is a subclass naming its record model, action, form, template and service call
(`perform`). Loading (through `get_allowed`) audits the read and refuses anything out of scope;
the service writes and audits the change. Drafts, edit conflicts and error placement are
handled here once, so each page is only what is particular to it.
"""

from typing import Any, ClassVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views import View

from alongside.policy import Action

from .access import get_allowed
from .concurrency import CONFLICT_MESSAGE, EditConflict
from .drafts import draft_clear, draft_initial, draft_offer


def show_errors(form: forms.Form, error: ValidationError, field: str | None = None) -> None:
    """Put a service's refusal on the form: on its own fields when it names them, otherwise on
    `field` (or at the top of the form)."""
    if hasattr(error, "error_dict"):
        for name, texts in error.message_dict.items():
            form.add_error(name if name in form.fields else None, texts)
    else:
        form.add_error(field if field in form.fields else None, error)


class RecordFormView(View):
    model: ClassVar[type[Model]]
    action: ClassVar[Action]
    form_class: ClassVar[type[forms.Form]]
    template_name: ClassVar[str]
    # What the page is, in the audit trail.
    page: ClassVar[str]
    success_message: ClassVar[str] = ""
    # Where a refusal from the service is shown when it names no field.
    error_field: ClassVar[str | None] = None
    # Offer and keep drafts (autosaved text) for this page.
    drafts: ClassVar[bool] = False
    http_method_names: ClassVar[list[str]] = ["get", "post"]

    @classmethod
    def as_view(cls, **initkwargs):
        view = super().as_view(**initkwargs)
        view.access = (cls.action,)
        view.page = cls.page
        return view

    # -- what a page may change -------------------------------------------------------------

    def get_queryset(self) -> QuerySet:
        return self.model._default_manager.all()

    def load(self) -> Model:
        return self.load_pk(self.kwargs["pk"])

    def load_pk(self, pk) -> Model:
        return get_allowed(self.request, self.get_queryset(), pk, self.action)

    def ready(self) -> HttpResponse | None:
        """After loading: a response to send instead of the form (a redirect, say), or None."""
        return None

    def get_form_kwargs(self) -> dict:
        return {}

    def get_initial(self) -> dict | None:
        return None

    def get_context_data(self) -> dict:
        return {}

    def is_valid(self, form: forms.Form) -> bool:
        return form.is_valid()

    def perform(self, form: forms.Form) -> Any:
        raise NotImplementedError

    def success_url(self, result: Any) -> str:
        raise NotImplementedError

    def get_success_message(self, result: Any) -> str:
        return self.success_message

    def conflict_form(self, conflict: EditConflict) -> forms.Form:
        """Someone else saved first: keep what was typed, at the current version, and say so.
        Sending again is then a choice."""
        data = self.request.POST.copy()
        data["version"] = conflict.current_version
        form = self.form_class(data, initial=self.get_initial(), **self.get_form_kwargs())
        form.is_valid()
        form.add_error(None, CONFLICT_MESSAGE)
        return form

    # -- the one shape ------------------------------------------------------------------------

    def get_form(self) -> forms.Form:
        data = self.request.POST if self.request.method == "POST" else None
        initial = None
        if self.drafts:
            initial = draft_initial(self.request, self.form_class, **self.get_form_kwargs())
        return self.form_class(
            data, initial=initial or self.get_initial(), **self.get_form_kwargs()
        )

    def get(self, request, *args, **kwargs):
        self.object = self.load()
        early = self.ready()
        if early is not None:
            return early
        return self.show(self.get_form())

    def post(self, request, *args, **kwargs):
        self.object = self.load()
        early = self.ready()
        if early is not None:
            return early
        form = self.get_form()
        if not self.is_valid(form):
            return self.show(form)
        try:
            result = self.perform(form)
        except EditConflict as conflict:
            return self.show(self.conflict_form(conflict))
        except ValidationError as error:
            show_errors(form, error, self.error_field)
            return self.show(form)
        if self.drafts:
            draft_clear(request)
        message = self.get_success_message(result)
        if message:
            messages.success(request, message)
        return redirect(self.success_url(result))

    def show(self, form: forms.Form) -> HttpResponse:
        context = {"form": form, **self.get_context_data()}
        if self.drafts:
            context["draft"] = draft_offer(self.request)
        return render(self.request, self.template_name, context)


class EndsAnOpenRecord:
    """Mixed into a page about one record (`self.object`) to end a still-open record that
    belongs to it: a blocker of an episode, a parent's peer mentor role. The open record is
    `self.<part_name>` and in the page as `<part_name>`; ended or not theirs, the page is not
    found. `end` is the service, called with the record, `ended_on` and `ended_by`."""

    part_model = None
    part_name = ""
    part_kwarg = ""
    part_owner = ""
    end = None

    def ready(self):
        part = self.part_model.objects.filter(
            pk=self.kwargs[self.part_kwarg], ended_on__isnull=True, **{self.part_owner: self.object}
        ).first()
        if part is None:
            raise Http404("Page not found")
        setattr(self, self.part_name, part)
        return None

    def get_context_data(self) -> dict:
        return {**super().get_context_data(), self.part_name: getattr(self, self.part_name)}

    def perform(self, form):
        return self.end(
            **{self.part_name: getattr(self, self.part_name)},
            ended_on=form.cleaned_data["ended_on"],
            ended_by=self.request.user,
        )
