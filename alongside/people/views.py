"""A parent's overview, their details and their children."""

import json

from django.shortcuts import render

from alongside.casework.selectors import parent_for, timeline_for
from alongside.core.access import get_allowed, requires
from alongside.policy import Action, can

from .actions import ParentFormView
from .forms import ChildForm, ParentDetailsForm
from .models import Parent
from .services import child_add, parent_update


@requires(Action.VIEW_PARENT, page="Parent overview")
def parent_overview(request, pk: int):
    parent = parent_for(request, pk)
    episodes = list(parent.episodes.all())
    current = next((e for e in episodes if e.is_open), None)
    # Ended work: a 'door open' contact without reopening it, or starting work again.
    ended = episodes[0] if episodes and current is None and not episodes[0].is_open else None
    user = request.user
    return render(
        request,
        "people/parent_overview.html",
        {
            "parent": parent,
            "episodes": episodes,
            "current": current,
            "timeline": timeline_for(parent),
            "can_record_contact": current is not None and can(user, Action.RECORD_CONTACT, current),
            "can_allocate": current is not None and can(user, Action.ALLOCATE, current),
            "can_close": current is not None and can(user, Action.CLOSE_EPISODE, current),
            "can_edit": can(user, Action.EDIT_PARENT, parent),
            "ended": ended,
            "can_door_open": ended is not None
            and can(user, Action.RECORD_DOOR_OPEN_CONTACT, ended),
            "can_reopen": ended is not None and can(user, Action.DECIDE_REFERRAL, ended),
        },
    )


class ParentEdit(ParentFormView):
    page = "Edit parent's details"
    form_class = ParentDetailsForm
    template_name = "people/parent_edit.html"
    drafts = True
    success_message = "Details saved"

    def get_initial(self) -> dict:
        parent = self.parent
        return {
            "given_name": parent.given_name,
            "family_name": parent.family_name,
            "preferred_name": parent.preferred_name,
            "previous_names": "\n".join(n.name for n in parent.previous_names.all()),
            "date_of_birth": parent.date_of_birth,
            "nhs_number": parent.nhs_number_display,
            "phone": parent.phone,
            "email": parent.email,
            "address": parent.address,
            "postcode": parent.postcode,
            "ethnicity": parent.ethnicity,
            "care_experienced": parent.care_experienced,
            "learning_disability": parent.learning_disability,
            "substance_misuse": parent.substance_misuse,
            "version": parent.version,
        }

    def perform(self, form):
        return parent_update(
            parent=self.parent,
            updated_by=self.request.user,
            details=form.cleaned_data,
            expected_version=form.cleaned_data["version"] or self.parent.version,
            reason=form.cleaned_data["change_reason"],
        )


class ChildNew(ParentFormView):
    page = "Add a child"
    form_class = ChildForm
    template_name = "people/child_new.html"
    drafts = True
    success_message = "Child added"

    def perform(self, form):
        return child_add(parent=self.parent, added_by=self.request.user, details=form.cleaned_data)


@requires(Action.VIEW_PARENT, page="History of changes to details")
def changes(request, pk: int):
    parent = get_allowed(request, Parent, pk, Action.VIEW_PARENT)
    history = [
        (c, json.loads(c.before), json.loads(c.after))
        for c in parent.changes.select_related("changed_by")
    ]
    return render(request, "people/changes.html", {"parent": parent, "history": history})
