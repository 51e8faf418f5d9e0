"""The retention policy: how long each kind of record is kept after the work with a parent
ends, applied by a scheduled task that erases or anonymises and reports what it did.

Configure with RETENTION_YEARS in settings, e.g. {"case_notes": 7, "identity": 10}:
- case_notes: contact notes, referral reasons, decision and closing notes are erased;
- identity: names, date of birth (the year is kept for statistics), NHS number, contact
  details, previous names and children's names are removed, so the record counts but no
  longer identifies anyone.
Counted from the day the parent's last episode closed; parents with open work or a referral
awaiting a decision are never touched. The audit log is never changed.
"""

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from alongside.audit.models import AuditAction
from alongside.audit.services import Actor, audit_record
from alongside.casework.models import Contact, Episode
from alongside.people.models import Child, Parent, PreviousName
from alongside.referrals.models import Referral

from .models import RetentionRun

DEFAULT_YEARS = {"case_notes": 7, "identity": 10}
SYSTEM = Actor(id=None, label="retention policy")


def retention_years() -> dict[str, int]:
    return {**DEFAULT_YEARS, **getattr(settings, "RETENTION_YEARS", {})}


def _years_before(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def parents_closed_before(cutoff: date):
    """Parents whose work all ended before `cutoff`, with nothing open or awaiting decision."""
    busy = Q(episodes__status__in=[Episode.Status.WAITING, Episode.Status.ACTIVE]) | Q(
        referrals__status=Referral.Status.AWAITING_DECISION
    )
    return (
        Parent.objects.annotate(last_closed=Max("episodes__closed_on"))
        .filter(last_closed__lt=cutoff)
        .exclude(pk__in=Parent.objects.filter(busy).values("pk"))
    )


def apply_retention(*, today: date | None = None, dry_run: bool = False) -> dict:
    today = today or timezone.localdate()
    years = retention_years()
    report: dict = {"today": today.isoformat(), "years": years, "dry_run": dry_run}

    notes_parents = list(
        parents_closed_before(_years_before(today, years["case_notes"])).values_list(
            "pk", flat=True
        )
    )
    contacts = Contact.objects.filter(episode__parent_id__in=notes_parents).exclude(notes="")
    referrals = Referral.objects.filter(parent_id__in=notes_parents).exclude(reason="")
    report["case_notes"] = {
        "parents": len(notes_parents),
        "contact_notes_erased": contacts.count(),
        "referral_reasons_erased": referrals.count(),
    }

    identity_parents = list(
        parents_closed_before(_years_before(today, years["identity"]))
        .exclude(given_name="Anonymised")
        .values_list("pk", flat=True)
    )
    report["identity"] = {
        "parents_anonymised": len(identity_parents),
        "parent_ids": identity_parents,
    }
    if dry_run:
        RetentionRun.objects.create(dry_run=True, report=report)
        return report

    with transaction.atomic():
        contacts.update(notes="")
        referrals.update(reason="", decision_note="")
        Episode.objects.filter(parent_id__in=notes_parents).update(closure_note="")
        for pk in notes_parents:
            audit_record(
                actor=SYSTEM,
                action=AuditAction.UPDATE,
                parent_id=pk,
                description="Retention: case notes erased",
            )
        for parent in Parent.objects.filter(pk__in=identity_parents):
            born = parent.date_of_birth
            parent.given_name = "Anonymised"
            parent.family_name = f"parent {parent.pk}"
            parent.preferred_name = ""
            parent.date_of_birth = date(born.year, 1, 1) if born else None
            parent.nhs_number = parent.phone = parent.email = parent.address = parent.postcode = ""
            parent.save()
            PreviousName.objects.filter(parent=parent).delete()
            Child.objects.filter(parent=parent).update(given_name="")
            audit_record(
                actor=SYSTEM,
                action=AuditAction.UPDATE,
                obj=parent,
                description="Retention: identity removed",
            )
        RetentionRun.objects.create(dry_run=False, report=report)
    return report


def retention_due(now=None) -> bool:
    """The scheduled task runs once a day."""
    now = now or timezone.now()
    last = RetentionRun.objects.filter(dry_run=False).order_by("-ran_at").first()
    return last is None or last.ran_at < now - timedelta(days=1)
