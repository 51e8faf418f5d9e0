"""Population linkage in the app: upload extracts (matching their columns on screen when they
need it), watch the run, read the report, work through the early-help list, and check a sample
of the run's links (clerical review), whose decisions can check (or train) the next run."""

import re
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods

from alongside.audit.models import AuditAction
from alongside.audit.services import audit_record
from alongside.core.access import get_allowed, requires
from alongside.linkage.clerical import labels_csv
from alongside.linkage.mapping import suggest_columns
from alongside.policy import Action, can
from alongside.referrals.forms import referral_prefill_offer
from alongside.referrals.models import ReferralSource

from .forms import KIND_NAMES, ColumnMappingForm, LinkageRunForm, ReviewDecisionForm
from .models import LinkageRun, ReviewPair
from .selectors import (
    early_help_rows,
    known_mappings,
    labels_check,
    review_decisions,
    review_fields,
    review_label_source,
    review_label_sources,
    review_labels,
    review_next_pair,
    review_pair,
    review_progress,
    review_records,
    review_results,
    upload_match,
    upload_missing,
    upload_unused,
)
from .services import (
    column_mapping_save,
    linkage_run_start_from_upload,
    review_decision_record,
)
from .uploads import FIELD_KINDS, PendingUpload, pending_sweep

RECORD_FILES = {"persons.csv", "person_records.csv", "links.csv", "early_help_candidates.csv"}
SAFE_NAME = re.compile(r"^[\w.-]+\.csv$")
UPLOAD_SESSION_KEY = "population_upload"


# --- Uploading extracts ----------------------------------------------------------------------


def _kept(request) -> PendingUpload | None:
    return PendingUpload.from_session(request.session.get(UPLOAD_SESSION_KEY))


def _remember(request, upload: PendingUpload) -> None:
    request.session[UPLOAD_SESSION_KEY] = upload.as_session()


def _forget(request) -> None:
    request.session.pop(UPLOAD_SESSION_KEY, None)


def _keep(request, kept: PendingUpload | None, checked: dict) -> PendingUpload:
    """Store the files that passed their checks, so nothing chosen has to be chosen again."""
    pending_sweep()
    upload = kept or PendingUpload.new()
    for field_name, (uploads, headings) in checked.items():
        upload.keep(field_name, uploads, headings)
    _remember(request, upload)
    return upload


def _labels_from(request, upload: PendingUpload) -> LinkageRun | None:
    """The earlier run whose decisions were chosen to check this run, if the user may still
    see them (they are identifiable record keys); raises ValidationError when not."""
    if upload.labels_from is None:
        return None
    source = review_label_source(request.user.organisation_id, upload.labels_from)
    if source is None or not can(request.user, Action.REVIEW_LINKAGE, source):
        raise ValidationError(
            "The decisions you chose to check this run against cannot be used. Choose again"
        )
    return source


def _start(request, upload: PendingUpload):
    """Start the run once every kind of extract has a mapping that fits (raises
    ValidationError when the kept files are gone)."""
    unused = upload_unused(upload, request.user.organisation_id)
    run = linkage_run_start_from_upload(
        user=request.user,
        upload=upload,
        labels_from=_labels_from(request, upload),
        train_from_labels=upload.train_from_labels,
    )
    _forget(request)
    messages.success(request, f"Linkage run {run.pk} started")
    for name, headings in unused.items():
        messages.success(
            request, f"{name} has columns Alongside does not use, left out: {', '.join(headings)}"
        )
    return redirect("population:run", pk=run.pk)


def _go_on(request, upload: PendingUpload):
    """Start the run, or ask for the columns of a file whose headings no mapping fits."""
    upload_match(upload, request.user.organisation_id)
    _remember(request, upload)
    if upload.unmatched_kinds:
        return redirect("population:columns", token=upload.token)
    return _start(request, upload)


@requires(Action.VIEW_POPULATION)
@require_http_methods(["GET", "POST"])
def runs(request):
    can_run = can(request.user, Action.RUN_LINKAGE)
    kept = _kept(request) if can_run else None
    if request.method == "POST" and can_run and "discard" in request.POST:
        if kept:
            kept.discard()
        _forget(request)
        messages.success(request, "The files you chose were removed")
        return redirect("population:runs")
    # The decisions of earlier runs are identifiable record keys: only those who may review
    # them are offered them (for anyone else the form has no such choice).
    sources = (
        review_label_sources(request.user.organisation_id)
        if can_run and can(request.user, Action.REVIEW_LINKAGE)
        else []
    )
    form = (
        LinkageRunForm(request.POST, request.FILES, kept=kept, label_sources=sources)
        if request.method == "POST"
        else LinkageRunForm(
            kept=kept,
            label_sources=sources,
            initial={"labels_from": kept.labels_from, "train_from_labels": kept.train_from_labels}
            if kept
            else None,
        )
    )
    if request.method == "POST" and can_run:
        valid = form.is_valid()
        if form.checked:
            kept = form.kept = _keep(request, kept, form.checked)
        if valid:
            kept.labels_from, kept.train_from_labels = form.labels_choice()
            try:
                return _go_on(request, kept)
            except ValidationError as error:
                kept.discard()
                _forget(request)
                kept = form.kept = None
                form.add_error(None, error)
    listing = LinkageRun.objects.filter(
        organisation_id=request.user.organisation_id
    ).select_related("job", "created_by")
    fields = [
        (form[name], [f.name for f in kept.files_for(name)] if kept else []) for name in FIELD_KINDS
    ]
    return render(
        request,
        "population/runs.html",
        {"runs": listing, "form": form, "fields": fields, "can_run": can_run, "kept": kept},
    )


