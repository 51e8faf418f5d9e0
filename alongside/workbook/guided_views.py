"""Turning an item of the programme's guided list into a task someone owns, in one press."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

from alongside.core.access import refuse
from alongside.people.actions import ParentFormView
from alongside.policy import Action, can

from .forms import UserChoiceField
from .selectors import possible_members
from .services import guided_task_take


class GuidedTaskForm(forms.Form):
    key = forms.CharField(max_length=120)
    owner = UserChoiceField(
        label="Who will do it",
        queryset=None,
        error_messages={
            "required": "Choose who will do it",
            "invalid_choice": "Choose someone from the list",
        },
    )

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = users


class GuidedTaskTake(ParentFormView):
    """What the programme says is due is the service's own record: only those who may open
    the parent's record see the guided list and make tasks from it."""

    action = Action.ADD_TO_WORKBOOK
    page = "Make a task from what the programme says is due"
    form_class = GuidedTaskForm
    template_name = "workbook/team.html"
    http_method_names = ["post"]

    def ready(self):
        if not can(self.request.user, Action.VIEW_PARENT, self.parent):
            raise refuse(self.request, action=Action.VIEW_PARENT, obj=self.parent)
        return None

    def get_form_kwargs(self) -> dict:
        return {"users": possible_members(self.parent)}

    def perform(self, form):
        return guided_task_take(
            parent=self.parent,
            key=form.cleaned_data["key"],
            owner=form.cleaned_data["owner"],
            added_by=self.request.user,
        )

    def show(self, form):
        errors = [e for field_errors in form.errors.values() for e in field_errors]
        messages.error(self.request, errors[0] if errors else "That could not be made a task.")
        return redirect(reverse("workbook:team", args=[self.parent.pk]) + "#guided")

    def get_success_message(self, task) -> str:
        return (
            f"Task added for {task.owner.display_name}, due {task.due_on.day} {task.due_on:%B %Y}"
        )

    def success_url(self, task) -> str:
        return reverse("workbook:team", args=[self.parent.pk]) + "#guided"
