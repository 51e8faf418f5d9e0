from django.core.management.base import BaseCommand, CommandError

from alongside.audit.models import AuditEntry
from alongside.audit.verify import verify_chain
from alongside.core.progress import ProgressBar


class Command(BaseCommand):
    help = "Check every entry of the audit log and report the first broken link."

    def handle(self, *args, **options):
        bar = ProgressBar("Checking audit log", AuditEntry.objects.count())
        report = verify_chain(progress=lambda done, total: bar.update(done))
        bar.finish()
        if not report.intact:
            raise CommandError(
                f"Audit log is broken at entry {report.first_broken_sequence}: {report.problem}. "
                f"{report.entries_checked} entries before it are intact."
            )
        self.stdout.write(f"Audit log intact: {report.entries_checked} entries checked.")
