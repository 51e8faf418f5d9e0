"""Consent, disclosures, partner views, break-glass and the data protection lead's pages."""

import json

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from alongside.audit.models import AuditAction
from alongside.audit.reads import record_read
from alongside.audit.services import audit_record
from alongside.casework.models import Contact
from alongside.core.access import get_allowed, requires
from alongside.core.actions import show_errors
from alongside.core.forms import DateField
from alongside.people.actions import ParentFormView
from alongside.people.models import Parent
from alongside.people.validators import normalise_nhs_number
from alongside.policy import Action, can, parents_visible_to, role_allows
from alongside.referrals.models import ParentMerge

from .exports import subject_access_data
from .forms import (
    BreakGlassForm,
    ConsentForm,
    DecisionForm,
    DisclosureForm,
    FindParentForm,
    ParentToldForm,
    WithdrawForm,
)
from .letter import (
    MARK,
    REVIEW_STEPS,
    RULE_SUMMARY,
    letter_pdf,
    subject_access_letter,
)
from .models import BreakGlass, Consent, Disclosure, RetentionRun
from .rules import consent_in_force
from .selectors import (
    access_trail_rows,
    consent_coverage_for,
    consents_ending_soon,
    disclosures_awaiting_decision,
    key_worker_for,
    parents_sharing_with,
    shared_items_for,
    trail_people,
)
from .services import (
    break_glass_start,
    consent_record,
    consent_withdraw,
    disclosure_decide,
    disclosure_record_parent_told,
    disclosure_request,
)


@requires(Action.VIEW_PARENT, page="Sharing and consent")
def sharing_overview(request, pk: int):
    parent = get_allowed(request, Parent, pk, Action.VIEW_PARENT)
    now, today = timezone.now(), timezone.localdate()
    pregnant = parent.current_pregnancy(today) is not None
    consents = [
        (c, consent_in_force(c, today=today, now=now, pregnant=pregnant))
        for c in parent.consents.select_related("organisation", "recorded_by")
    ]
    return render(
        request,
        "sharing/overview.html",
        {
            "parent": parent,
            "consents": consents,
            "disclosures": parent.disclosures.select_related("requested_by", "decided_by"),
            "changes": parent.changes.select_related("changed_by")[:20],
            "can_dp": can(request.user, Action.VIEW_ACCESS_TRAIL, parent),
        },
    )


class ConsentNew(ParentFormView):
    action = Action.RECORD_CONSENT
    page = "Record consent"
    form_class = ConsentForm
    template_name = "sharing/consent_new.html"
    success_message = "Consent recorded"

    def get_initial(self) -> dict:
        return {"starts_on": timezone.localdate()}

    def perform(self, form):
        return consent_record(
            parent=self.parent, recorded_by=self.request.user, **form.cleaned_data
        )

    def success_url(self, result) -> str:
        return reverse("sharing:overview", args=[self.parent.pk])


class ConsentWithdraw(ParentFormView):
    model = Consent
    action = Action.RECORD_CONSENT
    page = "Withdraw consent"
    form_class = WithdrawForm
    template_name = "sharing/consent_withdraw.html"

    def get_queryset(self):
        return Consent.objects.select_related("parent", "organisation")

    def get_context_data(self) -> dict:
        return {"consent": self.object, "parent": self.object.parent}

    def perform(self, form):
        consent = self.object
        if consent.withdrawn_at is None:
            consent_withdraw(
                consent=consent, withdrawn_by=self.request.user, note=form.cleaned_data["note"]
            )
        return consent

    def get_success_message(self, consent) -> str:
        return f"Consent withdrawn: {consent.organisation} can no longer see what it covered"

    def success_url(self, consent) -> str:
        return reverse("sharing:overview", args=[consent.parent_id])


class DisclosureNew(ParentFormView):
    action = Action.REQUEST_DISCLOSURE
    page = "Request a disclosure"
    form_class = DisclosureForm
    template_name = "sharing/disclosure_new.html"
    success_message = "Disclosure recorded: a manager must approve it before it is made"

    def ready(self):
        self.contacts = list(
            Contact.objects.filter(episode__parent=self.parent).order_by("-happened_on")[:200]
        )

    def get_form_kwargs(self) -> dict:
        return {
            "contact_choices": [
                (str(c.pk), f"{c.happened_on:%-d %b %Y}: {c.get_contact_type_display()}")
                for c in self.contacts
            ]
        }

    def perform(self, form):
        data = dict(form.cleaned_data)
        wanted = set(data.pop("contacts"))
        chosen = [c for c in self.contacts if str(c.pk) in wanted]
        return disclosure_request(
            parent=self.parent, requested_by=self.request.user, contacts=chosen, **data
        )

    def success_url(self, result) -> str:
        return reverse("sharing:overview", args=[self.parent.pk])


