"""Starting a linkage run and publishing its results."""

import uuid

from django.db import transaction

from alongside.audit.models import AuditAction
from alongside.audit.services import audit_record
from alongside.jobs.services import job_enqueue

from .models import LinkageRun
from .uploads import store_extract


@transaction.atomic
def linkage_run_start(*, user, applications: list, bookings=None, care_leavers=None) -> LinkageRun:
    folder = uuid.uuid4().hex
    stored = [store_extract(f, folder) for f in applications]
    job = job_enqueue(kind="linkage_run", params={"folder": folder}, created_by=user)
    run = LinkageRun.objects.create(
        organisation_id=user.organisation_id,
        created_by=user,
        job=job,
        applications=stored,
        bookings=store_extract(bookings, folder) if bookings else "",
        care_leavers=store_extract(care_leavers, folder) if care_leavers else "",
    )
    audit_record(
        actor=user,
        action=AuditAction.CREATE,
        obj=run,
        description="Linkage run started",
        detail={
            "applications_files": len(stored),
            "bookings": bool(bookings),
            "care_leavers": bool(care_leavers),
        },
    )
    return run
