"""The impact reports: aggregate pages, PDF and spreadsheet exports, report settings, the
monthly steering-group reports and the network view. No page names a parent; every view and
export is recorded in the audit trail."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from alongside.audit.models import AuditAction
from alongside.audit.services import audit_record
from alongside.core.access import get_allowed, requires
from alongside.core.actions import show_errors
from alongside.policy import Action, can

from .charts import chart_for
from .exports import report_pdf, report_xlsx
from .forms import (
    ComparisonForm,
    InviteForm,
    NetworkForm,
    ReportFilterForm,
    UnitCostForm,
    default_period,
)
from .models import Network, SteeringReport
from .selectors import (
    Scope,
    invitations_to,
    network_organisations,
    network_participations,
    networks_hosted_by,
    report_for,
    scope_options,
    services_to_invite,
    unit_costs_for,
)
from .services import (
    comparison_upload,
    month_before,
    network_create,
    network_invitation_withdraw,
    network_invite,
    network_join,
    network_withdraw,
    steering_report_enqueue,
    unit_cost_save,
)


def _scope(request, organisation_ids: tuple[int, ...], *, network: bool = False):
    """The filter form and the scope it gives (None when the form has errors)."""
    options = scope_options(organisation_ids)
    start, end = default_period()
    bound = any(
        k.startswith(("start", "end", "team", "pathway", "programme", "comparison"))
        for k in request.GET
    )
    form = ReportFilterForm(request.GET if bound else None, options=options, network=network)
    if not bound:
        form = ReportFilterForm(
            {
                "start_0": str(start.day),
                "start_1": str(start.month),
                "start_2": str(start.year),
                "end_0": str(end.day),
                "end_1": str(end.month),
                "end_2": str(end.year),
            },
            options=options,
            network=network,
        )
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    labels = {
        name: dict(form.fields[name].choices)
        for name in form.fields
        if name not in ("start", "end")
    }
    filters = [
        (form.fields[name].label, labels[name].get(str(data[name]) if data[name] else "", ""))
        for name in labels
        if data.get(name)
    ]
    scope = Scope(
        start=data["start"],
        end=data["end"],
        organisation_ids=tuple(organisation_ids),
        team_id=data.get("team"),
        pathway=data.get("pathway") or "",
        programme_id=data.get("programme"),
        comparison_id=data.get("comparison"),
        network=network,
        filters=filters,
    )
    return form, scope


def _page(request, report, form, *, heading: str, caption: str, exports: bool, members=None):
    sections = (
        [
            (section, [(published, chart_for(published)) for published in tables])
            for section, tables in report.sections
        ]
        if report
        else []
    )
    return render(
        request,
        "reports/report.html",
        {
            "form": form,
            "report": report,
            "sections": sections,
            "heading": heading,
            "caption": caption,
            "exports": exports,
            "members": members,
            "query": request.GET.urlencode(),
        },
    )


@requires(Action.VIEW_REPORTS)
def report(request):
    form, scope = _scope(request, (request.user.organisation_id,))
    published = report_for(scope) if scope else None
    if published:
        audit_record(
            actor=request.user,
            action=AuditAction.VIEW,
            description="Impact report",
            detail={"period": published.period},
        )
    return _page(request, published, form, heading="Impact report", caption="Reports", exports=True)


def _export(request, kind: str):
    form, scope = _scope(request, (request.user.organisation_id,))
    if scope is None:
        return _page(request, None, form, heading="Impact report", caption="Reports", exports=True)
    published = report_for(scope)
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        description=f"Impact report ({kind})",
        detail={"period": published.period},
    )
    if kind == "pdf":
        body, content_type = report_pdf(published), "application/pdf"
    else:
        body = report_xlsx(published)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="impact-report.{kind}"'
    return response


@requires(Action.VIEW_REPORTS)
def report_pdf_view(request):
    return _export(request, "pdf")


@requires(Action.VIEW_REPORTS)
def report_xlsx_view(request):
    return _export(request, "xlsx")


@requires(Action.EDIT_REPORT_SETTINGS)
@require_http_methods(["GET", "POST"])
def settings_page(request):
    cost_form = UnitCostForm(request.POST if "add_cost" in request.POST else None)
    comparison_form = ComparisonForm(
        request.POST if "upload" in request.POST else None,
        request.FILES if "upload" in request.POST else None,
    )
    if request.method == "POST" and "add_cost" in request.POST and cost_form.is_valid():
        unit_cost_save(user=request.user, **cost_form.cleaned_data)
        messages.success(request, "Unit cost added")
        return redirect("reports:settings")
    if request.method == "POST" and "upload" in request.POST and comparison_form.is_valid():
        data = comparison_form.cleaned_data
        try:
            comparison_upload(
                user=request.user,
                name=data["name"],
                source=data["source"],
                year=data["year"],
                upload=data["upload"],
            )
        except ValidationError as error:
            comparison_form.add_error("upload", error)
        else:
            messages.success(request, "Comparison population uploaded")
            return redirect("reports:settings")
    return render(
        request,
        "reports/settings.html",
        {
            "cost_form": cost_form,
            "comparison_form": comparison_form,
            "costs": unit_costs_for(request.user.organisation_id),
        },
    )


@requires(Action.VIEW_REPORTS)
@require_http_methods(["GET", "POST"])
def steering(request):
    if request.method == "POST":
        month = month_before(timezone.localdate())
        steering_report_enqueue(
            organisation_id=request.user.organisation_id, month=month, user=request.user
        )
        messages.success(request, f"The report for {month:%B %Y} is being made")
        return redirect("reports:steering")
    kept = (
        SteeringReport.objects.filter(organisation_id=request.user.organisation_id)
        .select_related("job")
        .defer("pdf", "xlsx")
    )
    return render(request, "reports/steering.html", {"reports": kept})


def _steering_file(request, pk: int, kind: str):
    kept = get_allowed(request, SteeringReport, pk, Action.VIEW_REPORTS)
    body = bytes(kept.pdf if kind == "pdf" else kept.xlsx)
    if not body:
        raise Http404("Page not found")
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        obj=kept,
        description=f"Steering-group report ({kind})",
    )
    content_type = (
        "application/pdf"
        if kind == "pdf"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="steering-{kept.month:%Y-%m}.{kind}"'
    return response


@requires(Action.VIEW_REPORTS)
def steering_pdf(request, pk: int):
    return _steering_file(request, pk, "pdf")


@requires(Action.VIEW_REPORTS)
def steering_xlsx(request, pk: int):
    return _steering_file(request, pk, "xlsx")


@requires(Action.VIEW_NETWORK)
def networks(request):
    hosted = networks_hosted_by(request.user.organisation_id)
    return render(request, "reports/networks.html", {"networks": hosted})


@requires(Action.VIEW_NETWORK)
def network_report(request, pk: int):
    network = get_allowed(request, Network, pk, Action.VIEW_NETWORK)
    members = network_organisations(network, timezone.localdate())
    ids = tuple(m.pk for m in members)
    form, scope = _scope(request, ids, network=True)
    published = (
        report_for(scope, title=f"{network.name}: services taking part") if scope and ids else None
    )
    if published:
        audit_record(
            actor=request.user, action=AuditAction.VIEW, obj=network, description="Network report"
        )
    return _page(
        request,
        published,
        form,
        heading=network.name,
        caption=f"Network of {len(ids)} services taking part",
        exports=False,
        members=members,
    )


@requires(Action.JOIN_NETWORK)
@require_http_methods(["GET", "POST"])
def participation(request):
    """The service manager's page: networks that invited the service; agree or withdraw."""
    if request.method == "POST":
        chosen = request.POST.get("network") or ""
        network = Network.objects.filter(pk=chosen).first() if chosen.isdigit() else None
        if network is None or not can(request.user, Action.JOIN_NETWORK, network):
            raise Http404("Page not found")
        today = timezone.localdate()
        if request.POST.get("take_part") == "yes":
            network_join(user=request.user, network=network, on=today)
            messages.success(request, f"Your service now takes part in {network.name}")
        else:
            network_withdraw(user=request.user, network=network, on=today)
            messages.success(request, f"Your service no longer takes part in {network.name}")
        return redirect("reports:participation")
    rows = invitations_to(request.user.organisation_id)
    return render(request, "reports/participation.html", {"rows": rows})


