"""Writes for the reports: unit costs, comparison populations, networks (created and inviting
services by their host; agreed to or withdrawn from by each service), and the monthly
steering-group report (queued for the worker). Each write is audited."""

import csv
import io
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction

from alongside.accounts.models import Organisation
from alongside.audit.models import AuditAction
from alongside.audit.services import audit_record, create_audited
from alongside.jobs.services import job_enqueue

from .models import (
    ComparisonPopulation,
    Network,
    NetworkInvitation,
    NetworkMember,
    SteeringReport,
    UnitCost,
)

STEERING_JOB = "steering_report"
COMPARISON_COLUMNS = {"dimension", "category", "count"}
DIMENSION_NAMES = {"ethnicity", "age", "sex", "care_experience"}


def unit_cost_save(*, user, outcome, label, low, high, source, year, assumption="") -> UnitCost:
    with transaction.atomic():
        return create_audited(
            UnitCost(
                organisation_id=user.organisation_id,
                outcome=outcome,
                label=label,
                low=low,
                high=high,
                source=source,
                year=year,
                assumption=assumption,
                updated_by=user,
            ),
            actor=user,
            description="Unit cost added for the impact report",
        )


def comparison_upload(*, user, name: str, source: str, year: int, upload) -> ComparisonPopulation:
    """A comparison population from a CSV with columns dimension, category, count."""
    text = upload.read().decode("utf-8-sig", errors="replace")
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or not set(reader.fieldnames) >= COMPARISON_COLUMNS:
        raise ValidationError("The file must have the columns dimension, category and count")
    rows = []
    for number, row in enumerate(reader, start=2):
        if row["dimension"] not in DIMENSION_NAMES:
            raise ValidationError(
                f"Line {number}: dimension must be one of {', '.join(sorted(DIMENSION_NAMES))}"
            )
        if not (row["count"] or "").strip().isdigit():
            raise ValidationError(f"Line {number}: count must be a whole number")
        rows.append(
            {
                "dimension": row["dimension"],
                "category": row["category"].strip(),
                "count": int(row["count"]),
            }
        )
    if not rows:
        raise ValidationError("The file has no rows")
    with transaction.atomic():
        return create_audited(
            ComparisonPopulation(
                organisation_id=user.organisation_id,
                name=name,
                source=source,
                year=year,
                rows=rows,
                uploaded_by=user,
            ),
            actor=user,
            description="Comparison population uploaded",
        )


def network_create(*, user, name: str) -> Network:
    """A network hosted by the user's organisation (the body that oversees it)."""
    name = name.strip()
    if Network.objects.filter(name__iexact=name).exists():
        raise ValidationError({"name": "There is already a network with this name"})
    with transaction.atomic():
        return create_audited(
            Network(organisation_id=user.organisation_id, name=name),
            actor=user,
            description=f"Network {name} created",
        )


def network_invite(*, user, network: Network, organisation: Organisation) -> NetworkInvitation:
    """The host asks a service to take part. Nothing is counted until the service agrees."""
    if organisation.kind != Organisation.Kind.SERVICE:
        raise ValidationError({"organisation": "Choose a recurrent care service"})
    with transaction.atomic():
        if NetworkInvitation.objects.filter(network=network, organisation=organisation).exists():
            raise ValidationError({"organisation": f"{organisation.name} is already invited"})
        return create_audited(
            NetworkInvitation(network=network, organisation=organisation, invited_by=user),
            actor=user,
            description=f"{organisation.name} invited to take part in {network.name}",
        )


def network_join(*, user, network: Network, on: date) -> NetworkMember:
    """The service agrees to be counted (aggregates only) in `network`, which invited it."""
    if not NetworkInvitation.objects.filter(
        network=network, organisation_id=user.organisation_id
    ).exists():
        raise ValidationError(f"{network.name} has not invited your service")
    with transaction.atomic():
        current = NetworkMember.objects.filter(
            network=network, organisation_id=user.organisation_id, withdrawn_on__isnull=True
        ).first()
        if current:
            return current
        return create_audited(
            NetworkMember(
                network=network,
                organisation_id=user.organisation_id,
                agreed_on=on,
                recorded_by=user,
            ),
            actor=user,
            description=f"Agreed to take part in {network.name}",
        )


def network_withdraw(*, user, network: Network, on: date) -> None:
    with transaction.atomic():
        for member in NetworkMember.objects.filter(
            network=network, organisation_id=user.organisation_id, withdrawn_on__isnull=True
        ):
            member.withdrawn_on = on
            member.save(update_fields=["withdrawn_on", "updated_at"])
            audit_record(
                actor=user,
                action=AuditAction.UPDATE,
                obj=member,
                description=f"Withdrew from {network.name}",
            )


def network_invitation_withdraw(*, user, invitation: NetworkInvitation, on: date) -> None:
    """The host withdraws its invitation: a service taking part stops being counted from `on`,
    and it cannot agree again unless it is invited again."""
    network, organisation = invitation.network, invitation.organisation
    with transaction.atomic():
        for member in NetworkMember.objects.filter(
            network=network, organisation=organisation, withdrawn_on__isnull=True
        ):
            member.withdrawn_on = on
            member.save(update_fields=["withdrawn_on", "updated_at"])
            audit_record(
                actor=user,
                action=AuditAction.UPDATE,
                obj=member,
                description=f"{organisation.name} no longer counted in {network.name}: "
                "the invitation was withdrawn",
            )
        audit_record(
            actor=user,
            action=AuditAction.UPDATE,
            obj=invitation,
            description=f"Invitation to {organisation.name} to take part in {network.name} "
            "withdrawn",
        )
        invitation.delete()


def month_before(today: date) -> date:
    """The first day of the month before `today`'s."""
    return (today.replace(day=1) - timedelta(days=1)).replace(day=1)


def steering_report_enqueue(*, organisation_id: int, month: date, user=None) -> SteeringReport:
    """Queue the steering-group report for `month` (the worker builds it)."""
    with transaction.atomic():
        job = job_enqueue(
            kind=STEERING_JOB,
            params={"organisation_id": organisation_id, "month": month.isoformat()},
            created_by=user,
        )
        report = SteeringReport.objects.create(
            organisation_id=organisation_id, month=month, job=job
        )
        audit_record(
            actor=user,
            action=AuditAction.CREATE,
            obj=report,
            description=f"Steering-group report for {month:%B %Y} queued",
        )
    return report


def steering_reports_queue_due(today: date) -> list[SteeringReport]:
    """Queue last month's steering-group report for every service that has none yet. The
    worker calls this each hour, so the report is ready early in each month without cron."""
    month = month_before(today)
    done = set(SteeringReport.objects.filter(month=month).values_list("organisation_id", flat=True))
    return [
        steering_report_enqueue(organisation_id=pk, month=month)
        for pk in Organisation.objects.filter(kind=Organisation.Kind.SERVICE)
        .exclude(pk__in=done)
        .values_list("pk", flat=True)
    ]