@requires(Action.RUN_LINKAGE)
@require_http_methods(["GET", "POST"])
def columns(request, token: str):
    """Match the columns of an extract whose headings no mapping fits: one choice per column
    Alongside uses, suggested from the headings' names; saved as a named mapping the next file
    with the same columns is read with, and the run starts once every file has one."""
    upload = _kept(request)
    if upload is None or upload.token != token:
        raise Http404("Page not found")
    if not upload.unmatched_kinds:
        return redirect("population:runs")
    kind = upload.unmatched_kinds[0]
    files = upload.files_of_kind(kind)
    organisation_id = request.user.organisation_id
    form = ColumnMappingForm(
        request.POST if request.method == "POST" else None,
        kind=kind,
        file=files[0],
        others=files[1:],
        initial={
            **suggest_columns(kind, files[0].headings, known_mappings(organisation_id, kind)),
            "name": f"{KIND_NAMES[kind].capitalize()} like {files[0].name}"[:100],
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = column_mapping_save(
                user=request.user,
                kind=kind,
                name=form.cleaned_data["name"],
                columns=form.columns(),
            )
            upload.mappings[kind] = saved.pk
            _remember(request, upload)
            if upload.unmatched_kinds:
                return redirect("population:columns", token=token)
            return _start(request, upload)
        except ValidationError as error:
            form.add_error(None, error)
    return render(
        request,
        "population/columns.html",
        {
            "form": form,
            "file": files[0],
            "files": files,
            "kind_name": KIND_NAMES[kind],
            "missing": upload_missing(upload, kind),
            "to_match": len(upload.unmatched_kinds),
        },
    )


# --- A run and its results -------------------------------------------------------------------


def _results(run: LinkageRun) -> Path | None:
    return Path(settings.MEDIA_ROOT) / run.results_dir if run.results_dir else None


def _report_fragment(results: Path) -> str:
    """The report's own <main> content (built by our code, every value escaped), without its
    page heading, so it sits inside this page under our styles."""
    html = (results / "report" / "report.html").read_text(encoding="utf-8")
    match = re.search(r"<main>(.*)</main>", html, re.S)
    body = match.group(1) if match else ""
    return re.sub(r"<h1>.*?</h1>", "", body, count=1, flags=re.S)


def _files(run: LinkageRun) -> list[tuple[str, list[str], str]]:
    """Each kind of extract in the run: its name, the person's own file names, the mapping."""
    stored = {
        "applications": run.applications,
        "midwifery_bookings": [run.bookings] if run.bookings else [],
        "care_leavers": [run.care_leavers] if run.care_leavers else [],
    }
    return [
        (
            KIND_NAMES[kind],
            [run.file_name(path) for path in paths],
            run.mappings.get(kind, {}).get("name", ""),
        )
        for kind, paths in stored.items()
        if paths and all(run.file_name(path) for path in paths)
    ]


@requires(Action.VIEW_POPULATION)
def run_detail(request, pk: int):
    run = get_allowed(request, LinkageRun, pk, Action.VIEW_POPULATION)
    results = _results(run)
    context = {
        "run": run,
        "job": run.job,
        "report": None,
        "report_files": [],
        "record_files": [],
        "files": _files(run),
        # Totals only: how the run agrees with the earlier decisions it was checked against.
        "labels_check": labels_check(run),
    }
    if results and results.is_dir():
        context["report"] = mark_safe(_report_fragment(results))  # noqa: S308  # nosec B703 B308
        context["report_files"] = sorted(p.name for p in (results / "report").glob("*.csv"))
        if can(request.user, Action.VIEW_LINKED_RECORDS, run):
            context["record_files"] = sorted(n for n in RECORD_FILES if (results / n).exists())
        # Totals only: how many pairs were checked and the accuracy they imply.
        context["review"] = review_results(run)
        context["can_review"] = can(request.user, Action.REVIEW_LINKAGE, run)
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


# --- The early-help worklist -----------------------------------------------------------------


@requires(Action.VIEW_LINKED_RECORDS)
def early_help(request, pk: int):
    """Parents with a previous removal who appear in midwifery bookings or care-leaver lists,
    as a worklist: the likeliest match first. Identifiable: service managers only, and every
    view is audited."""
    run = get_allowed(request, LinkageRun, pk, Action.VIEW_LINKED_RECORDS)
    rows = early_help_rows(run)
    if rows is None:
        raise Http404("Page not found")
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        obj=run,
        description="Early-help candidates viewed (identifiable)",
        detail={"rows": len(rows)},
    )
    return render(
        request,
        "population/early_help.html",
        {"run": run, "rows": rows, "can_refer": can(request.user, Action.CREATE_REFERRAL)},
    )


@requires(Action.VIEW_LINKED_RECORDS, Action.CREATE_REFERRAL)
def early_help_refer(request, pk: int, person: str):
    """'Start a referral' on the worklist: the new referral form, with this person's name and
    date of birth filled in. They go through the session, never the address."""
    run = get_allowed(request, LinkageRun, pk, Action.VIEW_LINKED_RECORDS)
    row = next((r for r in early_help_rows(run) or [] if r.person == person), None)
    if row is None:
        raise Http404("Page not found")
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        obj=run,
        description="Early-help candidate taken to a new referral (identifiable)",
        detail={"person": row.person},
    )
    referral_prefill_offer(
        request.session,
        parent={
            "given_name": row.given_name,
            "family_name": row.family_name,
            "date_of_birth": row.date_of_birth,
        },
        referral={
            "source": ReferralSource.OTHER,
            "referrer_organisation": f"Early-help list (linkage run {run.pk})",
        },
    )
    return redirect("referrals:new")


