import shutil
import uuid
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from alongside.accounts.models import User
from alongside.core.progress import ProgressBar
from alongside.jobs.models import Job
from alongside.jobs.services import job_claim, job_enqueue, job_run
from alongside.people.imports import ImportFileError, check_import_size, read_rows


class Command(BaseCommand):
    help = "Import parents from a CSV file as a background job (runs it now unless --queue)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--as-user", required=True, help="Username of the person importing")
        parser.add_argument(
            "--queue", action="store_true", help="Only queue it for `alongside worker`."
        )

    def handle(self, *args, file: Path, as_user: str, queue: bool, **options):
        if not file.is_file():
            raise CommandError(f"{file} does not exist.")
        user = User.objects.filter(username=as_user).first()
        if user is None or user.organisation_id is None:
            raise CommandError(f"No user {as_user!r} in a service.")
        try:
            check_import_size(file.stat().st_size)
            read_rows(file.read_bytes())
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        stored = Path("imports") / f"{uuid.uuid4().hex}.csv"
        (Path(settings.MEDIA_ROOT) / stored).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(file, Path(settings.MEDIA_ROOT) / stored)
        job = job_enqueue(
            kind="import_parents",
            params={
                "file": str(stored),
                "organisation_id": user.organisation_id,
                "user_id": user.pk,
            },
            created_by=user,
        )
        if queue:
            self.stdout.write(f"Queued as job {job.pk}.")
            return
        claimed = job_claim(job.pk)
        if claimed is None:
            raise CommandError(
                f"Job {job.pk} was taken by a running worker; see its progress there."
            )
        bar = ProgressBar("Importing", 1)

        def show(stage, done, total):
            bar.label, bar.total = stage, max(total, 1)
            bar.update(done)

        claimed = job_run(claimed, on_progress=show)
        bar.finish()
        if claimed.status != Job.Status.SUCCEEDED:
            raise CommandError(f"Import failed: {claimed.message}")
        self.stdout.write(
            f"Imported {claimed.result['imported']} parents; {claimed.result['rejected']} rows need fixing"
            + (
                f" (see {claimed.result['quarantine']} under MEDIA_ROOT)."
                if claimed.result.get("quarantine")
                else "."
            )
        )
