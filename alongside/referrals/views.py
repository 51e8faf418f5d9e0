"""Receiving a referral and deciding on it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from alongside.accounts.models import Role, Team
from alongside.audit.reads import record_read
from alongside.casework.waiting import priority_parts
from alongside.core.access import get_allowed, requires
from alongside.core.drafts import draft_clear, draft_initial, draft_offer
from alongside.people.forms import ParentDetailsForm
from alongside.policy import Action
from alongside.programmes.selectors import programme_in_use

from .forms import AgreementForm, DecisionForm, ReferralForm, referral_prefill_take
from .models import Referral
from .selectors import eligibility_for, referrals_awaiting_decision
from .services import referral_accept, referral_create, referral_decline, referral_record_agreement


@requires(Action.CREATE_REFERRAL)
@require_http_methods(["GET", "POST"])
def referral_new(request):
    data = request.POST if request.method == "POST" else None
    offered_parent, offered_referral = (
        referral_prefill_take(request.session) if data is None else ({}, {})
    )
    parent_form = ParentDetailsForm(
        data,
        prefix="parent",
        initial=draft_initial(request, ParentDetailsForm, prefix="parent")
        or {"ethnicity": "not_asked", "care_experienced": "not_known", **offered_parent},
    )
    referral_form = ReferralForm(
        data,
        prefix="referral",
        initial=draft_initial(request, ReferralForm, prefix="referral") or offered_referral,
    )
    if request.method == "POST" and parent_form.is_valid() & referral_form.is_valid():
        referral = referral_create(
            organisation=request.user.organisation,
            recorded_by=request.user,
            parent_details=parent_form.cleaned_data,
            referral_details=referral_form.cleaned_data,
        )
        draft_clear(request)
        messages.success(request, f"Referral for {referral.parent.full_name} recorded")
        if request.user.role == Role.PRACTITIONER:
            return redirect("home")
        return redirect("referrals:decide", pk=referral.pk)
    return render(
        request,
        "referrals/referral_new.html",
        {"parent_form": parent_form, "referral_form": referral_form, "draft": draft_offer(request)},
    )


@requires(Action.VIEW_REFERRALS, page="Referrals awaiting a decision")
def referral_list(request):
    referrals = list(referrals_awaiting_decision(request.user))
    record_read(parent_ids=[r.parent_id for r in referrals])
    return render(request, "referrals/referral_list.html", {"referrals": referrals})


@requires(Action.DECIDE_REFERRAL, page="Decide on a referral")
@require_http_methods(["GET", "POST"])
def referral_decide(request, pk: int):
    referral = get_allowed(request, Referral, pk, Action.DECIDE_REFERRAL)
    if referral.status != Referral.Status.AWAITING_DECISION:
        messages.success(request, "This referral has already been decided")
        return redirect("people:overview", pk=referral.parent_id)
    teams = Team.objects.filter(organisation_id=request.user.organisation_id)
    if request.user.role == Role.TEAM_MANAGER:
        teams = teams.filter(pk=request.user.team_id)
    form = DecisionForm(
        request.POST if request.method == "POST" else None,
        teams=teams,
        parent_agrees=referral.parent_agrees,
        initial={"team": request.user.team_id},
    )
    agreement_form = AgreementForm()
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "accept":
                episode = referral_accept(
                    referral=referral,
                    team=data["team"],
                    decided_by=request.user,
                    decided_on=data["decided_on"],
                    note=data["note"],
                )
                messages.success(request, f"{referral.parent.full_name} accepted into the service")
                return redirect("casework:allocate", pk=episode.pk)
            referral_decline(
                referral=referral,
                decided_by=request.user,
                decided_on=data["decided_on"],
                note=data["note"],
            )
            messages.success(request, "Decision recorded: referral not accepted")
            return redirect("referrals:list")
        except ValidationError as error:
            form.add_error(None, error)
    return render(
        request,
        "referrals/referral_decide.html",
        {
            "referral": referral,
            "form": form,
            "agreement_form": agreement_form,
            "eligibility": eligibility_for(referral),
            "priorities": _priorities(referral),
        },
    )


def _priorities(referral: Referral) -> list[tuple[str, int]]:
    """The programme's priority groups this parent is in, at the referral date."""
    programme = programme_in_use(referral.organisation_id)
    if programme is None:
        return []
    priorities = programme.current_version().spec.priorities
    return priority_parts(priorities, referral.parent, referral.received_on)


@requires(Action.DECIDE_REFERRAL)
@require_http_methods(["POST"])
def referral_agreement(request, pk: int):
    referral = get_allowed(request, Referral, pk, Action.DECIDE_REFERRAL)
    form = AgreementForm(request.POST)
    if form.is_valid():
        try:
            referral_record_agreement(referral=referral, recorded_by=request.user)
            messages.success(request, "Parent's agreement recorded")
        except ValidationError:
            pass
        return redirect("referrals:decide", pk=referral.pk)
    teams = Team.objects.filter(organisation_id=request.user.organisation_id)
    decision_form = DecisionForm(teams=teams, parent_agrees=referral.parent_agrees)
    return render(
        request,
        "referrals/referral_decide.html",
        {"referral": referral, "form": decision_form, "agreement_form": form},
        status=200,
    )
