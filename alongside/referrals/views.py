"""Receiving a referral (from staff, partners, the parent), the work before a decision,
deciding on it, and one record per person."""

import hashlib
import time

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from alongside.accounts.models import Organisation, Role, Team
from alongside.audit.models import AuditAction, AuditOutcome
from alongside.audit.reads import record_read
from alongside.audit.services import audit_record
from alongside.casework.waiting import priority_parts
from alongside.core.access import get_allowed, public, requires
from alongside.core.actions import show_errors
from alongside.core.drafts import draft_clear, draft_initial, draft_offer
from alongside.people.forms import ParentDetailsForm
from alongside.people.models import Parent
from alongside.policy import Action, can
from alongside.programmes.selectors import programme_in_use

from .forms import (
    AgreementForm,
    ConsultationForm,
    DecisionForm,
    MatchForm,
    MergeForm,
    OutreachForm,
    PartnerAccessForm,
    PartnerReferralForm,
    ReferralForm,
    ScreeningForm,
    SelfReferralForm,
    referral_prefill_take,
)
from .models import Channel, ParentMerge, PartnerAccess, Referral, ReferralStep, Tracking
from .selectors import (
    eligibility_for,
    likely_matches_for,
    likely_matches_for_parent,
    merges_of,
    partner_access_by_link,
    partner_accesses,
    referrals_awaiting_decision,
    referrals_from,
    screening_reasons,
    services_taking_referrals_from,
    steps_for,
    tracking_by_status_key,
    work_before_agreement,
)
from .services import (
    parents_merge,
    parents_merge_undo,
    partner_access_issue,
    partner_access_revoke,
    referral_accept,
    referral_create,
    referral_decline,
    referral_link,
    referral_not_same,
    referral_record_agreement,
    referral_step_record,
    referral_submit,
)


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
                    referrer_told=data["referrer_told"],
                )
                messages.success(request, f"{referral.parent.full_name} accepted into the service")
                return redirect("casework:allocate", pk=episode.pk)
            referral_decline(
                referral=referral,
                decided_by=request.user,
                decided_on=data["decided_on"],
                note=data["note"],
                referrer_told=data["referrer_told"],
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
            **_work_on(referral),
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
        {
            "referral": referral,
            "form": decision_form,
            "agreement_form": form,
            **_work_on(referral),
        },
        status=200,
    )


def _work_on(referral: Referral) -> dict:
    """What the decide page shows of the work before a decision, and possible earlier records
    of the parent (each one a read of that parent's record)."""
    matches = likely_matches_for(referral)
    record_read(parent_ids=[parent.pk for parent, _ in matches])
    return {
        "steps": steps_for(referral),
        "matches": matches,
        "tracking": Tracking.objects.filter(referral=referral).first(),
    }


# --- Screening, outreach and consultation ----------------------------------------------------

STEP_PAGES = {
    ReferralStep.Kind.SCREENING: (ScreeningForm, "Record the screening"),
    ReferralStep.Kind.OUTREACH: (OutreachForm, "Record an outreach attempt"),
    ReferralStep.Kind.CONSULTATION: (ConsultationForm, "Record a consultation with the referrer"),
}


