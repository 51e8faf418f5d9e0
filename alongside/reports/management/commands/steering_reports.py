"""`alongside steering_reports`: queue last month's steering-group report for every service
that has none yet (run monthly, e.g. from cron; the worker builds them)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from alongside.accounts.models import Organisation
from alongside.reports.models import SteeringReport
from alongside.reports.services import month_before, steering_report_enqueue


class Command(BaseCommand):
    help = "Queue last month's steering-group report for each service."

    def handle(self, *args, **options):
        month = month_before(timezone.localdate())
        for org in Organisation.objects.filter(kind=Organisation.Kind.SERVICE):
            if not SteeringReport.objects.filter(organisation=org, month=month).exists():
                steering_report_enqueue(organisation_id=org.pk, month=month)
                self.stdout.write(f"Queued {month:%B %Y} for {org.name}")
