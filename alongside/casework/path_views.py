"""A parent's pathway and phases, blockers, proceedings, approvals and endings."""

from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse

from alongside.core.actions import EndsAnOpenRecord
from alongside.policy import Action
from alongside.programmes.selectors import spec_for

from .actions import EpisodeFormView
from .approvals import approval_approve, approval_return, decide_or_request
from .endings import door_open_contact_record, episode_reopen, taper_plan_set
from .models import Approval, Blocker, Episode
from .path_forms import (
    ApprovalForm,
    BlockerEndForm,
    BlockerForm,
    DoorOpenForm,
    PathwayForm,
    PhaseForm,
    ProceedingsForm,
    ReopenForm,
    TaperForm,
)
from .pathway import blocker_end, blocker_record, episode_set_pathway, proceedings_record
from .selectors import blockers_for


class Pathway(EpisodeFormView):
    action = Action.UPDATE_EPISODE
    page = "Choose a pathway"
    form_class = PathwayForm
    template_name = "casework/pathway.html"
    error_field = "on"

    def ready(self):
        self.spec = spec_for(self.episode)
        if self.spec is None:
            raise Http404("Page not found")

    def get_form_kwargs(self) -> dict:
        return {"spec": self.spec, "current": self.episode.pathway}

    def get_context_data(self) -> dict:
        return {**super().get_context_data(), "spec": self.spec}

    def perform(self, form):
        return episode_set_pathway(
            episode=self.episode,
            pathway=form.cleaned_data["pathway"],
            decided_by=self.request.user,
            on=form.cleaned_data["on"],
            note=form.cleaned_data["note"],
        )

    def get_success_message(self, change) -> str:
        return f"{change.pathway_name}, {change.phase_name.lower()}"


class Phase(EpisodeFormView):
    action = Action.UPDATE_EPISODE
    page = "Change phase"
    form_class = PhaseForm
    template_name = "casework/phase.html"
    error_field = "on"

    def ready(self):
        if self.episode.programme_version is None or not self.episode.pathway:
            return redirect("casework:pathway", pk=self.episode.pk)
        self.pathway = self.episode.programme_version.spec.pathway(self.episode.pathway)
        return None

    def get_form_kwargs(self) -> dict:
        return {"pathway": self.pathway, "current": self.episode.phase}

    def get_context_data(self) -> dict:
        return {
            **super().get_context_data(),
            "pathway": self.pathway,
            "current": self.pathway.phase(self.episode.phase),
            "open_blockers": [b for b in blockers_for(self.episode) if b.is_open],
        }

    def perform(self, form):
        data = form.cleaned_data
        return decide_or_request(
            episode=self.episode,
            kind=Approval.Kind.PHASE_CHANGE,
            summary=f"Move to {self.pathway.phase(data['phase']).name.lower()}",
            asked={
                "phase": data["phase"],
                "decision": data.get("decision", ""),
                "on": data["on"].isoformat(),
                "note": data["note"],
            },
            decided_by=self.request.user,
        )

    def get_success_message(self, result) -> str:
        if isinstance(result, Approval):
            return "Sent to a manager for approval"
        return f"Moved to {result.phase_name.lower()}"


class BlockerNew(EpisodeFormView):
    action = Action.UPDATE_EPISODE
    page = "Record a blocker"
    form_class = BlockerForm
    template_name = "casework/blocker_new.html"
    error_field = "started_on"
    success_message = "Blocker recorded"
    service = staticmethod(blocker_record)

    def get_form_kwargs(self) -> dict:
        return {"episode": self.episode}


class BlockerEnd(EndsAnOpenRecord, EpisodeFormView):
    action = Action.UPDATE_EPISODE
    page = "End a blocker"
    form_class = BlockerEndForm
    template_name = "casework/blocker_end.html"
    error_field = "ended_on"
    success_message = "Blocker ended"
    part_model, part_name, part_kwarg, part_owner = Blocker, "blocker", "blocker_pk", "episode"
    end = staticmethod(blocker_end)


class ProceedingsNew(EpisodeFormView):
    action = Action.UPDATE_EPISODE
    page = "Record proceedings"
    form_class = ProceedingsForm
    template_name = "casework/proceedings_new.html"
    error_field = "final_hearing_on"
    success_message = "Proceedings recorded"
    service = staticmethod(proceedings_record)


class Taper(EpisodeFormView):
    action = Action.UPDATE_EPISODE
    page = "Plan a tapered ending"
    form_class = TaperForm
    template_name = "casework/taper.html"
    error_field = "starts_on_1"
    success_message = "Tapered ending planned"

    def perform(self, form):
        return taper_plan_set(
            episode=self.episode, steps=form.cleaned_data["steps"], recorded_by=self.request.user
        )


class DoorOpen(EpisodeFormView):
    action = Action.RECORD_DOOR_OPEN_CONTACT
    page = "Record a door open contact"
    form_class = DoorOpenForm
    template_name = "casework/door_open.html"
    error_field = "happened_on"
    success_message = "Door open contact recorded. The work stays closed"
    service = staticmethod(door_open_contact_record)


class Reopen(EpisodeFormView):
    action = Action.DECIDE_REFERRAL
    page = "Start work again"
    form_class = ReopenForm
    template_name = "casework/reopen.html"
    error_field = "on"
    success_message = "The work has started again, waiting for a key worker"
    service = staticmethod(episode_reopen)
    by = "reopened_by"


class Decide(EpisodeFormView):
    """A manager approves a held decision (it is applied) or returns it with comments."""

    action = Action.APPROVE_DECISION
    page = "Approve a decision"
    form_class = ApprovalForm
    template_name = "casework/approval.html"
    error_field = "outcome"

    def load(self) -> Episode:
        self.held = (
            Approval.objects.filter(pk=self.kwargs["pk"], status=Approval.Status.AWAITING)
            .select_related("requested_by")
            .first()
        )
        if self.held is None:
            raise Http404("Page not found")
        return super().load_pk(self.held.episode_id)

    def get_context_data(self) -> dict:
        return {**super().get_context_data(), "held": self.held}

    def perform(self, form):
        decide = approval_approve if form.cleaned_data["outcome"] == "approve" else approval_return
        return decide(
            approval=self.held,
            decided_by=self.request.user,
            comments=form.cleaned_data["comments"],
        )

    def get_success_message(self, approval) -> str:
        if approval.status == Approval.Status.APPROVED:
            return f"Approved: {approval.summary.lower()}"
        return "Returned with your comments"

    def success_url(self, result) -> str:
        return reverse("people:overview", args=[self.episode.parent_id])
