"""Consent, disclosures, partner views, break-glass and the data protection lead's pages."""

import contextlib
import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from alongside.audit.models import AuditAction
from alongside.audit.services import audit_record
from alongside.casework.models import Contact
from alongside.core.access import get_allowed, requires
from alongside.core.viewing import audit_page_view
from alongside.people.models import Parent
from alongside.people.validators import normalise_nhs_number
from alongside.policy import Action, can, parents_visible_to

from .exports import subject_access_data, subject_access_pdf
from .forms import (
    BreakGlassForm,
    ConsentForm,
    DecisionForm,
    DisclosureForm,
    FindParentForm,
    ParentToldForm,
    WithdrawForm,
)
from .models import BreakGlass, Consent, Disclosure, RetentionRun
from .rules import consent_in_force
from .selectors import access_trail, is_pregnant, parents_sharing_with, shared_items_for
from .services import (
    break_glass_start,
    consent_record,
    consent_withdraw,
    disclosure_decide,
    disclosure_record_parent_told,
    disclosure_request,
)


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error)


@requires(Action.VIEW_PARENT)
def sharing_overview(request, pk: int):
    parent = get_allowed(request, Parent, pk, Action.VIEW_PARENT)
    now, today, pregnant = timezone.now(), timezone.localdate(), is_pregnant(parent)
    consents = [
        (c, consent_in_force(c, today=today, now=now, pregnant=pregnant))
        for c in parent.consents.select_related("organisation", "recorded_by")
    ]
    audit_page_view(request, description="Sharing and consent", obj=parent)
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


