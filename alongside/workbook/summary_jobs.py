"""Background job: build a large family summary (`workbook.summary`) with visible progress.

Nothing is saved until the summary is read and laid out, then it is saved with its audit entry
in one transaction, so a killed run leaves the summary waiting and the next attempt builds it
again from the start."""

from alongside.jobs.registry import job_handler

from .models import FamilySummary
from .summary import SUMMARY_JOB
from .summary_services import summary_build

# Progress is written to the job (and so to the database) at most this often per stage.
STEPS = 20


@job_handler(SUMMARY_JOB)
def build_family_summary(*, job, progress) -> dict:
    summary = FamilySummary.objects.select_related(
        "parent__organisation", "created_by", "recipient_organisation"
    ).get(pk=job.params["summary"])
    if summary.is_ready:  # built by an earlier attempt that stopped after saving
        return {"summary": summary.pk}
    last: dict[str, int] = {}

    def throttled(stage: str, done: int, total: int) -> None:
        step = done * STEPS // total if total else 0
        if last.get(stage) != step:
            last[stage] = step
            progress(stage, done, total)

    summary_build(summary=summary, progress=throttled)
    progress("Done", 1, 1)
    return {"summary": summary.pk}
