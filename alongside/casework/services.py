"""Allocation, contacts and closure: each a single transaction with its audit entry."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from alongside.accounts.models import Role
from alongside.audit.models import AuditAction
from alongside.audit.services import audit_record, create_audited

from .caseloads import episode_weight, weighted_loads
from .models import Allocation, Contact, CoWorker, Episode


class OverCap(ValidationError):
    """The allocation would take the worker over their weighted caseload cap. Not a refusal:
    the allocation goes through once the manager gives a reason."""

    def __init__(self, *, worker, load_now: float, load_after: float, cap: float):
        self.load_now, self.load_after, self.cap = load_now, load_after, cap
        super().__init__(
            f"This would take {worker.display_name} to a weighted caseload of {load_after:g}, "
            f"over the cap of {cap:g}. Give a reason to allocate anyway."
        )

    @staticmethod
    def reason_needed() -> ValidationError:
        """What the form shows beside the reason box."""
        return ValidationError({"over_cap_reason": "Give a reason for allocating over the cap"})


def _check_worker(episode: Episode, worker) -> None:
    if worker.organisation_id != episode.organisation_id or worker.role not in {
        Role.PRACTITIONER,
        Role.TEAM_MANAGER,
    }:
        raise ValidationError(
            "The key worker must be a practitioner or team manager in this service."
        )


def episode_locked_open(episode: Episode) -> Episode:
    """The episode, locked for the rest of the transaction; refused if the work has ended.
    Every write to an episode's work starts here."""
    episode = Episode.objects.select_for_update().get(pk=episode.pk)
    if not episode.is_open:
        raise ValidationError("This work has ended.")
    return episode


@transaction.atomic
def episode_allocate(
    *, episode: Episode, worker, allocated_by, allocated_on: date, over_cap_reason: str = ""
) -> Episode:
    """Make `worker` the key worker. Over the weighted cap this raises OverCap unless a reason
    is given; the reason is kept on the Allocation and in the audit entry."""
    episode = episode_locked_open(episode)
    _check_worker(episode, worker)
    if allocated_on < episode.opened_on:
        raise ValidationError("The allocation cannot be before the referral was accepted.")
    over_cap_reason = over_cap_reason.strip()
    load = weighted_loads(episode.organisation_id, [worker.pk])[worker.pk]
    after = (
        load.weighted if episode.key_worker_id == worker.pk else load.with_(episode_weight(episode))
    )
    over = after > load.cap
    if over and not over_cap_reason:
        raise OverCap(worker=worker, load_now=load.weighted, load_after=after, cap=load.cap)
    Allocation.objects.filter(episode=episode, ended_on__isnull=True).update(ended_on=allocated_on)
    Allocation.objects.create(
        episode=episode,
        worker=worker,
        allocated_on=allocated_on,
        allocated_by=allocated_by,
        over_cap_reason=over_cap_reason if over else "",
    )
    previous = episode.key_worker
    episode.key_worker = worker
    episode.status = Episode.Status.ACTIVE
    episode.allocated_on = episode.allocated_on or allocated_on
    episode.save()
    audit_record(
        actor=allocated_by,
        action=AuditAction.UPDATE,
        obj=episode,
        description="Key worker allocated",
        detail={
            "worker": worker.get_username(),
            "previous": previous.get_username() if previous else None,
            **(
                {"over_cap": {"load": after, "cap": load.cap, "reason_given": True}} if over else {}
            ),
        },
    )
    return episode


@transaction.atomic
def episode_add_co_worker(*, episode: Episode, worker, added_by, started_on: date) -> CoWorker:
    """A second worker on the episode. They see it on their caseload and carry half its weight."""
    episode = episode_locked_open(episode)
    _check_worker(episode, worker)
    if worker.pk == episode.key_worker_id:
        raise ValidationError("The key worker cannot also be the co-worker.")
    if started_on < episode.opened_on:
        raise ValidationError("Co-working cannot start before the work started.")
    if CoWorker.objects.filter(episode=episode, worker=worker, ended_on__isnull=True).exists():
        raise ValidationError(f"{worker.display_name} is already co-working with this parent.")
    co = CoWorker.objects.create(
        episode=episode, worker=worker, started_on=started_on, added_by=added_by
    )
    audit_record(
        actor=added_by,
        action=AuditAction.CREATE,
        obj=episode,
        description="Co-worker added",
        detail={"worker": worker.get_username()},
    )
    return co


@transaction.atomic
def contact_record(
    *,
    episode: Episode,
    recorded_by,
    happened_on: date,
    contact_type: str,
    who_was_there: str = "",
    duration_minutes: int | None = None,
    notes: str = "",
    confidentiality: str = "service_only",
    next_contact_on: date | None = None,
) -> Contact:
    episode = episode_locked_open(episode)
    if next_contact_on is not None:
        if next_contact_on <= happened_on:
            raise ValidationError({"next_contact_on": "The next contact must be after this one"})
        episode.next_contact_on = next_contact_on
        episode.save(update_fields=["next_contact_on", "updated_at"])
    if happened_on < episode.opened_on:
        raise ValidationError("The contact cannot be before the work started.")
    contact = Contact(
        episode=episode,
        happened_on=happened_on,
        contact_type=contact_type,
        who_was_there=who_was_there,
        duration_minutes=duration_minutes,
        notes=notes,
        confidentiality=confidentiality,
        recorded_by=recorded_by,
    )
    return create_audited(contact, actor=recorded_by, description="Contact recorded")


@transaction.atomic
def episode_close(
    *, episode: Episode, closed_by, closed_on: date, reason: str, note: str
) -> Episode:
    episode = episode_locked_open(episode)
    if closed_on < episode.opened_on:
        raise ValidationError("The closure cannot be before the work started.")
    episode.status = Episode.Status.CLOSED
    episode.closed_on = closed_on
    episode.closure_reason = reason
    episode.closure_note = note
    episode.closed_by = closed_by
    episode.full_clean()
    episode.save()
    Allocation.objects.filter(episode=episode, ended_on__isnull=True).update(ended_on=closed_on)
    CoWorker.objects.filter(episode=episode, ended_on__isnull=True).update(ended_on=closed_on)
    audit_record(
        actor=closed_by,
        action=AuditAction.UPDATE,
        obj=episode,
        description="Episode closed",
        detail={"reason": reason},
    )
    return episode


@transaction.atomic
def episode_record_waiting_offer(
    *, episode: Episode, offer: str, offered_on: date, recorded_by
) -> Episode:
    """What the parent is offered while waiting for a key worker (waiting is risky: parents may
    become pregnant before anyone is working with them)."""
    episode = episode_locked_open(episode)
    if episode.key_worker_id is not None:
        raise ValidationError("The parent already has a key worker.")
    episode.waiting_offer = offer
    episode.waiting_offer_on = offered_on
    episode.full_clean()
    episode.save(update_fields=["waiting_offer", "waiting_offer_on", "updated_at"])
    audit_record(
        actor=recorded_by,
        action=AuditAction.UPDATE,
        obj=episode,
        description="Offer while waiting recorded",
        detail={"offer": offer},
    )
    return episode
