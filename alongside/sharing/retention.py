"""The retention policy: how long each kind of record is kept after the work with a parent
ends, applied by a scheduled task that erases, anonymises or deletes, and reports what it did.

What happens to each model is in one registry, `sharing.parent_data.REGISTRY`; the schedule in
words is `docs/retention.md`. The periods:

- RETENTION_YEARS in settings, e.g. {"case_notes": 7, "identity": 10, "not_worked_with": 2}:
  - case_notes: free text about the parent (notes, plans, goals, reviews, measures' answers,
    reasons for disclosures and break-glass, ...) is erased;
  - identity: the parent is anonymised (the year of birth is kept for statistics), earlier
    names and the history of changes to their details are deleted, children's names removed;
  - not_worked_with: both of the above, for a parent whose referral was not accepted (or who
    was never referred), counted from the decision (or from when the record was added).
- RETENTION_DAYS, e.g. {"drafts": 30, "import_files": 30, "linkage_files": 365,
  "other_files": 365}: unsent form drafts, and files under the media folder.

The clock starts when the work ended: the latest of the day the parent's last episode closed,
their last 'door open' contact and the day a referral was declined. Parents with open work or
a referral awaiting a decision are never touched. The audit log is never changed: it holds ids
and actions, not content.
"""

from datetime import date, datetime, time, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Max, OuterRef, Q, Subquery
from django.utils import timezone

from alongside.audit.models import AuditAction
from alongside.audit.services import Actor, audit_record
from alongside.casework.models import Contact, Episode
from alongside.core.models import FormDraft
from alongside.jobs.models import Job
from alongside.people.models import Child, Parent
from alongside.population.models import LinkageRun
from alongside.referrals.models import Referral

from .models import RetentionRun
from .parent_data import REGISTRY, Action, Holding, Stage

DEFAULT_YEARS = {"case_notes": 7, "identity": 10, "not_worked_with": 2}
DEFAULT_DAYS = {"drafts": 30, "import_files": 30, "linkage_files": 365, "other_files": 365}
SYSTEM = Actor(id=None, label="retention policy")
ANONYMISED = "Anonymised"


def retention_years() -> dict[str, int]:
    return {**DEFAULT_YEARS, **getattr(settings, "RETENTION_YEARS", {})}


def retention_days() -> dict[str, int]:
    return {**DEFAULT_DAYS, **getattr(settings, "RETENTION_DAYS", {})}


