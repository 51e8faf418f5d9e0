"""A parent's pathway and phases, and the blockers that hold them up."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from alongside.casework.models import Episode
from alongside.core.access import get_allowed, requires
from alongside.core.viewing import audit_page_view
from alongside.policy import Action

from .approvals import approval_approve, approval_request, approval_return, needs_approval
from .endings import door_open_contact_record, episode_reopen, taper_plan_set
from .forms import (
    ApprovalForm,
    BlockerEndForm,
    BlockerForm,
    ChooseTemplateForm,
    DoorOpenForm,
    EditProgrammeForm,
    PathwayForm,
    PhaseForm,
    ProceedingsForm,
    ReopenForm,
    TaperForm,
)
from .loader import load_file, shipped_templates
from .models import Approval, Blocker
from .selectors import blockers_for, programme_in_use
from .services import (
    blocker_end,
    blocker_record,
    episode_change_phase,
    episode_set_pathway,
    proceedings_record,
    programme_adopt,
    programme_revise,
)


def _spec_for(episode: Episode):
    if episode.programme_version is not None:
        return episode.programme_version.spec
    programme = programme_in_use(episode.organisation_id)
    if programme is None:
        raise Http404("Page not found")
    return programme.current_version().spec


@requires(Action.RECORD_CONTACT)
@require_http_methods(["GET", "POST"])
def pathway(request, pk: int):
    episode = get_allowed(request, Episode, pk, Action.RECORD_CONTACT)
    spec = _spec_for(episode)
    data = request.POST if request.method == "POST" else None
    form = PathwayForm(data, spec=spec, current=episode.pathway)
    if request.method == "POST" and form.is_valid():
        try:
            change = episode_set_pathway(
                episode=episode,
                pathway=form.cleaned_data["pathway"],
                decided_by=request.user,
                on=form.cleaned_data["on"],
                note=form.cleaned_data["note"],
            )
            messages.success(request, f"{change.pathway_name}, {change.phase_name.lower()}")
            return redirect("people:overview", pk=episode.parent_id)
        except ValidationError as error:
            form.add_error("on", error)
    audit_page_view(request, description="Choose a pathway", obj=episode)
    return render(
        request,
        "programmes/pathway.html",
        {"episode": episode, "parent": episode.parent, "form": form, "spec": spec},
    )


@requires(Action.RECORD_CONTACT)
@require_http_methods(["GET", "POST"])
def phase(request, pk: int):
    episode = get_allowed(request, Episode, pk, Action.RECORD_CONTACT)
    if episode.programme_version is None or not episode.pathway:
        return redirect("programmes:pathway", pk=episode.pk)
    pathway_ = episode.programme_version.spec.pathway(episode.pathway)
    data = request.POST if request.method == "POST" else None
    form = PhaseForm(data, pathway=pathway_, current=episode.phase)
    if (
        request.method == "POST"
        and form.is_valid()
        and needs_approval(episode, "phase_change", request.user)
    ):
        data = form.cleaned_data
        try:
            approval_request(
                episode=episode,
                kind="phase_change",
                summary=f"Move to {pathway_.phase(data['phase']).name.lower()}",
                asked={
                    "phase": data["phase"],
                    "decision": data.get("decision", ""),
                    "on": data["on"].isoformat(),
                    "note": data["note"],
                },
                requested_by=request.user,
            )
            messages.success(request, "Sent to a manager for approval")
            return redirect("people:overview", pk=episode.parent_id)
        except ValidationError as error:
            form.add_error("on", error)
    elif request.method == "POST" and form.is_valid():
        try:
            change = episode_change_phase(
                episode=episode,
                phase=form.cleaned_data["phase"],
                decision=form.cleaned_data.get("decision", ""),
                decided_by=request.user,
                on=form.cleaned_data["on"],
                note=form.cleaned_data["note"],
            )
            messages.success(request, f"Moved to {change.phase_name.lower()}")
            return redirect("people:overview", pk=episode.parent_id)
        except ValidationError as error:
            form.add_error("on", error)
    audit_page_view(request, description="Change phase", obj=episode)
    return render(
        request,
        "programmes/phase.html",
        {
            "episode": episode,
            "parent": episode.parent,
            "form": form,
            "pathway": pathway_,
            "current": pathway_.phase(episode.phase),
            "open_blockers": [b for b in blockers_for(episode) if b.is_open],
        },
    )


@requires(Action.RECORD_CONTACT)
@require_http_methods(["GET", "POST"])
def blocker_new(request, pk: int):
    episode = get_allowed(request, Episode, pk, Action.RECORD_CONTACT)
    form = BlockerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            blocker_record(episode=episode, recorded_by=request.user, **form.cleaned_data)
            messages.success(request, "Blocker recorded")
            return redirect("people:overview", pk=episode.parent_id)
        except ValidationError as error:
            form.add_error("started_on", error)
    audit_page_view(request, description="Record a blocker", obj=episode)
    return render(
        request,
        "programmes/blocker_new.html",
        {"episode": episode, "parent": episode.parent, "form": form},
    )


@requires(Action.RECORD_CONTACT)
@require_http_methods(["GET", "POST"])
def blocker_end_view(request, pk: int, blocker_pk: int):
    episode = get_allowed(request, Episode, pk, Action.RECORD_CONTACT)
    blocker = Blocker.objects.filter(pk=blocker_pk, episode=episode, ended_on__isnull=True).first()
    if blocker is None:
        raise Http404("Page not found")
    form = BlockerEndForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            blocker_end(
                blocker=blocker, ended_on=form.cleaned_data["ended_on"], ended_by=request.user
            )
            messages.success(request, "Blocker ended")
            return redirect("people:overview", pk=episode.parent_id)
        except ValidationError as error:
            form.add_error("ended_on", error)
    audit_page_view(request, description="End a blocker", obj=episode)
    return render(
        request,
        "programmes/blocker_end.html",
        {"episode": episode, "parent": episode.parent, "form": form, "blocker": blocker},
    )


@requires(Action.RECORD_CONTACT)
@require_http_methods(["GET", "POST"])
def proceedings_new(request, pk: int):
    episode = get_allowed(request, Episode, pk, Action.RECORD_CONTACT)
    form = ProceedingsForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            proceedings_record(episode=episode, recorded_by=request.user, **form.cleaned_data)
            messages.success(request, "Proceedings recorded")
            return redirect("people:overview", pk=episode.parent_id)
        except ValidationError as error:
            form.add_error("final_hearing_on", error)
    audit_page_view(request, description="Record proceedings", obj=episode)
    return render(
        request,
        "programmes/proceedings_new.html",
        {"episode": episode, "parent": episode.parent, "form": form},
    )


@requires(Action.APPROVE_DECISION)
@require_http_methods(["GET", "POST"])
def approval(request, pk: int):
    """A manager approves a held decision (it is applied) or returns it with comments."""
    held = Approval.objects.filter(pk=pk).select_related("requested_by").first()
    if held is None:
        raise Http404("Page not found")
    episode = get_allowed(request, Episode, held.episode_id, Action.APPROVE_DECISION)
    if held.status != Approval.Status.AWAITING:
        raise Http404("Page not found")
    form = ApprovalForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["outcome"] == "approve":
                approval_approve(
                    approval=held, decided_by=request.user, comments=form.cleaned_data["comments"]
                )
                messages.success(request, f"Approved: {held.summary.lower()}")
            else:
                approval_return(
                    approval=held, decided_by=request.user, comments=form.cleaned_data["comments"]
                )
                messages.success(request, "Returned with your comments")
            return redirect("people:overview", pk=episode.parent_id)
        except ValidationError as error:
            form.add_error("outcome", error)
    audit_page_view(request, description="Approve a decision", obj=episode)
    return render(
        request,
        "programmes/approval.html",
        {"episode": episode, "parent": episode.parent, "form": form, "held": held},
    )


@requires(Action.RECORD_CONTACT)
@require_http_methods(["GET", "POST"])
def taper(request, pk: int):
    episode = get_allowed(request, Episode, pk, Action.RECORD_CONTACT)
    form = TaperForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            taper_plan_set(
                episode=episode, steps=form.cleaned_data["steps"], recorded_by=request.user
            )
            messages.success(request, "Tapered ending planned")
            return redirect("people:overview", pk=episode.parent_id)
        except ValidationError as error:
            form.add_error("starts_on_1", error)
    audit_page_view(request, description="Plan a tapered ending", obj=episode)
    return render(
        request,
        "programmes/taper.html",
        {"episode": episode, "parent": episode.parent, "form": form},
    )


@requires(Action.RECORD_DOOR_OPEN_CONTACT)
@require_http_methods(["GET", "POST"])
def door_open(request, pk: int):
    episode = get_allowed(request, Episode, pk, Action.RECORD_DOOR_OPEN_CONTACT)
    form = DoorOpenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            door_open_contact_record(episode=episode, recorded_by=request.user, **form.cleaned_data)
            messages.success(request, "Door open contact recorded. The work stays closed")
            return redirect("people:overview", pk=episode.parent_id)
        except ValidationError as error:
            form.add_error("happened_on", error)
    audit_page_view(request, description="Record a door open contact", obj=episode)
    return render(
        request,
        "programmes/door_open.html",
        {"episode": episode, "parent": episode.parent, "form": form},
    )


@requires(Action.DECIDE_REFERRAL)
@require_http_methods(["GET", "POST"])
def reopen(request, pk: int):
    episode = get_allowed(request, Episode, pk, Action.DECIDE_REFERRAL)
    form = ReopenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            episode_reopen(episode=episode, reopened_by=request.user, **form.cleaned_data)
            messages.success(request, "The work has started again, waiting for a key worker")
            return redirect("people:overview", pk=episode.parent_id)
        except ValidationError as error:
            form.add_error("on", error)
    audit_page_view(request, description="Start work again", obj=episode)
    return render(
        request,
        "programmes/reopen.html",
        {"episode": episode, "parent": episode.parent, "form": form},
    )


@requires(Action.MANAGE_PROGRAMME)
@require_http_methods(["GET", "POST"])
def programme_settings(request):
    """The service manager chooses which programme (template) the service runs."""
    organisation = request.user.organisation
    current = programme_in_use(organisation.pk)
    templates = [(key, load_file(path).name) for key, path in shipped_templates().items()]
    form = ChooseTemplateForm(
        request.POST if request.method == "POST" else None,
        templates=templates,
        initial={"template": current.template_key if current else None},
    )
    if request.method == "POST" and form.is_valid():
        try:
            programme = programme_adopt(
                organisation=organisation,
                template_key=form.cleaned_data["template"],
                adopted_by=request.user,
            )
            messages.success(request, f"The service now runs {programme.name}")
            return redirect("programmes:settings")
        except ValidationError as error:
            form.add_error("template", error)
    return render(
        request,
        "programmes/settings.html",
        {
            "form": form,
            "current": current,
            "version": current.current_version() if current else None,
            "versions": list(current.versions.select_related("created_by")) if current else [],
        },
    )


@requires(Action.MANAGE_PROGRAMME)
@require_http_methods(["GET", "POST"])
def programme_edit(request):
    """Edit the definition. Saved as a new version, or refused whole with every error listed."""
    current = programme_in_use(request.user.organisation_id)
    if current is None:
        return redirect("programmes:settings")
    version = current.current_version()
    form = EditProgrammeForm(
        request.POST if request.method == "POST" else None, initial={"source": version.source}
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = programme_revise(
                programme=current,
                source=form.cleaned_data["source"],
                revised_by=request.user,
                note=form.cleaned_data["note"],
            )
            messages.success(request, f"Saved as version {saved.number}")
            return redirect("programmes:settings")
        except ValidationError as error:
            for message in error.messages:
                form.add_error("source", message)
    return render(
        request,
        "programmes/edit.html",
        {"form": form, "current": current, "version": version},
    )
