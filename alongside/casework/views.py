"""Home pages (caseloads), allocation, contacts and closure."""

from itertools import groupby

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from alongside.accounts.models import Role, User
from alongside.core.access import get_allowed, requires, signed_in
from alongside.core.drafts import draft_clear, draft_initial, draft_offer
from alongside.core.viewing import audit_page_view
from alongside.plans.contact_extras import ContactExtras
from alongside.policy import Action
from alongside.referrals.selectors import referrals_awaiting_decision

from .forms import AllocationForm, ClosureForm, ContactForm, CoWorkerForm, WaitingOfferForm
from .models import ClosureReason, Episode
from .selectors import allocatable_workers, caseload_for, team_caseload_for
from .services import (
    OverCap,
    contact_record,
    episode_add_co_worker,
    episode_allocate,
    episode_close,
    episode_record_waiting_offer,
)
from .totals import service_totals


@signed_in
def home(request):
    """A practitioner's home is their caseload; a manager's is the team's."""
    role = request.user.role
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


def _caseload_home(request):
    episodes = list(caseload_for(request.user))
    audit_page_view(request, description="My caseload", parent_ids=[e.parent_id for e in episodes])
    return render(request, "casework/home_caseload.html", {"episodes": episodes})


def _team_home(request):
    episodes = list(team_caseload_for(request.user))
    waiting = [e for e in episodes if e.key_worker_id is None]
    allocated = [e for e in episodes if e.key_worker_id is not None]
    by_worker = [
        (worker, list(group))
        for worker, group in groupby(
            sorted(allocated, key=lambda e: (e.key_worker.last_name, e.key_worker_id)),
            key=lambda e: e.key_worker,
        )
    ]
    referrals = list(referrals_awaiting_decision(request.user))
    audit_page_view(
        request,
        description="Team caseload",
        parent_ids=[e.parent_id for e in episodes] + [r.parent_id for r in referrals],
    )
    return render(
        request,
        "casework/home_team.html",
        {
            "by_worker": by_worker,
            "waiting": waiting,
            "referrals": referrals,
            "open_count": len(episodes),
        },
    )


@requires(Action.ALLOCATE)
@require_http_methods(["GET", "POST"])
def allocate(request, pk: int):
    from alongside.programmes.caseloads import episode_weight, weighted_loads

    episode = get_allowed(request, Episode, pk, Action.ALLOCATE)
    workers = allocatable_workers(request.user, episode)
    loads = weighted_loads(episode.organisation_id, [w.pk for w in workers])
    form = AllocationForm(
        request.POST if request.method == "POST" else None,
        workers=workers,
        loads=loads,
        initial={"worker": episode.key_worker_id},
    )
    over_cap = None
    if request.method == "POST" and form.is_valid():
        try:
            episode_allocate(
                episode=episode,
                worker=form.cleaned_data["worker"],
                allocated_by=request.user,
                allocated_on=form.cleaned_data["allocated_on"],
                over_cap_reason=form.cleaned_data["over_cap_reason"],
            )
            messages.success(
                request, f"{form.cleaned_data['worker'].display_name} is now the key worker"
            )
            return redirect("people:overview", pk=episode.parent_id)
        except OverCap as warning:
            over_cap = warning.messages[0]
            form.add_error("over_cap_reason", "Give a reason for allocating over the cap")
        except ValidationError as error:
            form.add_error("allocated_on", error)
    audit_page_view(request, description="Allocate a key worker", obj=episode)
    return render(
        request,
        "casework/allocate.html",
        {
            "episode": episode,
            "parent": episode.parent,
            "form": form,
            "over_cap": over_cap,
            "weight": episode_weight(episode),
            "loads": [(w, loads[w.pk]) for w in workers],
        },
    )