def _years_before(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


# Which parents are due ----------------------------------------------------------------------


def _latest(queryset, field: str):
    return Subquery(
        queryset.filter(parent=OuterRef("pk"))
        .order_by()
        .values("parent")
        .annotate(latest=Max(field))
        .values("latest")[:1]
    )


def work_ended() -> dict[int, tuple[date, bool]]:
    """{parent id: (the day the work ended, whether the service worked with them)} for every
    parent with nothing open and no referral awaiting a decision."""
    busy = Q(episodes__status__in=[Episode.Status.WAITING, Episode.Status.ACTIVE]) | Q(
        referrals__status=Referral.Status.AWAITING_DECISION
    )
    rows = (
        Parent.objects.exclude(pk__in=Parent.objects.filter(busy).values("pk"))
        .annotate(
            last_closed=_latest(Episode.objects, "closed_on"),
            last_contact=Subquery(
                Contact.objects.filter(episode__parent=OuterRef("pk"), door_open=True)
                .order_by("-happened_on")
                .values("happened_on")[:1]
            ),
            last_declined=_latest(
                Referral.objects.filter(status=Referral.Status.DECLINED), "decided_on"
            ),
            last_declined_received=_latest(
                Referral.objects.filter(status=Referral.Status.DECLINED), "received_on"
            ),
        )
        .order_by("pk")
        .values_list(
            "pk",
            "last_closed",
            "last_contact",
            "last_declined",
            "last_declined_received",
            "created_at",
        )
    )
    ended: dict[int, tuple[date, bool]] = {}
    for pk, closed, contact, declined, received, created in rows:
        worked = closed is not None
        days = [d for d in (closed, contact if worked else None, declined or received) if d]
        if not days:
            days = [timezone.localdate(created)]
        ended[pk] = (max(days), worked)
    return ended


def parents_due(today: date, years: dict[str, int]) -> tuple[list[int], list[int]]:
    """(parents whose case notes are due to be erased, parents due to be anonymised)."""
    notes, identity = [], []
    for pk, (ended, worked) in work_ended().items():
        notes_years = years["case_notes"] if worked else years["not_worked_with"]
        identity_years = years["identity"] if worked else years["not_worked_with"]
        if ended < _years_before(today, identity_years):
            identity.append(pk)
            notes.append(pk)  # never anonymise and leave the notes behind
        elif ended < _years_before(today, notes_years):
            notes.append(pk)
    return notes, identity


# What each action does ----------------------------------------------------------------------


def _erase(holding: Holding, parent_ids: list[int], dry_run: bool) -> tuple[int, set[int]]:
    """Empty the holding's free-text fields. Only rows with something left to erase count."""
    rows = holding.rows_for(parent_ids).exclude(**{field: "" for field in holding.erase})
    touched = set(rows.values_list(holding.to_parent, flat=True))
    count = rows.count()
    if not dry_run and count:
        rows.update(**{field: "" for field in holding.erase})
    return count, touched


def _delete(holding: Holding, parent_ids: list[int], dry_run: bool) -> tuple[int, set[int]]:
    rows = holding.rows_for(parent_ids)
    touched = set(rows.values_list(holding.to_parent, flat=True))
    count = rows.count()
    if not dry_run and count:
        rows.delete()
    return count, touched


def _new_year(day: date | None) -> date | None:
    return date(day.year, 1, 1) if day else None


def _anonymise_parents(parent_ids: list[int], dry_run: bool) -> tuple[int, set[int]]:
    due = [p for p in Parent.objects.filter(pk__in=parent_ids) if p.given_name != ANONYMISED]
    if not dry_run:
        for parent in due:
            parent.given_name = ANONYMISED
            parent.family_name = f"parent {parent.pk}"
            parent.preferred_name = ""
            parent.date_of_birth = _new_year(parent.date_of_birth)
            parent.nhs_number = parent.phone = parent.email = ""
            parent.address = parent.postcode = ""
            parent.gender_identity = ""  # the parent's own words
            parent.save()
    return len(due), {p.pk for p in due}


def _anonymise_children(parent_ids: list[int], dry_run: bool) -> tuple[int, set[int]]:
    due = [
        c
        for c in Child.objects.filter(parent_id__in=parent_ids)
        if c.given_name
        or c.date_of_birth != _new_year(c.date_of_birth)
        or c.due_date != _new_year(c.due_date)
    ]
    if not dry_run:
        for child in due:
            child.given_name = ""
            child.date_of_birth = _new_year(child.date_of_birth)
            child.due_date = _new_year(child.due_date)
            child.save(update_fields=["given_name", "date_of_birth", "due_date", "updated_at"])
    return len(due), {c.parent_id for c in due}


ANONYMISE = {"people.Parent": _anonymise_parents, "people.Child": _anonymise_children}


def _apply(holding: Holding, parent_ids: list[int], dry_run: bool) -> tuple[int, set[int]]:
    if not parent_ids:
        return 0, set()
    if holding.action == Action.ERASE:
        return _erase(holding, parent_ids, dry_run)
    if holding.action == Action.DELETE:
        return _delete(holding, parent_ids, dry_run)
    if holding.action == Action.ANONYMISE:
        return ANONYMISE[holding.label](parent_ids, dry_run)
    return 0, set()


# Files and drafts ---------------------------------------------------------------------------


def _media_root() -> Path | None:
    root = getattr(settings, "MEDIA_ROOT", "")
    return Path(root).resolve() if root else None


def _inside(root: Path, path: Path) -> bool:
    try:
        path.resolve().relative_to(root)
    except ValueError:
        return False
    return True


def _files_area(root: Path, path: Path) -> str:
    first = path.relative_to(root).parts[0]
    return {"linkage": "linkage_files", "imports": "import_files"}.get(first, "other_files")


def expired_files(today: date, days: dict[str, int]) -> list[Path]:
    """Every file under the media folder last changed before its area's period: uploaded
    extracts, linkage results and quarantine files (linkage/), import files and their rejected
    rows (imports/), and anything else."""
    root = _media_root()
    if root is None or not root.is_dir():
        return []
    expired = []
    for path in sorted(root.rglob("*")):
        if path.is_symlink() or not path.is_file() or not _inside(root, path):
            continue
        cutoff = _start_of(today - timedelta(days=days[_files_area(root, path)]))
        changed = datetime.fromtimestamp(path.stat().st_mtime, tz=cutoff.tzinfo)
        if changed < cutoff:
            expired.append(path)
    return expired


def _remove_files(paths: list[Path]) -> None:
    root = _media_root()
    if root is None:
        return
    for path in paths:
        if _inside(root, path):
            path.unlink(missing_ok=True)
    for folder in sorted({p.parent for p in paths}, key=lambda p: len(p.parts), reverse=True):
        while folder != root and _inside(root, folder) and folder.is_dir():
            if any(folder.iterdir()):
                break
            folder.rmdir()
            folder = folder.parent


def _expired_linkage_runs(today: date, days: dict[str, int]):
    cutoff = _start_of(today - timedelta(days=days["linkage_files"]))
    return (
        LinkageRun.objects.filter(created_at__lt=cutoff)
        .exclude(job__status__in=[Job.Status.QUEUED, Job.Status.RUNNING])
        .exclude(applications=[], bookings="", care_leavers="", results_dir="")
        .select_related("job")
    )


def _expired_import_jobs(today: date, days: dict[str, int]):
    cutoff = _start_of(today - timedelta(days=days["import_files"]))
    return Job.objects.filter(kind="import_parents", created_at__lt=cutoff).exclude(
        status__in=[Job.Status.QUEUED, Job.Status.RUNNING]
    )


def _job_files(job: Job) -> list[str]:
    return [p for p in (job.params.get("file"), job.result.get("quarantine")) if p]


# The policy ---------------------------------------------------------------------------------


def apply_retention(*, today: date | None = None, dry_run: bool = False) -> dict:
    today = today or timezone.localdate()
    years, days = retention_years(), retention_days()
    report: dict = {"today": today.isoformat(), "years": years, "days": days, "dry_run": dry_run}
    notes_parents, identity_parents = parents_due(today, years)

    with transaction.atomic():
        records: dict[str, int] = {}
        erased: set[int] = set()
        anonymised: set[int] = set()
        for holding in REGISTRY:
            if holding.stage == Stage.NOTES:
                count, touched = _apply(holding, notes_parents, dry_run)
                erased |= touched
            elif holding.stage == Stage.IDENTITY:
                count, touched = _apply(holding, identity_parents, dry_run)
                if holding.label == "people.Parent":
                    anonymised |= touched
            else:
                continue
            records[holding.label] = count

        drafts = FormDraft.objects.filter(
            saved_at__lt=_start_of(today - timedelta(days=days["drafts"]))
        )
        records["core.FormDraft"] = drafts.count()
        runs = list(_expired_linkage_runs(today, days))
        jobs = list(_expired_import_jobs(today, days))
        files = set(expired_files(today, days))
        root = _media_root()
        if root is not None:
            for run in runs:
                folder = root / "linkage" / run.job.params.get("folder", "")
                if folder != root / "linkage" and _inside(root, folder) and folder.is_dir():
                    files.update(p for p in folder.rglob("*") if p.is_file())
            jobs = [j for j in jobs if any((root / p).is_file() for p in _job_files(j))]
            for job in jobs:
                files.update(root / p for p in _job_files(job) if (root / p).is_file())
        files = {p for p in files if root is not None and _inside(root, p)}
        report["case_notes"] = {
            "parents": len(notes_parents),
            "parents_with_notes_erased": len(erased),
            "contact_notes_erased": records["casework.Contact"],
            "referral_reasons_erased": records["referrals.Referral"],
        }
        report["identity"] = {
            "parents_anonymised": len(anonymised),
            "parent_ids": sorted(anonymised),
        }
        report["records"] = records
        report["files"] = {
            "linkage_runs": len(runs),
            "import_jobs": len(jobs),
            "files_deleted": len(files),
        }
        if dry_run:
            RetentionRun.objects.create(dry_run=True, report=report)
            return report

        drafts.delete()
        LinkageRun.objects.filter(pk__in=[r.pk for r in runs]).update(
            applications=[], bookings="", care_leavers="", results_dir=""
        )
        for pk in sorted(erased - anonymised):
            audit_record(
                actor=SYSTEM,
                action=AuditAction.UPDATE,
                parent_id=pk,
                description="Retention: case notes erased",
            )
        for parent in Parent.objects.filter(pk__in=anonymised):
            audit_record(
                actor=SYSTEM,
                action=AuditAction.UPDATE,
                obj=parent,
                description="Retention: identity removed",
            )
        RetentionRun.objects.create(dry_run=False, report=report)
        # Files go only once the database changes are safely saved.
        transaction.on_commit(lambda: _remove_files(sorted(files)))
    return report


def retention_due(now=None) -> bool:
    """The scheduled task runs once a day."""
    now = now or timezone.now()
    last = RetentionRun.objects.filter(dry_run=False).order_by("-ran_at").first()
    return last is None or last.ran_at < now - timedelta(days=1)
