from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from alongside.directory.loading import read_services
from alongside.directory.services import directory_load

DEFAULT = Path(__file__).resolve().parents[2] / "data" / "services.csv"


class Command(BaseCommand):
    help = (
        "Load the directory of recurrent care services from its data file (all rows checked "
        "first; any bad row and nothing is loaded)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", type=Path, default=DEFAULT)
        parser.add_argument(
            "--check", action="store_true", help="Only check the file; load nothing."
        )

    def handle(self, *args, file: Path, check: bool, **options):
        if not file.is_file():
            raise CommandError(f"{file} does not exist.")
        try:
            text = file.read_text(encoding="utf-8")
        except UnicodeDecodeError as error:
            raise CommandError(f"{file} is not UTF-8 text: {error}") from error
        rows, errors = read_services(text)
        if errors:
            for error in errors:
                self.stderr.write(f"{file.name}: {error}")
            raise CommandError(
                f"{len(errors)} problem(s) in {len({e.line for e in errors})} row(s): "
                "nothing was loaded. Fix them and run the command again."
            )
        if check:
            self.stdout.write(f"{len(rows)} rows are ready to load.")
            return
        result = directory_load(rows=rows)
        self.stdout.write(
            f"Directory loaded from {file.name}: {result.created} added, {result.updated} "
            f"changed, {result.unchanged} unchanged."
        )
