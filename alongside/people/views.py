"""A parent's overview, their details and their children."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from alongside.casework.selectors import parent_for, timeline_for
from alongside.core.access import refuse, requires
from alongside.core.concurrency import CONFLICT_MESSAGE, EditConflict
from alongside.core.drafts import draft_clear, draft_initial, draft_offer
from alongside.core.viewing import audit_page_view
from alongside.policy import Action, can

from .forms import ChildForm, ParentDetailsForm
from .models import Parent
from .services import child_add, parent_update


def _parent_or_404(request, pk: int, action: Action = Action.VIEW_PARENT) -> Parent:
    parent = parent_for(request.user, pk)
    if parent is None:
        exists = Parent.objects.filter(pk=pk).exists()
        if exists:
            raise refuse(request, action=action, parent_id=pk)
        raise Http404("Page not found")
    return parent


@requires(Action.VIEW_PARENT)
def parent_overview(request, pk: int):
    parent = _parent_or_404(request, pk)
    episodes = list(parent.episodes.all())
    current = next((e for e in episodes if e.is_open), None)
    # Ended work: a 'door open' contact without reopening it, or starting work again.
    ended = episodes[0] if episodes and current is None and not episodes[0].is_open else None
    audit_page_view(request, description="Parent overview", obj=parent)
    return render(
        request,
        "people/parent_overview.html",
        {
            "parent": parent,
            "episodes": episodes,
            "current": current,
            "timeline": timeline_for(parent),
            "can_record_contact": current is not None
            and can(request.user, Action.RECORD_CONTACT, current),
            "can_allocate": current is not None and can(request.user, Action.ALLOCATE, current),
            "can_close": current is not None and can(request.user, Action.CLOSE_EPISODE, current),
            "can_edit": can(request.user, Action.EDIT_PARENT, parent),
            "ended": ended,
            "can_door_open": ended is not None
            and can(request.user, Action.RECORD_DOOR_OPEN_CONTACT, ended),
            "can_reopen": ended is not None and can(request.user, Action.DECIDE_REFERRAL, ended),
        },
    )


def _details_initial(parent: Parent) -> dict:
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
        "version": parent.version,
    }


@requires(Action.EDIT_PARENT)
@require_http_methods(["GET", "POST"])
def parent_edit(request, pk: int):
    parent = _parent_or_404(request, pk, Action.EDIT_PARENT)
    data = request.POST if request.method == "POST" else None
    initial = draft_initial(request, ParentDetailsForm) or _details_initial(parent)
    form = ParentDetailsForm(data, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            parent_update(
                parent=parent,
                updated_by=request.user,
                details=form.cleaned_data,
                expected_version=form.cleaned_data["version"] or parent.version,
                reason=form.cleaned_data["change_reason"],
            )
        except EditConflict as conflict:
            # Keep what they typed; sending again (now at the current version) is a choice.
            data = request.POST.copy()
            data["version"] = conflict.current_version
            form = ParentDetailsForm(data, initial=_details_initial(parent))
            form.is_valid()
            form.add_error(None, CONFLICT_MESSAGE)
        else:
            draft_clear(request)
            messages.success(request, "Details saved")
            return redirect("people:overview", pk=parent.pk)
    audit_page_view(request, description="Edit parent's details", obj=parent)
    return render(
        request,
        "people/parent_edit.html",
        {"parent": parent, "form": form, "draft": draft_offer(request)},
    )


@requires(Action.EDIT_PARENT)
@require_http_methods(["GET", "POST"])
def child_new(request, pk: int):
    parent = _parent_or_404(request, pk, Action.EDIT_PARENT)
    data = request.POST if request.method == "POST" else None
    form = ChildForm(data, initial=draft_initial(request, ChildForm))
    if request.method == "POST" and form.is_valid():
        child_add(parent=parent, added_by=request.user, details=form.cleaned_data)
        draft_clear(request)
        messages.success(request, "Child added")
        return redirect("people:overview", pk=parent.pk)
    audit_page_view(request, description="Add a child", obj=parent)
    return render(
        request,
        "people/child_new.html",
        {"parent": parent, "form": form, "draft": draft_offer(request)},
    )
