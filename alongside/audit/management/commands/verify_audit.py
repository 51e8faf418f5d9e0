from django.core.management.base import BaseCommand, CommandError

from alongside.audit.models import AuditEntry
from alongside.audit.sealing import seal_pending
from alongside.audit.verify import verify_chain
from alongside.core.progress import ProgressBar


class Command(BaseCommand):
    help = (
        "Seal the entries waiting to be sealed, then check every entry of the audit log and "
        "report the first broken link."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-seal",
            action="store_true",
            help="Check only: leave entries waiting to be sealed as they are (each is still "
            "checked by its own MAC).",
        )

    def handle(self, *args, no_seal: bool = False, **options):
        if not no_seal:
            sealed = seal_pending()
            if sealed:
                self.stdout.write(f"Sealed {sealed} entries that were waiting.")
        bar = ProgressBar("Checking audit log", AuditEntry.objects.count())
        report = verify_chain(progress=lambda done, total: bar.update(done))
        bar.finish()
        if not report.intact:
            where = (
                f" at entry {report.first_broken_sequence}"
                if report.first_broken_sequence is not None
                else ""
            )
            raise CommandError(
                f"Audit log is broken{where}: {report.problem}. "
                f"{report.entries_checked} entries before it are intact."
            )
        waiting = f"; {report.waiting} waiting to be sealed, each intact" if report.waiting else ""
        self.stdout.write(f"Audit log intact: {report.entries_checked} entries checked{waiting}.")
