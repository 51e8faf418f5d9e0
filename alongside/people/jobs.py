"""Background job: import parents from an uploaded CSV file."""

from pathlib import Path

from django.conf import settings

from alongside.accounts.models import Organisation, User
from alongside.jobs.registry import job_handler
from alongside.jobs.services import job_checkpoint

from .imports import import_parents, write_quarantine


@job_handler("import_parents")
def run_import_parents(*, job, progress) -> dict:
    path = Path(settings.MEDIA_ROOT) / job.params["file"]
    organisation = Organisation.objects.get(pk=job.params["organisation_id"])
    by = User.objects.get(pk=job.params["user_id"])
    result = import_parents(
        data=path.read_bytes(),
        organisation=organisation,
        imported_by=by,
        progress=progress,
        already_saved=job.checkpoint.get("saved", 0),
        on_chunk_saved=lambda saved, total: job_checkpoint(
            job, {"saved": saved}, "Saving parents", saved, total
        ),
    )
    outcome = {"imported": result.imported, "rejected": len(result.rejected)}
    if result.rejected:
        quarantine = path.with_name(f"{path.stem}-rejected-rows-job{job.pk}.csv")
        write_quarantine(result.rejected, quarantine)
        outcome["quarantine"] = str(quarantine.relative_to(settings.MEDIA_ROOT))
    return outcome