@requires(Action.ALLOCATE)
@require_http_methods(["GET", "POST"])
def co_worker(request, pk: int):
    episode = get_allowed(request, Episode, pk, Action.ALLOCATE)
    workers = allocatable_workers(request.user, episode).exclude(pk=episode.key_worker_id or 0)
    form = CoWorkerForm(request.POST if request.method == "POST" else None, workers=workers)
    if request.method == "POST" and form.is_valid():
        try:
            episode_add_co_worker(
                episode=episode,
                worker=form.cleaned_data["worker"],
                added_by=request.user,
                started_on=form.cleaned_data["started_on"],
            )
            messages.success(
                request, f"{form.cleaned_data['worker'].display_name} is now co-working"
            )
            return redirect("people:overview", pk=episode.parent_id)
        except ValidationError as error:
            form.add_error("started_on", error)
    audit_page_view(request, description="Add a co-worker", obj=episode)
    return render(
        request,
        "casework/co_worker.html",
        {"episode": episode, "parent": episode.parent, "form": form},
    )


@requires(Action.RECORD_CONTACT)
@require_http_methods(["GET", "POST"])
def contact_new(request, pk: int):
    episode = get_allowed(request, Episode, pk, Action.RECORD_CONTACT)
    data = request.POST if request.method == "POST" else None
    form = ContactForm(data, initial=draft_initial(request, ContactForm))
    extras = ContactExtras(episode, data)  # optional: goal progress, an achievement, measures
    if request.method == "POST" and all([form.is_valid(), extras.is_valid()]):
        try:
            with transaction.atomic():
                contact = contact_record(
                    episode=episode, recorded_by=request.user, **form.cleaned_data
                )
                extras.save(contact=contact, recorded_by=request.user)
            draft_clear(request)
            messages.success(request, "Contact recorded")
            return redirect("people:overview", pk=episode.parent_id)
        except ValidationError as error:
            form.add_error("happened_on", error)
    audit_page_view(request, description="Record a contact", obj=episode)
    return render(
        request,
        "casework/contact_new.html",
        {
            "episode": episode,
            "parent": episode.parent,
            "form": form,
            "extras": extras,
            "draft": draft_offer(request),
        },
    )


@requires(Action.CLOSE_EPISODE)
@require_http_methods(["GET", "POST"])
def close(request, pk: int):
    from alongside.programmes.approvals import approval_request, needs_approval

    episode = get_allowed(request, Episode, pk, Action.CLOSE_EPISODE)
    data = request.POST if request.method == "POST" else None
    form = ClosureForm(
        data, opened_on=episode.opened_on, initial=draft_initial(request, ClosureForm)
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and needs_approval(episode, "closure", request.user)
    ):
        data = form.cleaned_data
        try:
            approval_request(
                episode=episode,
                kind="closure",
                summary=f"Close the work: {ClosureReason(data['reason']).label.lower()}",
                asked={
                    "closed_on": data["closed_on"].isoformat(),
                    "reason": data["reason"],
                    "note": data["note"],
                },
                requested_by=request.user,
            )
            draft_clear(request)
            messages.success(request, "Sent to a manager for approval")
            return redirect("people:overview", pk=episode.parent_id)
        except ValidationError as error:
            form.add_error("closed_on", error)
    elif request.method == "POST" and form.is_valid():
        episode_close(
            episode=episode,
            closed_by=request.user,
            closed_on=form.cleaned_data["closed_on"],
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
        )
        draft_clear(request)
        messages.success(request, "The work with this parent has been closed")
        return redirect("people:overview", pk=episode.parent_id)
    audit_page_view(request, description="Close the work", obj=episode)
    return render(
        request,
        "casework/close.html",
        {"episode": episode, "parent": episode.parent, "form": form, "draft": draft_offer(request)},
    )


@requires(Action.ALLOCATE)
@require_http_methods(["GET", "POST"])
def waiting_offer(request, pk: int):
    episode = get_allowed(request, Episode, pk, Action.ALLOCATE)
    form = WaitingOfferForm(
        request.POST if request.method == "POST" else None,
        initial={"offer": episode.waiting_offer, "offered_on": episode.waiting_offer_on},
    )
    if request.method == "POST" and form.is_valid():
        try:
            episode_record_waiting_offer(
                episode=episode,
                offer=form.cleaned_data["offer"],
                offered_on=form.cleaned_data["offered_on"],
                recorded_by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Offer while waiting recorded")
            return redirect("home")
    audit_page_view(request, description="Offer while waiting", obj=episode)
    return render(
        request,
        "casework/waiting_offer.html",
        {"episode": episode, "parent": episode.parent, "form": form},
    )
