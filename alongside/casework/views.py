"""Home pages (caseloads), allocation, contacts and closure."""

from itertools import groupby

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from alongside.accounts.models import Role, User
from alongside.audit.reads import record_read
from alongside.core.access import signed_in
from alongside.core.choices import label_of
from alongside.core.dates import short_date
from alongside.core.links import link_for_each
from alongside.policy import Action
from alongside.referrals.selectors import referrals_awaiting_decision

from .actions import EpisodeFormView
from .approvals import decide_or_request
from .caseloads import episode_weight, weighted_loads
from .clocks import listed_clocks
from .forms import AllocationForm, ClosureForm, CoWorkerForm, WaitingOfferForm
from .models import Approval, ClosureReason
from .selectors import allocatable_workers, caseload_for, team_caseload_for
from .services import (
    OverCap,
    episode_add_co_worker,
    episode_allocate,
    episode_record_waiting_offer,
)
from .totals import service_totals


@signed_in
def home(request):
    """A practitioner's home is their caseload; a manager's is the team's."""
    role = request.user.role
    if role == Role.PARENT:
        return redirect("portal:plan")  # a parent's home is their own space
    if role in {Role.TEAM_MANAGER, Role.SERVICE_MANAGER}:
        return _team_home(request)
    if role == Role.PRACTITIONER:
        return _caseload_home(request)
    if role == Role.ANALYST:
        return render(
            request, "casework/home_analyst.html", {"totals": service_totals(request.user)}
        )
    if role == Role.ADMINISTRATOR:
        users = User.objects.filter(organisation_id=request.user.organisation_id).select_related(
            "team"
        )
        return render(request, "casework/home_administrator.html", {"users": users})
    return render(request, "casework/home_partner.html")


home.page = "Home: caseload"


def caseload_rows(episodes, user) -> list[dict]:
    """What each row of a caseload table (casework/caseload_table.html) shows, worked out in
    one pass: the template would work it out row by row, far more slowly."""
    today = timezone.localdate()
    overview = link_for_each("people:overview")
    rows = []
    for episode in episodes:
        key_worker = episode.key_worker.display_name if episode.key_worker else ""
        last = episode.last_contact_on
        rows.append(
            {
                "url": overview(episode.parent_id),
                "name": episode.parent.full_name,
                "co_working": ", ".join(
                    f"you, with {key_worker}" if co.worker_id == user.pk else co.worker.display_name
                    for co in episode.current_co_workers
                ),
                "status": label_of(episode, "status"),
                "since": short_date(episode.opened_on),
                "last_contact": short_date(last) if last else "None yet",
                "contacts": episode.contact_count,
                "clocks": listed_clocks(episode, today),
            }
        )
    return rows


def _caseload_home(request):
    episodes = list(caseload_for(request.user))
    record_read(parent_ids=[e.parent_id for e in episodes])
    return render(
        request,
        "casework/home_caseload.html",
        {"rows": caseload_rows(episodes, request.user)},
    )


def _team_home(request):
    # Read once: the waiting list and the 'needs attention' list use the same rows.
    caseload = team_caseload_for(request.user)
    episodes = list(caseload)
    waiting = [e for e in episodes if e.key_worker_id is None]
    allocated = [e for e in episodes if e.key_worker_id is not None]
    by_worker = [
        (worker, caseload_rows(group, request.user))
        for worker, group in groupby(
            sorted(allocated, key=lambda e: (e.key_worker.last_name, e.key_worker_id)),
            key=lambda e: e.key_worker,
        )
    ]
    referrals = list(referrals_awaiting_decision(request.user))
    record_read(parent_ids=[e.parent_id for e in episodes] + [r.parent_id for r in referrals])
    return render(
        request,
        "casework/home_team.html",
        {
            "by_worker": by_worker,
            "waiting": waiting,
            "referrals": referrals,
            "open_count": len(episodes),
            "team_caseload": caseload,
        },
    )


class Allocate(EpisodeFormView):
    action = Action.ALLOCATE
    page = "Allocate a key worker"
    form_class = AllocationForm
    template_name = "casework/allocate.html"
    error_field = "allocated_on"
    over_cap = None

    def get_form_kwargs(self) -> dict:
        self.workers = allocatable_workers(self.request.user, self.episode)
        self.loads = weighted_loads(self.episode.organisation_id, [w.pk for w in self.workers])
        return {"workers": self.workers, "loads": self.loads}

    def get_initial(self) -> dict:
        return {"worker": self.episode.key_worker_id}

    def perform(self, form):
        try:
            return episode_allocate(
                episode=self.episode,
                worker=form.cleaned_data["worker"],
                allocated_by=self.request.user,
                allocated_on=form.cleaned_data["allocated_on"],
                over_cap_reason=form.cleaned_data["over_cap_reason"],
            )
        except OverCap as warning:
            self.over_cap = warning.messages[0]
            raise OverCap.reason_needed() from warning

    def get_success_message(self, episode) -> str:
        return f"{episode.key_worker.display_name} is now the key worker"

    def get_context_data(self) -> dict:
        return {
            **super().get_context_data(),
            "over_cap": self.over_cap,
            "weight": episode_weight(self.episode),
            "loads": [(w, self.loads[w.pk]) for w in self.workers],
        }


class CoWorker(EpisodeFormView):
    action = Action.ALLOCATE
    page = "Add a co-worker"
    form_class = CoWorkerForm
    template_name = "casework/co_worker.html"
    error_field = "started_on"

    def get_form_kwargs(self) -> dict:
        workers = allocatable_workers(self.request.user, self.episode)
        return {"workers": workers.exclude(pk=self.episode.key_worker_id or 0)}

    def perform(self, form):
        return episode_add_co_worker(
            episode=self.episode,
            worker=form.cleaned_data["worker"],
            added_by=self.request.user,
            started_on=form.cleaned_data["started_on"],
        )

    def get_success_message(self, co) -> str:
        return f"{co.worker.display_name} is now co-working"


class Close(EpisodeFormView):
    action = Action.CLOSE_EPISODE
    page = "Close the work"
    form_class = ClosureForm
    template_name = "casework/close.html"
    error_field = "closed_on"
    drafts = True

    def get_form_kwargs(self) -> dict:
        return {"opened_on": self.episode.opened_on}

    def perform(self, form):
        data = form.cleaned_data
        return decide_or_request(
            episode=self.episode,
            kind=Approval.Kind.CLOSURE,
            summary=f"Close the work: {ClosureReason(data['reason']).label.lower()}",
            asked={
                "closed_on": data["closed_on"].isoformat(),
                "reason": data["reason"],
                "note": data["note"],
            },
            decided_by=self.request.user,
        )

    def get_success_message(self, result) -> str:
        if isinstance(result, Approval):
            return "Sent to a manager for approval"
        return "The work with this parent has been closed"


class WaitingOffer(EpisodeFormView):
    action = Action.ALLOCATE
    page = "Offer while waiting"
    form_class = WaitingOfferForm
    template_name = "casework/waiting_offer.html"
    success_message = "Offer while waiting recorded"

    def get_initial(self) -> dict:
        return {"offer": self.episode.waiting_offer, "offered_on": self.episode.waiting_offer_on}

    def perform(self, form):
        return episode_record_waiting_offer(
            episode=self.episode,
            offer=form.cleaned_data["offer"],
            offered_on=form.cleaned_data["offered_on"],
            recorded_by=self.request.user,
        )

    def success_url(self, result) -> str:
        return reverse("home")
