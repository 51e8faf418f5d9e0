"""Background job: build a month's steering-group report (PDF and spreadsheet) and keep it.

The files are built aside and saved in one transaction at the end, so a killed run leaves the
report empty and the next attempt builds it again."""

import calendar
from datetime import date

from django.db import transaction
from django.utils import timezone

from alongside.jobs.registry import job_handler

from .exports import report_pdf, report_xlsx
from .models import SteeringReport
from .selectors import Scope, report_for
from .services import STEERING_JOB


@job_handler(STEERING_JOB)
def build_steering_report(*, job, progress) -> dict:
    report = SteeringReport.objects.get(job=job)
    month = date.fromisoformat(job.params["month"])
    end = month.replace(day=calendar.monthrange(month.year, month.month)[1])
    progress("Counting", 0, 3)
    scope = Scope(start=month, end=end, organisation_ids=(report.organisation_id,))
    published = report_for(scope, title=f"Steering-group report, {month:%B %Y}")
    progress("Writing the PDF", 1, 3)
    pdf = report_pdf(published)
    progress("Writing the spreadsheet", 2, 3)
    xlsx = report_xlsx(published)
    with transaction.atomic():
        SteeringReport.objects.filter(pk=report.pk).update(
            pdf=pdf, xlsx=xlsx, finished_at=timezone.now()
        )
    progress("Done", 3, 3)
    return {"report": report.pk, "pdf_bytes": len(pdf), "xlsx_bytes": len(xlsx)}
