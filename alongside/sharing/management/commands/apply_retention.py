import json

from django.core.management.base import BaseCommand

from alongside.sharing.retention import apply_retention


class Command(BaseCommand):
    help = "Apply the retention policy now (the worker also runs it daily) and report what it did."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; change nothing."
        )

    def handle(self, *args, dry_run: bool, **options):
        report = apply_retention(dry_run=dry_run)
        self.stdout.write(json.dumps(report, indent=2))