# --- Clerical review: check a sample of the run's links -------------------------------------


def _review_page(request, run: LinkageRun, pair: ReviewPair | None, form, status: int = 200):
    """The review page: progress, and the pair to decide (both records side by side). Each
    pair shown is identifiable and its view is audited."""
    progress = review_progress(run)
    context = {"run": run, "pair": pair, "form": form, "progress": progress}
    if pair is not None:
        context["fields"] = review_fields(pair)
        context["records"] = review_records(pair)
        audit_record(
            actor=request.user,
            action=AuditAction.VIEW,
            obj=pair,
            description="Clerical review pair viewed (identifiable)",
            detail={
                "run": run.pk,
                "pair": pair.pk,
                "record_keys": [pair.record_key_l, pair.record_key_r],
            },
        )
    return render(request, "population/review.html", context, status=status)


@requires(Action.REVIEW_LINKAGE)
@require_http_methods(["GET"])
def review(request, pk: int):
    """The next pair of the run's review sample with no decision yet."""
    run = get_allowed(request, LinkageRun, pk, Action.REVIEW_LINKAGE)
    return _review_page(request, run, review_next_pair(run), ReviewDecisionForm())


@requires(Action.REVIEW_LINKAGE)
@require_http_methods(["GET", "POST"])
def review_decide(request, pk: int, pair: int):
    """One pair: decide it, or change the decision made on it."""
    run = get_allowed(request, LinkageRun, pk, Action.REVIEW_LINKAGE)
    shown = review_pair(run, pair)
    if shown is None:
        raise Http404("Page not found")
    decided = getattr(shown, "decision", None)
    if request.method == "POST":
        form = ReviewDecisionForm(request.POST)
        if form.is_valid():
            review_decision_record(
                user=request.user, pair=shown, decision=form.cleaned_data["decision"]
            )
            if decided is not None:
                messages.success(request, f"Your decision on pair {shown.number} was changed")
            return redirect("population:review", pk=run.pk)
    else:
        form = ReviewDecisionForm(initial={"decision": decided.decision} if decided else None)
    return _review_page(request, run, shown, form)


@requires(Action.REVIEW_LINKAGE)
def review_decided(request, pk: int):
    """The decisions made so far, each with a link to change it (no one's details here)."""
    run = get_allowed(request, LinkageRun, pk, Action.REVIEW_LINKAGE)
    return render(
        request,
        "population/review_decisions.html",
        {"run": run, "decisions": review_decisions(run), "progress": review_progress(run)},
    )


@requires(Action.REVIEW_LINKAGE)
def review_labels_file(request, pk: int):
    """The decisions as a Splink labels file (unique_id_l, unique_id_r, clerical_match_score),
    to train or check the next run. Record keys only; the download is audited."""
    run = get_allowed(request, LinkageRun, pk, Action.REVIEW_LINKAGE)
    labels = review_labels(run)
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        obj=run,
        description="Clerical review labels downloaded",
        detail={"decisions": len(labels)},
    )
    response = HttpResponse(labels_csv(labels), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="run{run.pk}-review-labels.csv"'
    return response