@requires(Action.RECORD_CONSENT)
@require_http_methods(["GET", "POST"])
def consent_new(request, pk: int):
    parent = get_allowed(request, Parent, pk, Action.RECORD_CONSENT)
    form = ConsentForm(
        request.POST if request.method == "POST" else None,
        initial={"starts_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            consent_record(parent=parent, recorded_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, "Consent recorded")
            return redirect("sharing:overview", pk=parent.pk)
    audit_page_view(request, description="Record consent", obj=parent)
    return render(request, "sharing/consent_new.html", {"parent": parent, "form": form})


@requires(Action.RECORD_CONSENT)
@require_http_methods(["GET", "POST"])
def consent_withdraw_view(request, pk: int):
    consent = Consent.objects.select_related("parent", "organisation").filter(pk=pk).first()
    if consent is None:
        raise Http404("Page not found")
    get_allowed(request, Parent, consent.parent_id, Action.RECORD_CONSENT)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        with contextlib.suppress(ValidationError):
            consent_withdraw(
                consent=consent, withdrawn_by=request.user, note=form.cleaned_data["note"]
            )
        messages.success(
            request, f"Consent withdrawn: {consent.organisation} can no longer see what it covered"
        )
        return redirect("sharing:overview", pk=consent.parent_id)
    return render(
        request,
        "sharing/consent_withdraw.html",
        {"consent": consent, "parent": consent.parent, "form": form},
    )


@requires(Action.REQUEST_DISCLOSURE)
@require_http_methods(["GET", "POST"])
def disclosure_new(request, pk: int):
    parent = get_allowed(request, Parent, pk, Action.REQUEST_DISCLOSURE)
    contacts = list(Contact.objects.filter(episode__parent=parent).order_by("-happened_on")[:200])
    choices = [
        (str(c.pk), f"{c.happened_on:%-d %b %Y}: {c.get_contact_type_display()}") for c in contacts
    ]
    form = DisclosureForm(
        request.POST if request.method == "POST" else None, contact_choices=choices
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        wanted = set(data.pop("contacts"))
        chosen = [c for c in contacts if str(c.pk) in wanted]
        try:
            disclosure_request(parent=parent, requested_by=request.user, contacts=chosen, **data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(
                request, "Disclosure recorded: a manager must approve it before it is made"
            )
            return redirect("sharing:overview", pk=parent.pk)
    audit_page_view(request, description="Request a disclosure", obj=parent)
    return render(request, "sharing/disclosure_new.html", {"parent": parent, "form": form})


def _disclosure(request, pk: int, action: Action) -> Disclosure:
    disclosure = Disclosure.objects.select_related("parent", "requested_by").filter(pk=pk).first()
    if disclosure is None:
        raise Http404("Page not found")
    get_allowed(request, Parent, disclosure.parent_id, action)
    return disclosure


@requires(Action.APPROVE_DISCLOSURE)
@require_http_methods(["GET", "POST"])
def disclosure_decide_view(request, pk: int):
    disclosure = _disclosure(request, pk, Action.VIEW_PARENT)
    form = DecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            disclosure_decide(
                disclosure=disclosure,
                decided_by=request.user,
                approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data["note"],
                disclosed_on=form.cleaned_data["disclosed_on"],
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, "Decision recorded")
            return redirect("sharing:overview", pk=disclosure.parent_id)
    audit_page_view(request, description="Decide on a disclosure", obj=disclosure.parent)
    return render(
        request,
        "sharing/disclosure_decide.html",
        {"disclosure": disclosure, "parent": disclosure.parent, "form": form},
    )


@requires(Action.REQUEST_DISCLOSURE)
@require_http_methods(["GET", "POST"])
def disclosure_parent_told(request, pk: int):
    disclosure = _disclosure(request, pk, Action.REQUEST_DISCLOSURE)
    form = ParentToldForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            disclosure_record_parent_told(
                disclosure=disclosure, recorded_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, "Recorded")
            return redirect("sharing:overview", pk=disclosure.parent_id)
    return render(
        request,
        "sharing/parent_told.html",
        {"disclosure": disclosure, "parent": disclosure.parent, "form": form},
    )


@requires(Action.VIEW_SHARED)
def shared_list(request):
    parents = parents_sharing_with(request.user)
    audit_page_view(
        request, description="Partner view: parents sharing", parent_ids=[p.pk for p in parents]
    )
    return render(request, "sharing/partner_list.html", {"parents": parents})


@requires(Action.VIEW_SHARED)
def shared_parent(request, pk: int):
    parent = get_allowed(request, Parent, pk, Action.VIEW_SHARED)
    items = shared_items_for(request.user, parent)
    audit_page_view(request, description="Partner view of shared items", obj=parent)
    return render(request, "sharing/partner_parent.html", {"parent": parent, "items": items})


@requires(Action.BREAK_GLASS)
@require_http_methods(["GET", "POST"])
def find_parent(request):
    form = FindParentForm(request.POST if request.method == "POST" else None)
    found = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        matches = Parent.objects.filter(organisation_id=request.user.organisation_id)
        if data["nhs_number"].strip():
            matches = matches.filter(nhs_number=normalise_nhs_number(data["nhs_number"]))
        else:
            matches = matches.filter(
                family_name__iexact=data["family_name"].strip(), date_of_birth=data["date_of_birth"]
            )
        visible = set(
            parents_visible_to(request.user).filter(pk__in=matches).values_list("pk", flat=True)
        )
        found = [(p, p.pk in visible) for p in matches[:10]]
        audit_record(
            actor=request.user,
            action=AuditAction.VIEW,
            description="Searched for a parent",
            detail={"matches": [p.pk for p, _ in found]},
        )
    return render(request, "sharing/find.html", {"form": form, "found": found})


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
            _form_errors(form, error)
        else:
            return redirect("people:overview", pk=pk)
    return render(request, "sharing/break_glass.html", {"form": form, "parent_id": pk})


@requires(Action.VIEW_BREAK_GLASS_LOG)
def data_protection(request):
    org = request.user.organisation_id
    uses = BreakGlass.objects.filter(parent__organisation_id=org).select_related("user", "parent")[
        :200
    ]
    audit_page_view(
        request,
        description="Data protection: break-glass log",
        parent_ids=[u.parent_id for u in uses],
    )
    return render(
        request,
        "sharing/data_protection.html",
        {"uses": uses, "retention": RetentionRun.objects.all()[:5], "now": timezone.now()},
    )


@requires(Action.VIEW_ACCESS_TRAIL)
def access_trail_view(request, pk: int):
    parent = get_allowed(request, Parent, pk, Action.VIEW_ACCESS_TRAIL)
    entries = access_trail(parent.pk)[:500]
    audit_page_view(request, description="Access trail", obj=parent)
    return render(request, "sharing/access_trail.html", {"parent": parent, "entries": entries})


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
    data = subject_access_data(parent)
    if fmt == "json":
        response = HttpResponse(
            json.dumps(data, indent=2, default=str), content_type="application/json"
        )
    else:
        response = HttpResponse(subject_access_pdf(parent, data), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="subject-access-{parent.pk}.{fmt}"'
    return response


@requires(Action.VIEW_PARENT)
def changes(request, pk: int):
    parent = get_allowed(request, Parent, pk, Action.VIEW_PARENT)
    history = [
        (c, json.loads(c.before), json.loads(c.after))
        for c in parent.changes.select_related("changed_by")
    ]
    audit_page_view(request, description="History of changes to details", obj=parent)
    return render(request, "sharing/changes.html", {"parent": parent, "history": history})