def _step_page(request, pk: int, kind: str):
    referral = get_allowed(request, Referral, pk, Action.DECIDE_REFERRAL)
    form_class, title = STEP_PAGES[kind]
    suggested, reasons = screening_reasons(referral)
    initial = {"outcome": suggested} if kind == ReferralStep.Kind.SCREENING else {}
    form = form_class(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral_step_record(
                referral=referral,
                kind=kind,
                happened_on=data["happened_on"],
                method=data.get("method", ""),
                outcome=data.get("outcome") or ReferralStep.Outcome.ADVICE_GIVEN,
                notes=data.get("notes", ""),
                reasons=reasons if kind == ReferralStep.Kind.SCREENING else [],
                recorded_by=request.user,
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, f"{ReferralStep.Kind(kind).label} recorded")
            return redirect("referrals:decide", pk=referral.pk)
    return render(
        request,
        "referrals/referral_step.html",
        {
            "referral": referral,
            "form": form,
            "title": title,
            "kind": kind,
            "reasons": reasons if kind == ReferralStep.Kind.SCREENING else [],
        },
    )


@requires(Action.DECIDE_REFERRAL, page="Screen a referral")
@require_http_methods(["GET", "POST"])
def referral_screening(request, pk: int):
    return _step_page(request, pk, ReferralStep.Kind.SCREENING)


@requires(Action.DECIDE_REFERRAL, page="Record an outreach attempt")
@require_http_methods(["GET", "POST"])
def referral_outreach(request, pk: int):
    return _step_page(request, pk, ReferralStep.Kind.OUTREACH)


@requires(Action.DECIDE_REFERRAL, page="Record a consultation")
@require_http_methods(["GET", "POST"])
def referral_consultation(request, pk: int):
    return _step_page(request, pk, ReferralStep.Kind.CONSULTATION)


# --- One person, one record ------------------------------------------------------------------


@requires(Action.DECIDE_REFERRAL)
@require_http_methods(["POST"])
def referral_match(request, pk: int):
    """Link the referral to a parent the service knows, or record 'not the same person'."""
    referral = get_allowed(request, Referral, pk, Action.DECIDE_REFERRAL)
    form = MatchForm(request.POST)
    matches = {parent.pk: (parent, match) for parent, match in likely_matches_for(referral)}
    if not form.is_valid() or form.cleaned_data["candidate"] not in matches:
        messages.error(request, "That record is no longer a possible match")
        return redirect("referrals:decide", pk=referral.pk)
    candidate, match = matches[form.cleaned_data["candidate"]]
    try:
        if form.cleaned_data["answer"] == "link":
            referral_link(
                referral=referral, candidate=candidate, decided_by=request.user, agreed=match.agreed
            )
            messages.success(
                request, f"Referral linked to {candidate.full_name}'s record, with its history"
            )
        else:
            referral_not_same(
                referral=referral, candidate=candidate, decided_by=request.user, agreed=match.agreed
            )
            messages.success(request, "Recorded: not the same person")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("referrals:decide", pk=referral.pk)


@requires(Action.MERGE_PARENTS, page="Possible duplicate records")
@require_http_methods(["GET", "POST"])
def parent_duplicates(request, pk: int):
    parent = get_allowed(request, Parent, pk, Action.MERGE_PARENTS)
    matches = likely_matches_for_parent(parent)
    merges = list(merges_of(parent))
    record_read(
        parent_ids=[p.pk for p, _ in matches]
        + [pk for m in merges for pk in (m.kept_id, m.merged_id)]
    )
    form = MergeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        other = next((p for p, _ in matches if p.pk == form.cleaned_data["candidate"]), None)
        if other is None or not can(request.user, Action.MERGE_PARENTS, other):
            form.add_error(None, "That record is no longer a possible duplicate")
        else:
            try:
                merge = parents_merge(
                    kept=parent,
                    merged=other,
                    merged_by=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "Records merged. You can undo this on this page")
                return redirect("referrals:merge", pk=merge.pk)
    return render(
        request,
        "referrals/parent_duplicates.html",
        {"parent": parent, "matches": matches, "form": form, "merges": merges},
    )


@requires(Action.MERGE_PARENTS, page="A merge of two records")
@require_http_methods(["GET", "POST"])
def merge_detail(request, pk: int):
    merge = get_allowed(
        request, ParentMerge.objects.select_related("kept", "merged"), pk, Action.MERGE_PARENTS
    )
    record_read(parent_ids=[merge.kept_id, merge.merged_id])
    if request.method == "POST":
        try:
            parents_merge_undo(merge=merge, undone_by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Merge undone: both records are as they were")
        return redirect("referrals:merge", pk=merge.pk)
    moved = {
        apps.get_model(label)._meta.verbose_name_plural: len(pks)
        for label, pks in merge.moved.items()
    }
    return render(request, "referrals/merge_detail.html", {"merge": merge, "moved": moved})


# --- Partner organisations -------------------------------------------------------------------


@requires(Action.MANAGE_PARTNER_ACCESS)
@require_http_methods(["GET", "POST"])
def partner_access_list(request):
    form = PartnerAccessForm(request.POST if request.method == "POST" else None)
    link = None
    if request.method == "POST" and form.is_valid():
        access, secret = partner_access_issue(
            organisation=request.user.organisation,
            partner=form.cleaned_data["partner"],
            created_by=request.user,
        )
        link = request.build_absolute_uri(reverse("referrals:partner-link", args=[secret]))
        form = PartnerAccessForm()
    return render(
        request,
        "referrals/partner_access.html",
        {
            "form": form,
            "link": link,
            "accesses": partner_accesses(request.user.organisation_id),
            "counts": work_before_agreement(request.user.organisation_id),
            "self_link": request.build_absolute_uri(
                reverse("referrals:self", args=[self_referral_code(request.user.organisation_id)])
            ),
        },
    )


@requires(Action.MANAGE_PARTNER_ACCESS)
@require_http_methods(["POST"])
def partner_access_revoke_view(request, pk: int):
    access = get_allowed(request, PartnerAccess, pk, Action.MANAGE_PARTNER_ACCESS)
    partner_access_revoke(access=access, revoked_by=request.user)
    messages.success(request, f"The link for {access.partner.name} no longer works")
    return redirect("referrals:partners")


# --- Referrals from outside the service ------------------------------------------------------

SELF_REFERRAL_SALT = "alongside.referrals.self"
STARTED_SALT = "alongside.referrals.started"


def self_referral_code(organisation_id: int) -> str:
    """The public address of a service's self-referral form (signed, so not guessable from
    another service's)."""
    return signing.dumps(organisation_id, salt=SELF_REFERRAL_SALT)


def _service_from_code(code: str) -> Organisation | None:
    try:
        organisation_id = signing.loads(code, salt=SELF_REFERRAL_SALT)
    except signing.BadSignature:
        return None
    return Organisation.objects.filter(pk=organisation_id, kind=Organisation.Kind.SERVICE).first()


def _client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "unknown")


def _too_many_from(request) -> bool:
    """At most ALONGSIDE_SELF_REFERRALS_PER_HOUR from one address (counted in the cache)."""
    limit = getattr(settings, "ALONGSIDE_SELF_REFERRALS_PER_HOUR", 5)
    key = "self-referral:" + hashlib.sha256(_client_address(request).encode()).hexdigest()
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=3600)
        count = 1
    return count > limit