class DisclosurePage(ParentFormView):
    model = Disclosure

    def get_queryset(self):
        return Disclosure.objects.select_related("parent", "requested_by")

    def get_context_data(self) -> dict:
        return {"disclosure": self.object, "parent": self.object.parent}

    def success_url(self, result) -> str:
        return reverse("sharing:overview", args=[self.object.parent_id])


class DisclosureDecide(DisclosurePage):
    """Another manager, whose own work covers the parent, approves or refuses."""

    action = Action.APPROVE_DISCLOSURE
    page = "Decide on a disclosure"
    form_class = DecisionForm
    template_name = "sharing/disclosure_decide.html"
    success_message = "Decision recorded"

    def perform(self, form):
        return disclosure_decide(
            disclosure=self.object,
            decided_by=self.request.user,
            approve=form.cleaned_data["decision"] == "approve",
            note=form.cleaned_data["note"],
            disclosed_on=form.cleaned_data["disclosed_on"],
        )


class DisclosureParentTold(DisclosurePage):
    action = Action.REQUEST_DISCLOSURE
    page = "Record whether the parent was told"
    form_class = ParentToldForm
    template_name = "sharing/parent_told.html"
    success_message = "Recorded"

    def perform(self, form):
        return disclosure_record_parent_told(
            disclosure=self.object, recorded_by=self.request.user, **form.cleaned_data
        )


@requires(Action.VIEW_SHARED, page="Partner view: parents sharing")
def shared_list(request):
    parents = parents_sharing_with(request.user)
    record_read(parent_ids=[p.pk for p in parents])
    return render(request, "sharing/partner_list.html", {"parents": parents})


@requires(Action.VIEW_SHARED, page="Partner view of shared items")
def shared_parent(request, pk: int):
    parent = get_allowed(request, Parent, pk, Action.VIEW_SHARED)
    items = shared_items_for(request.user, parent)
    return render(
        request,
        "sharing/partner_parent.html",
        {
            "parent": parent,
            "items": items,
            "key_worker": key_worker_for(parent),
            "coverage": consent_coverage_for(request.user, parent),
        },
    )


@requires(Action.VIEW_PARENT)
@require_http_methods(["GET", "POST"])
def find_parent(request):
    """Find a parent by NHS number or by last name (and date of birth, if known). Everyone who
    works with parents finds those their work covers (a practitioner covering a colleague in
    the team, say); a manager who may break the glass also sees that a record outside their
    team exists. Nobody else learns that one does."""
    form = FindParentForm(request.POST if request.method == "POST" else None)
    found = None
    may_break_glass = role_allows(request.user, Action.BREAK_GLASS)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        matches = Parent.objects.filter(organisation_id=request.user.organisation_id)
        if data["nhs_number"].strip():
            matches = matches.filter(nhs_number=normalise_nhs_number(data["nhs_number"]))
        else:
            matches = matches.filter(family_name__iexact=data["family_name"].strip())
            if data["date_of_birth"]:
                matches = matches.filter(date_of_birth=data["date_of_birth"])
        # A record joined to another (merged, not undone) is found as the one it joined.
        matches = matches.exclude(
            pk__in=ParentMerge.objects.filter(undone_at__isnull=True).values("merged_id")
        )
        visible = set(
            parents_visible_to(request.user).filter(pk__in=matches).values_list("pk", flat=True)
        )
        if not may_break_glass:
            matches = matches.filter(pk__in=visible)
        found = [(p, p.pk in visible) for p in matches.order_by("family_name", "given_name")[:10]]
        record_read(parent_ids=visible)  # names of parents they may open are shown as links
        audit_record(
            actor=request.user,
            action=AuditAction.VIEW,
            description="Searched for a parent",
            detail={"matches": [p.pk for p, _ in found]},
        )
    return render(
        request,
        "sharing/find.html",
        {"form": form, "found": found, "may_break_glass": may_break_glass},
    )


