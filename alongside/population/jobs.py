"""Background job: link the uploaded extracts and publish the results (and the sample of
pairs for clerical review).

The linkage writes into a fresh working folder; only a finished run is moved into place, in one
rename, and recorded in one transaction. A worker killed half-way leaves no results behind, and
the next attempt starts again from the uploaded files (the linkage is deterministic, so it gives
the same result).

A run checked against an earlier run's clerical decisions gets them as a labels file in its
working folder (record keys and the decision only, written as the labels download writes them),
and its summary keeps the totals of the check."""

import json
import shutil
import uuid
from pathlib import Path

from django.conf import settings
from django.db import transaction

from alongside.audit.models import AuditAction
from alongside.audit.services import audit_record
from alongside.jobs.registry import job_handler
from alongside.linkage import InputError, link_applications
from alongside.linkage.clerical import write_labels

from .models import LinkageRun
from .selectors import review_labels
from .services import review_sample_load


@job_handler("linkage_run")
def run_linkage(*, job, progress) -> dict:
    run = LinkageRun.objects.get(job=job)
    media = Path(settings.MEDIA_ROOT)
    base = media / "linkage" / job.params["folder"]
    work = base / f"work-{uuid.uuid4().hex[:8]}"
    mappings = {kind: media / m["file"] for kind, m in run.mappings.items()}
    labels = _labels_file(run, work) if run.labels_from_id is not None else None
    try:
        result = link_applications(
            [media / p for p in run.applications],
            work,
            progress=progress,
            bookings=media / run.bookings if run.bookings else None,
            care_leavers=media / run.care_leavers if run.care_leavers else None,
            mapping=mappings.get("applications"),
            list_mappings={k: v for k, v in mappings.items() if k != "applications"},
            labels=labels,
            train_from_labels=run.train_from_labels,
        )
    except InputError as error:
        raise InputError(_own_names(run, _labels_named(run, str(error)))) from error
    final = base / "results"
    if final.exists():
        shutil.rmtree(final)
    work.rename(final)
    summary = {
        "records": result.records,
        "persons": result.persons,
        "links": result.links,
        "threshold": result.threshold,
        "seconds": result.seconds,
        "loads": [
            {
                "kind": report.kind,
                "name": _own_names(run, report.path.name),
                "rows_read": report.rows_read,
                "rows_loaded": report.rows_loaded,
                "quarantined": report.quarantined,
                "quarantine_file": report.quarantine_file.name if report.quarantine_file else "",
            }
            for report in result.load_reports
        ],
    }
    if labels is not None:
        summary["labels"] = _labels_summary(run, final)
    with transaction.atomic():
        LinkageRun.objects.filter(pk=run.pk).update(
            results_dir=str(final.relative_to(media)), summary=summary
        )
        # The clerical review sample, for the review pages (alongside.linkage.clerical).
        review_sample_load(run=run, results=final)
    for stale in base.glob("work-*"):  # leftovers of killed attempts
        shutil.rmtree(stale, ignore_errors=True)
    return {"records": result.records, "persons": result.persons}


def _labels_name(run: LinkageRun) -> str:
    return f"run{run.labels_from_id}-review-labels.csv"


def _labels_file(run: LinkageRun, work: Path) -> Path:
    """The decisions made on `run.labels_from`, as the labels download writes them. Leaving
    the database, they are audited as an export, for the person who started the run."""
    source = run.labels_from
    work.mkdir(parents=True, exist_ok=True)
    path = work / _labels_name(run)
    with path.open("w", newline="", encoding="utf-8") as handle:
        written = write_labels(handle, review_labels(source))
    audit_record(
        actor=run.created_by,
        action=AuditAction.EXPORT,
        obj=source,
        description="Clerical review labels used to check a linkage run",
        detail={"run": run.pk, "decisions": written, "train_from_labels": run.train_from_labels},
    )
    if not written:
        raise InputError(
            f"Run {source.pk} has no decisions left to check this run against: each pair decided "
            "there is now marked ‘cannot tell’"
        )
    return path


def _labels_summary(run: LinkageRun, results: Path) -> dict:
    """The totals of the check (from the linkage's summary.json), without the file's name."""
    written = json.loads((results / "summary.json").read_text(encoding="utf-8"))
    labels = written.get("labels") or {}
    kept = ("pairs_read", "pairs_used", "left_out", "check", "used_for_training")
    return {"run": run.labels_from_id, **{k: labels[k] for k in kept if k in labels}}


def _labels_named(run: LinkageRun, text: str) -> str:
    """A message about the labels file in the words of the page: it names the run the
    decisions were made on, and the choice on the form rather than the command's option."""
    if run.labels_from_id is None:
        return text
    name = _labels_name(run)
    return (
        text.replace(f" in {name}", f" decided on run {run.labels_from_id}")
        .replace(name, f"the decisions made on run {run.labels_from_id}")
        .replace(
            "(leave out --train-from-labels)",
            "(start a new run without ‘Also use those decisions to train the model’)",
        )
    )


def _own_names(run: LinkageRun, text: str) -> str:
    """`text` with each stored extract's name (ours) replaced by the person's own file name."""
    for path, name in run.file_names.items():
        stored = Path(path)
        text = text.replace(stored.name, name).replace(stored.stem, Path(name).stem)
    return text