def _looks_automated(form: SelfReferralForm) -> bool:
    """Filled in the hidden box, or sent sooner than a person could have typed it."""
    if form.cleaned_data.get("website"):
        return True
    minimum = getattr(settings, "ALONGSIDE_SELF_REFERRAL_MIN_SECONDS", 5)
    try:
        started = float(
            signing.loads(form.cleaned_data.get("started") or "", salt=STARTED_SALT, max_age=86400)
        )
    except (signing.BadSignature, TypeError, ValueError):
        return True
    return time.time() - float(started) < minimum


@public
@require_http_methods(["GET", "POST"])
def self_referral(request, code: str):
    service = _service_from_code(code)
    if service is None:
        return render(request, "referrals/link_not_working.html")
    form = SelfReferralForm(
        request.POST if request.method == "POST" else None,
        initial={"started": signing.dumps(str(time.time()), salt=STARTED_SALT)},
    )
    if request.method == "POST" and form.is_valid():
        if _looks_automated(form) or _too_many_from(request):
            audit_record(
                actor=None,
                action=AuditAction.CREATE,
                outcome=AuditOutcome.REFUSED,
                description="Self-referral refused: automated or too many",
            )
            return render(request, "referrals/self_referral_refused.html", status=429)
        referral, key = referral_submit(
            organisation=service,
            channel=Channel.SELF,
            parent_details=form.parent_details(),
            referral_details=form.referral_details(),
        )
        return redirect("referrals:status", key=key)
    return render(request, "referrals/self_referral.html", {"form": form, "service": service})


@public
@require_http_methods(["GET"])
def referral_status(request, key: str):
    """The referrer's page: the reference, the status and what the service told them. No
    personal details, so the address alone reveals nothing about the parent."""
    tracking = tracking_by_status_key(key)
    if tracking is None:
        return render(request, "referrals/link_not_working.html")
    return render(request, "referrals/referral_status.html", {"tracking": tracking})


@public
@require_http_methods(["GET", "POST"])
def partner_link_referral(request, secret: str):
    access = partner_access_by_link(secret)
    if access is None:
        return render(request, "referrals/link_not_working.html")
    services = Organisation.objects.filter(pk=access.organisation_id)
    return _partner_referral(
        request,
        services=services,
        referring_organisation=access.partner,
        channel=Channel.PARTNER_LINK,
    )


@requires(Action.REFER_AS_PARTNER)
@require_http_methods(["GET", "POST"])
def partner_referral_new(request):
    services = services_taking_referrals_from(request.user.organisation_id)
    if not services.exists():
        return render(request, "referrals/link_not_working.html", {"no_services": True})
    return _partner_referral(
        request,
        services=services,
        referring_organisation=request.user.organisation,
        channel=Channel.PARTNER,
    )


def _partner_referral(request, *, services, referring_organisation, channel):
    form = PartnerReferralForm(
        request.POST if request.method == "POST" else None, services=services
    )
    if request.method == "POST" and form.is_valid():
        user = request.user if request.user.is_authenticated else None
        referral, key = referral_submit(
            organisation=form.cleaned_data["service"],
            channel=channel,
            parent_details=form.parent_details(),
            referral_details=form.referral_details(referring_organisation.name),
            submitted_by=user,
            referring_organisation=referring_organisation,
        )
        return redirect("referrals:status", key=key)
    return render(
        request,
        "referrals/partner_referral.html",
        {"form": form, "partner": referring_organisation, "services": services},
    )


@requires(Action.REFER_AS_PARTNER, page="Referrals your organisation made")
def partner_referrals_sent(request):
    sent = list(referrals_from(request.user.organisation_id)[:200])
    record_read(parent_ids=[t.referral.parent_id for t in sent])
    return render(request, "referrals/partner_sent.html", {"sent": sent})
