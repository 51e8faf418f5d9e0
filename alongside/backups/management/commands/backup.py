from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from alongside.backups.archive import BackupError, backup_create


class Command(BaseCommand):
    help = "Write an encrypted, verified backup of the database and uploaded files."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="Where to write the backup file")

    def handle(self, *args, path: Path, **options):
        if path.exists():
            raise CommandError(f"{path} already exists: choose a new file name.")
        try:
            summary = backup_create(
                path,
                progress=lambda table, n: self.stderr.write(f"\r{table}: {n} rows   ", ending=""),
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stderr.write("")
        self.stdout.write(
            f"Backup written and verified: {summary.path} ({summary.tables} tables, "
            f"{summary.rows} rows, {summary.files} files)."
        )