@requires(Action.BREAK_GLASS)
@require_http_methods(["GET", "POST"])
def break_glass(request, pk: int):
    parent = Parent.objects.filter(pk=pk, organisation_id=request.user.organisation_id).first()
    if parent is None or not can(request.user, Action.BREAK_GLASS, parent):
        if parent is not None and can(request.user, Action.VIEW_PARENT, parent):
            return redirect("people:overview", pk=pk)
        raise Http404("Page not found")
    form = BreakGlassForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            break_glass_start(user=request.user, parent=parent, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            show_errors(form, error)
        else:
            return redirect("people:overview", pk=pk)
    return render(request, "sharing/break_glass.html", {"form": form, "parent_id": pk})


@requires(Action.VIEW_BREAK_GLASS_LOG, page="Data protection: break-glass log")
def data_protection(request):
    org = request.user.organisation_id
    today = timezone.localdate()
    uses = BreakGlass.objects.filter(parent__organisation_id=org).select_related("user", "parent")[
        :200
    ]
    awaiting = list(disclosures_awaiting_decision(org)[:200])
    ending = list(consents_ending_soon(org, today=today)[:200])
    record_read(
        parent_ids=[u.parent_id for u in uses]
        + [d.parent_id for d in awaiting]
        + [c.parent_id for c in ending]
    )
    return render(
        request,
        "sharing/data_protection.html",
        {
            "uses": uses,
            "awaiting": awaiting,
            "ending": ending,
            "retention": RetentionRun.objects.all()[:5],
            "now": timezone.now(),
            "today": today,
        },
    )


class AccessTrailFilterForm(forms.Form):
    """The access trail's filters, sent as GET parameters."""

    person = forms.TypedChoiceField(
        label="Person",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Choose a person from the list"},
    )
    date_from = DateField(label="From", required=False, help_text="For example, 27 3 2026")
    date_to = DateField(label="To", required=False, help_text="For example, 28 3 2026")
    action = forms.ChoiceField(
        label="Action",
        required=False,
        choices=[("", "Any action"), *AuditAction.choices],
        error_messages={"invalid_choice": "Choose an action from the list"},
    )

    def __init__(self, *args, people: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", "Anyone"), *people]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The 'to' date must be the same as or after the 'from' date")
        return data


@requires(Action.VIEW_ACCESS_TRAIL, page="Access trail")
def access_trail_view(request, pk: int):
    parent = get_allowed(request, Parent, pk, Action.VIEW_ACCESS_TRAIL)
    form = AccessTrailFilterForm(request.GET or None, people=trail_people(parent.pk))
    filters = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {
            "actor_id": data.get("person"),
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
            "action": data.get("action") or "",
        }
    # With a filter that cannot be read, show nothing rather than a trail that looks filtered.
    rows = [] if form.errors else access_trail_rows(parent.pk, **filters)
    return render(
        request,
        "sharing/access_trail.html",
        {"parent": parent, "rows": rows, "form": form, "filtered": any(filters.values())},
    )


class SubjectAccessForm(forms.Form):
    """The date the parent asked, for the letter (sent as a GET parameter)."""

    requested_on = DateField(
        label="Date the parent asked",
        required=False,
        past_only=True,
        help_text="For example, 27 3 2026. Leave it blank if they asked today.",
    )


def _letter_for(request, parent: Parent):
    form = SubjectAccessForm(request.GET or None)
    requested_on = form.cleaned_data["requested_on"] if form.is_bound and form.is_valid() else None
    letter = subject_access_letter(
        parent, requested_on=requested_on, signed_by=request.user.display_name
    )
    return form, letter


@requires(Action.EXPORT_SUBJECT_ACCESS, page="Subject access letter")
def subject_access_review(request, pk: int):
    """The letter on screen for the data protection lead to check, with what to check."""
    parent = get_allowed(request, Parent, pk, Action.EXPORT_SUBJECT_ACCESS)
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        obj=parent,
        description="Subject access letter (on screen, to check)",
    )
    form, letter = _letter_for(request, parent)
    record_read(parent_ids=letter.others_named)
    query = request.GET.urlencode() if form.is_bound and form.is_valid() else ""
    return render(
        request,
        "sharing/subject_access_letter.html",
        {
            "parent": parent,
            "form": form,
            "letter": letter,
            "mark": MARK,
            "review_steps": REVIEW_STEPS,
            "rule_summary": RULE_SUMMARY,
            "query": query,
        },
    )


@requires(Action.EXPORT_SUBJECT_ACCESS)
def subject_access(request, pk: int, fmt: str):
    parent = get_allowed(request, Parent, pk, Action.EXPORT_SUBJECT_ACCESS)
    if fmt not in {"json", "pdf"}:
        raise Http404("Page not found")
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        obj=parent,
        description=f"Subject access export ({fmt})",
    )
    if fmt == "json":
        response = HttpResponse(
            json.dumps(subject_access_data(parent), indent=2, default=str),
            content_type="application/json",
        )
    else:
        letter = _letter_for(request, parent)[1]
        for other in letter.others_named:
            audit_record(
                actor=request.user,
                action=AuditAction.EXPORT,
                obj=parent,
                parent_id=other,
                description="Named in another parent's subject access letter (pdf)",
            )
        response = HttpResponse(letter_pdf(letter), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="subject-access-{parent.pk}.{fmt}"'
    return response
