"""Population linkage in the app: upload extracts, watch the run, read the report."""

import csv
import re
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods

from alongside.audit.models import AuditAction
from alongside.audit.services import audit_record
from alongside.core.access import get_allowed, requires
from alongside.policy import Action, can

from .forms import LinkageRunForm
from .models import LinkageRun
from .services import linkage_run_start

RECORD_FILES = {"persons.csv", "person_records.csv", "links.csv", "early_help_candidates.csv"}
SAFE_NAME = re.compile(r"^[\w.-]+\.csv$")


@requires(Action.VIEW_POPULATION)
@require_http_methods(["GET", "POST"])
def runs(request):
    can_run = can(request.user, Action.RUN_LINKAGE)
    form = (
        LinkageRunForm(request.POST, request.FILES)
        if request.method == "POST"
        else LinkageRunForm()
    )
    if request.method == "POST" and can_run and form.is_valid():
        run = linkage_run_start(
            user=request.user,
            applications=form.cleaned_data["applications"],
            bookings=form.cleaned_data["bookings"],
            care_leavers=form.cleaned_data["care_leavers"],
        )
        return redirect("population:run", pk=run.pk)
    listing = LinkageRun.objects.filter(
        organisation_id=request.user.organisation_id
    ).select_related("job", "created_by")
    return render(
        request, "population/runs.html", {"runs": listing, "form": form, "can_run": can_run}
    )


def _results(run: LinkageRun) -> Path | None:
    return Path(settings.MEDIA_ROOT) / run.results_dir if run.results_dir else None


def _report_fragment(results: Path) -> str:
    """The report's own <main> content (built by our code, every value escaped), without its
    page heading, so it sits inside this page under our styles."""
    html = (results / "report" / "report.html").read_text(encoding="utf-8")
    match = re.search(r"<main>(.*)</main>", html, re.S)
    body = match.group(1) if match else ""
    return re.sub(r"<h1>.*?</h1>", "", body, count=1, flags=re.S)


@requires(Action.VIEW_POPULATION)
def run_detail(request, pk: int):
    run = get_allowed(request, LinkageRun, pk, Action.VIEW_POPULATION)
    results = _results(run)
    context = {"run": run, "job": run.job, "report": None, "report_files": [], "record_files": []}
    if results and results.is_dir():
        context["report"] = mark_safe(_report_fragment(results))  # noqa: S308  # nosec B703 B308
        context["report_files"] = sorted(p.name for p in (results / "report").glob("*.csv"))
        if can(request.user, Action.VIEW_LINKED_RECORDS, run):
            context["record_files"] = sorted(n for n in RECORD_FILES if (results / n).exists())
    audit_record(
        actor=request.user, action=AuditAction.VIEW, obj=run, description="Linkage run report"
    )
    return render(request, "population/run.html", context)


def _send(request, run: LinkageRun, path: Path, description: str):
    if not path.is_file():
        raise Http404("Page not found")
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        obj=run,
        description=description,
        detail={"file": path.name},
    )
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=f"run{run.pk}-{path.name}",
        content_type="text/csv",
    )


@requires(Action.VIEW_POPULATION)
def run_progress(request, pk: int):
    """For the page's script: the job's stage and percentage, polled while it runs."""
    run = get_allowed(request, LinkageRun, pk, Action.VIEW_POPULATION)
    job = run.job
    return JsonResponse(
        {
            "status": job.get_status_display(),
            "stage": job.stage,
            "percent": job.percent,
            "finished": job.is_finished,
        }
    )


@requires(Action.VIEW_POPULATION)
def report_file(request, pk: int, name: str):
    """Suppressed totals: analysts may download them."""
    run = get_allowed(request, LinkageRun, pk, Action.VIEW_POPULATION)
    results = _results(run)
    if results is None or not SAFE_NAME.match(name):
        raise Http404("Page not found")
    return _send(request, run, results / "report" / name, "Recurrence report table downloaded")


@requires(Action.VIEW_LINKED_RECORDS)
def records_file(request, pk: int, name: str):
    """Record-level, identifiable results: service managers only, every download audited."""
    run = get_allowed(request, LinkageRun, pk, Action.VIEW_LINKED_RECORDS)
    results = _results(run)
    if results is None or name not in RECORD_FILES:
        raise Http404("Page not found")
    return _send(request, run, results / name, "Identifiable linkage results downloaded")


@requires(Action.VIEW_LINKED_RECORDS)
def early_help(request, pk: int):
    """Parents with a previous removal who appear in midwifery bookings or care-leaver lists.
    Identifiable: service managers only, and every view is audited."""
    run = get_allowed(request, LinkageRun, pk, Action.VIEW_LINKED_RECORDS)
    results = _results(run)
    path = results / "early_help_candidates.csv" if results else None
    if path is None or not path.is_file():
        raise Http404("Page not found")
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        columns = reader.fieldnames or []
        rows = list(reader)
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        obj=run,
        description="Early-help candidates viewed (identifiable)",
        detail={"rows": len(rows)},
    )
    return render(
        request, "population/early_help.html", {"run": run, "columns": columns, "rows": rows}
    )
