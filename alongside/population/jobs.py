"""Background job: link the uploaded extracts and publish the results (and the sample of
pairs for clerical review).

The linkage writes into a fresh working folder; only a finished run is moved into place, in one
rename, and recorded in one transaction. A worker killed half-way leaves no results behind, and
the next attempt starts again from the uploaded files (the linkage is deterministic, so it gives
the same result)."""

import shutil
import uuid
from pathlib import Path

from django.conf import settings
from django.db import transaction

from alongside.jobs.registry import job_handler
from alongside.linkage import InputError, link_applications

from .models import LinkageRun
from .services import review_sample_load


@job_handler("linkage_run")
def run_linkage(*, job, progress) -> dict:
    run = LinkageRun.objects.get(job=job)
    media = Path(settings.MEDIA_ROOT)
    base = media / "linkage" / job.params["folder"]
    work = base / f"work-{uuid.uuid4().hex[:8]}"
    mappings = {kind: media / m["file"] for kind, m in run.mappings.items()}
    try:
        result = link_applications(
            [media / p for p in run.applications],
            work,
            progress=progress,
            bookings=media / run.bookings if run.bookings else None,
            care_leavers=media / run.care_leavers if run.care_leavers else None,
            mapping=mappings.get("applications"),
            list_mappings={k: v for k, v in mappings.items() if k != "applications"},
        )
    except InputError as error:
        raise InputError(_own_names(run, str(error))) from error
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
    with transaction.atomic():
        LinkageRun.objects.filter(pk=run.pk).update(
            results_dir=str(final.relative_to(media)), summary=summary
        )
        # The clerical review sample, for the review pages (alongside.linkage.clerical).
        review_sample_load(run=run, results=final)
    for stale in base.glob("work-*"):  # leftovers of killed attempts
        shutil.rmtree(stale, ignore_errors=True)
    return {"records": result.records, "persons": result.persons}


def _own_names(run: LinkageRun, text: str) -> str:
    """`text` with each stored extract's name (ours) replaced by the person's own file name."""
    for path, name in run.file_names.items():
        stored = Path(path)
        text = text.replace(stored.name, name).replace(stored.stem, Path(name).stem)
    return text
