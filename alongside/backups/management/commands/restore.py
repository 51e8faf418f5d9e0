from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from alongside.audit.verify import verify_chain
from alongside.backups.archive import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore a backup into an empty database (migrated first), then check the audit log."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The backup file")

    def handle(self, *args, path: Path, **options):
        if not path.is_file():
            raise CommandError(f"{path} does not exist.")
        call_command("migrate", verbosity=0, interactive=False)
        try:
            manifest = backup_restore(
                path,
                progress=lambda table, n: self.stderr.write(f"\r{table}: {n} rows   ", ending=""),
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stderr.write("")
        report = verify_chain()
        if not report.intact:
            raise CommandError(
                f"Restored, but the audit log is broken at entry {report.first_broken_sequence}: {report.problem}"
            )
        rows = sum(t["rows"] for t in manifest["tables"].values())
        self.stdout.write(
            f"Restored {rows} rows from {path}; audit log intact ({report.entries_checked} entries)."
        )
