import signal
import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from alongside.audit.checkpoints import checkpoint_if_due
from alongside.audit.sealing import AuditSealer, seal_pending
from alongside.jobs.services import job_claim_next, job_run, jobs_recover_stalled
from alongside.reports.services import steering_reports_queue_due
from alongside.sharing.retention import apply_retention, retention_due

MONTHLY_CHECK_SECONDS = 3600  # how often the worker looks for a month's reports to queue


class Command(BaseCommand):
    help = "Run background jobs (imports, linkage runs, report builds) until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run queued jobs, then stop.")
        parser.add_argument(
            "--poll", type=float, default=1.0, help="Seconds between looks for work."
        )

    def handle(self, *args, once: bool, poll: float, **options):
        stopping = False

        def stop(signum, frame):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        if once:
            self._loop(once, poll, lambda: stopping)
            seal_pending()
            checkpoint_if_due()
            return
        # Seals the audit log and writes its checkpoints every second, beside any long job.
        sealer = AuditSealer()
        sealer.start()
        try:
            self._loop(once, poll, lambda: stopping)
        finally:
            sealer.stop()

    def _loop(self, once: bool, poll: float, stopping) -> None:
        monthly_checked = None
        while not stopping():
            if (
                monthly_checked is None
                or time.monotonic() - monthly_checked > MONTHLY_CHECK_SECONDS
            ):
                for report in steering_reports_queue_due(timezone.localdate()):
                    self.stdout.write(f"Queued the {report.month:%B %Y} steering-group report.")
                monthly_checked = time.monotonic()
            if retention_due():
                report = apply_retention()
                self.stdout.write(
                    f"Retention policy applied: {report['identity']['parents_anonymised']} parents anonymised."
                )
            for pk in jobs_recover_stalled():
                self.stderr.write(f"Job {pk} had stopped mid-run: recovered.")
            job = job_claim_next()
            if job is None:
                if once:
                    return
                time.sleep(poll)
                continue
            self.stdout.write(f"Running job {job.pk} ({job.kind})")
            job = job_run(job)
            self.stdout.write(
                f"Job {job.pk}: {job.get_status_display()}{': ' + job.message if job.message else ''}"
            )
