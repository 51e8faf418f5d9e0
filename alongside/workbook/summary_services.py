"""Writes for the family summary (`workbook.summary`): asking for one, building it (at once,
or in the background when the record in the dates is large) and downloading it. Each write is
one transaction with its audit entry; the summary is built before its transaction opens, so
nothing is held locked while it is read and laid out."""

import json
from dataclasses import asdict
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from alongside.accounts.models import Organisation
from alongside.audit.models import AuditAction
from alongside.audit.services import audit_record, create_audited
from alongside.jobs.services import job_enqueue
from alongside.people.models import Parent

from .models import FamilySummary
from .summary import (
    LARGE,
    SUMMARY_JOB,
    build_summary,
    encode_pdf,
    stored_content,
    summary_pdf,
    timeline_size,
)

END_BEFORE_START = "The end date must be the same as or after the start date"


def consent_organisations(parent: Parent):
    """The organisations a court or conference summary may go to under the parent's consent:
    those the parent has given a consent to (in force or not; it is checked when built)."""
    return Organisation.objects.filter(pk__in=parent.consents.values("organisation_id")).order_by(
        "name"
    )


def _fill(summary: FamilySummary, progress=None) -> FamilySummary:
    """Build what the summary holds and its PDF (not saved)."""
    content = asdict(build_summary(summary, progress))

    def laid_out(done: int, total: int) -> None:
        if progress:
            progress("Writing the PDF", done, total)

    summary.pdf_text = encode_pdf(summary_pdf(content, on_progress=laid_out))
    summary.content = json.dumps(content)
    summary.finished_at = timezone.now()
    return summary


def _withheld(summary: FamilySummary) -> list[str]:
    content = stored_content(summary)
    return content["withheld"] if content else []


def summary_request(
    *,
    parent: Parent,
    requested_by,
    recipient: str,
    recipient_name: str,
    starts_on: date,
    ends_on: date,
    services_view: str,
    organisation: Organisation | None = None,
    every_contact: bool = False,
) -> FamilySummary:
    """Ask for a summary. A small one is built at once; a large one (more than `LARGE`
    timeline items in the dates) is queued for the worker, which shows its progress.
    Whether the person may is the policy's (Action.SUMMARISE_FAMILY)."""
    problems = {}
    if recipient not in FamilySummary.Recipient.values:
        problems["recipient"] = "Choose who the summary is for"
    if not recipient_name.strip():
        problems["recipient_name"] = "Enter who the summary is for"
    if ends_on < starts_on:
        problems["ends_on"] = END_BEFORE_START
    if not services_view.strip():
        problems["services_view"] = "Enter the service's view"
    if recipient == FamilySummary.Recipient.NEW_WORKER:
        organisation = None  # the service's own: nothing is withheld
    elif (
        organisation is not None
        and not consent_organisations(parent).filter(pk=organisation.pk).exists()
    ):
        problems["organisation"] = "Choose an organisation the parent has given consent to"
    if problems:
        raise ValidationError(problems)
    summary = FamilySummary(
        parent=parent,
        recipient=recipient,
        recipient_name=recipient_name.strip(),
        recipient_organisation=organisation,
        starts_on=starts_on,
        ends_on=ends_on,
        every_contact=every_contact,
        services_view=services_view.strip(),
        created_by=requested_by,
    )
    large = timeline_size(parent, starts_on, ends_on) > LARGE
    if not large:
        _fill(summary)
    description = f"Summary for {summary.get_recipient_display().lower()} created"
    with transaction.atomic():
        create_audited(
            summary,
            actor=requested_by,
            description=description if not large else f"{description} (built in the background)",
            detail={
                "recipient": recipient,
                "starts_on": starts_on.isoformat(),
                "ends_on": ends_on.isoformat(),
                "withheld": _withheld(summary),
            },
        )
        if large:
            summary.job = job_enqueue(
                kind=SUMMARY_JOB, params={"summary": summary.pk}, created_by=requested_by
            )
            summary.save(update_fields=["job"])
    return summary


def summary_build(*, summary: FamilySummary, progress=None) -> FamilySummary:
    """Build a queued summary (the worker's job): read and laid out first, then saved with its
    audit entry in one transaction, so a run that is stopped leaves nothing half-written."""
    _fill(summary, progress)
    with transaction.atomic():
        FamilySummary.objects.filter(pk=summary.pk).update(
            content=summary.content, pdf_text=summary.pdf_text, finished_at=summary.finished_at
        )
        audit_record(
            actor=summary.created_by,
            action=AuditAction.UPDATE,
            obj=summary,
            description="Summary built in the background",
            detail={"withheld": _withheld(summary)},
        )
    return summary


def summary_downloaded(*, summary: FamilySummary, by) -> None:
    """Every download is audited: for the parent, and for any other parent it names (a
    partner), as the subject access letter does."""
    audit_record(
        actor=by,
        action=AuditAction.EXPORT,
        obj=summary,
        description=f"Summary for {summary.get_recipient_display().lower()} downloaded (pdf)",
    )
    content = stored_content(summary) or {}
    for other in content.get("others_named", []):
        audit_record(
            actor=by,
            action=AuditAction.EXPORT,
            obj=summary,
            parent_id=other,
            description="Named in another parent's summary (pdf)",
        )
