"""`alongside steering_reports`: queue last month's steering-group report for every service
that has none yet (the worker also does this each hour; the worker builds them)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from alongside.reports.services import steering_reports_queue_due


class Command(BaseCommand):
    help = "Queue last month's steering-group report for each service."

    def handle(self, *args, **options):
        for report in steering_reports_queue_due(timezone.localdate()):
            self.stdout.write(f"Queued {report.month:%B %Y} for {report.organisation.name}")