@requires(Action.MANAGE_NETWORKS)
@require_http_methods(["GET", "POST"])
def network_manage_list(request):
    """The host's administrator: the networks it oversees, and a new one."""
    form = NetworkForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            network = network_create(user=request.user, name=form.cleaned_data["name"])
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, f"Network {network.name} created: now invite services")
            return redirect("reports:network-manage-one", pk=network.pk)
    return render(
        request,
        "reports/network_manage_list.html",
        {"form": form, "networks": networks_hosted_by(request.user.organisation_id)},
    )


@requires(Action.MANAGE_NETWORKS)
@require_POST
def network_invitation_withdraw_page(request, pk: int, invitation: int):
    """The host's administrator withdraws an invitation (and the service's part in it)."""
    network = get_allowed(request, Network, pk, Action.MANAGE_NETWORKS)
    invited = get_object_or_404(network.invitations.select_related("organisation"), pk=invitation)
    network_invitation_withdraw(user=request.user, invitation=invited, on=timezone.localdate())
    messages.success(
        request,
        f"The invitation to {invited.organisation.name} is withdrawn: "
        "it is not counted in this network from today",
    )
    return redirect("reports:network-manage-one", pk=network.pk)


@requires(Action.MANAGE_NETWORKS)
@require_http_methods(["GET", "POST"])
def network_manage(request, pk: int):
    """The host's administrator: the services invited, where each stands; invite another."""
    network = get_allowed(request, Network, pk, Action.MANAGE_NETWORKS)
    form = InviteForm(
        request.POST if request.method == "POST" else None, services=services_to_invite(network)
    )
    if request.method == "POST" and form.is_valid():
        organisation = form.cleaned_data["organisation"]
        try:
            network_invite(user=request.user, network=network, organisation=organisation)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request,
                f"{organisation.name} is invited: its service manager agrees on the "
                "'Taking part in networks' page",
            )
            return redirect("reports:network-manage-one", pk=network.pk)
    return render(
        request,
        "reports/network_manage.html",
        {"network": network, "form": form, "rows": network_participations(network)},
    )
