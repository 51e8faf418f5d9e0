"""Endings: a tapered step-down of contact, 'door open' contacts after closure, and coming back
as a new episode. Writes are one transaction each, with their audit entry."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction

from alongside.audit.models import AuditAction
from alongside.audit.services import audit_record, create_audited
from alongside.referrals.models import Referral, ReferralSource

from .clocks import listed
from .models import Contact, ContactType, Episode, TaperFrequency, TaperPlan, TaperStep
from .services import episode_locked_open


@transaction.atomic
def taper_plan_set(*, episode: Episode, steps: list[tuple[str, date]], recorded_by) -> TaperPlan:
    """Plan the step-down: each step a frequency and the date it starts, in order, each less
    frequent than the one before."""
    episode = episode_locked_open(episode)
    if not steps:
        raise ValidationError("Add at least one step.")
    order = list(TaperFrequency.values)
    for (freq, on), (next_freq, next_on) in zip(steps, steps[1:], strict=False):
        if next_on <= on:
            raise ValidationError("Each step must start after the one before.")
        if order.index(next_freq) <= order.index(freq):
            raise ValidationError("Each step must be less frequent than the one before.")
    if steps[0][1] < episode.opened_on:
        raise ValidationError("The first step cannot start before the work started.")
    TaperPlan.objects.filter(episode=episode, replaced=False).update(replaced=True)
    plan = TaperPlan.objects.create(episode=episode, created_by=recorded_by)
    TaperStep.objects.bulk_create(
        TaperStep(plan=plan, frequency=f, starts_on=on) for f, on in steps
    )
    audit_record(
        actor=recorded_by,
        action=AuditAction.CREATE,
        obj=plan,
        description="Tapered ending planned",
        detail={"steps": [[f, on.isoformat()] for f, on in steps]},
    )
    return plan


@dataclass(frozen=True)
class TaperProgress:
    step: TaperStep
    until: date
    expected: int
    actual: int
    current: bool

    @property
    def verdict(self) -> str:
        if self.actual > self.expected + 1:
            return "More contact than planned"
        if self.actual < self.expected - 1:
            return "Less contact than planned"
        return "As planned"


def taper_progress(episode: Episode, today: date) -> list[TaperProgress]:
    """Each step of the current plan with the contacts made in it, against about how many the
    frequency means (outreach attempts with no contact do not count)."""
    # The plans the clocks read too (`listed`): one read of the table for the page.
    plan = max(
        (p for p in listed(episode, "taper_plans") if not p.replaced),
        key=lambda p: (p.created_at, p.pk),
        default=None,
    )
    if plan is None:
        return []
    steps = list(plan.steps.all())
    made = list(
        Contact.objects.filter(episode=episode, door_open=False)
        .exclude(contact_type=ContactType.OUTREACH_ATTEMPT)
        .values_list("happened_on", flat=True)
    )
    end = min(today, episode.closed_on) if episode.closed_on else today
    rows = []
    for i, step in enumerate(steps):
        until = steps[i + 1].starts_on - timedelta(days=1) if i + 1 < len(steps) else end
        if step.starts_on > end:
            rows.append(TaperProgress(step, until, 0, 0, False))
            continue
        stop = min(until, end)
        days = (stop - step.starts_on).days + 1
        expected = max(1, round(days / step.every_days))
        actual = sum(1 for d in made if step.starts_on <= d <= stop)
        rows.append(TaperProgress(step, until, expected, actual, step.starts_on <= end <= until))
    return rows


@transaction.atomic
def door_open_contact_record(
    *, episode: Episode, recorded_by, happened_on: date, contact_type: str, notes: str
) -> Contact:
    """A parent got back in touch after the work ended: recorded, and the work stays closed."""
    episode = Episode.objects.select_for_update().get(pk=episode.pk)
    if episode.is_open:
        raise ValidationError("The work is still open: record an ordinary contact.")
    if happened_on < episode.closed_on:
        raise ValidationError(
            f"A door open contact is after the work ended ({episode.closed_on:%-d %B %Y})."
        )
    contact = Contact(
        episode=episode,
        happened_on=happened_on,
        contact_type=contact_type,
        notes=notes,
        door_open=True,
        recorded_by=recorded_by,
    )
    return create_audited(contact, actor=recorded_by, description="Door open contact recorded")


@transaction.atomic
def episode_reopen(*, episode: Episode, reopened_by, on: date, reason: str) -> Episode:
    """The parent comes back: a new accepted referral and a new episode waiting for a key
    worker, in the same team. The earlier episode and all its history stay as they were."""
    episode = Episode.objects.select_for_update().get(pk=episode.pk)
    if episode.is_open:
        raise ValidationError("This work is still open.")
    if episode.parent.episodes.exclude(status=Episode.Status.CLOSED).exists():
        raise ValidationError("The parent already has open work.")
    if on < episode.closed_on:
        raise ValidationError("The new work cannot start before the last work ended.")
    if not reason.strip():
        raise ValidationError("Say why the work is starting again.")
    referral = Referral.objects.create(
        organisation_id=episode.organisation_id,
        parent=episode.parent,
        received_on=on,
        source=ReferralSource.SELF,
        parent_agrees=True,
        reason=f"Coming back after earlier work (ended {episode.closed_on:%-d %B %Y}): {reason}",
        status=Referral.Status.ACCEPTED,
        decided_on=on,
        decided_by=reopened_by,
        recorded_by=reopened_by,
    )
    new = Episode.objects.create(
        organisation_id=episode.organisation_id,
        team_id=episode.team_id,
        parent=episode.parent,
        referral=referral,
        opened_on=on,
    )
    audit_record(
        actor=reopened_by,
        action=AuditAction.CREATE,
        obj=new,
        description="Work started again",
        detail={"previous_episode": episode.pk},
    )
    return new
