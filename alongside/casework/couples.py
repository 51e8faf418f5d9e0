"""Working with a couple as a dyad: a joint contact is recorded once, on one parent's episode,
with `joint_with` the partner's episode, and appears on both parents' timelines. Everything
else stays on each parent's own record.

Confidentiality (see `casework.selectors.timeline_for`): the notes and who was there of a
joint contact show on the partner's timeline only to users who may view the parent whose
episode holds the contact. Pages check the policy (RECORD_CONTACT on both episodes) before
calling these writes.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from alongside.audit.models import AuditAction
from alongside.audit.services import audit_record, create_audited
from alongside.people.models import Parent
from alongside.people.selectors import partners_on
from alongside.policy import Action, can

from .models import Contact, Episode
from .services import episode_locked_open


def partner_episodes(episode: Episode, on: date | None = None) -> list[Episode]:
    """The open episodes of the parent's partners on `on` (today by default): the episodes a
    joint contact or a shared goal can be with."""
    on = on or timezone.localdate()
    partners = partners_on(episode.parent, on)
    if not partners:
        return []
    return list(
        Episode.objects.filter(parent__in=partners, organisation_id=episode.organisation_id)
        .exclude(status=Episode.Status.CLOSED)
        .select_related("parent")
        .order_by("parent__family_name", "parent__given_name", "pk")
    )


class JointContacts:
    """How joint contacts show on one parent's record (their timeline and their family
    summary): the title names the partner; on the record of the parent whose episode does not
    hold the contact, its notes and who was there show only to a viewer who may view the
    parent who holds it. `names`: the parents joint contacts name, by id."""

    def __init__(self, parent: Parent, viewer, names: dict[int, Parent]) -> None:
        self.parent, self.viewer, self.names = parent, viewer, names
        self._may_view: dict[int, bool] = {}

    def partner(self, contact: Contact) -> Parent:
        """The other parent of a joint contact (`holder_id` and `joint_parent_id` annotated)."""
        ours = contact.holder_id == self.parent.pk
        return self.names[contact.joint_parent_id if ours else contact.holder_id]

    def title(self, contact: Contact, title: str) -> str:
        return f"Joint contact with {self.partner(contact).full_name}: {title.lower()}"

    def withheld(self, contact: Contact) -> str | None:
        """The sentence shown instead of the notes, or None when the viewer may read them."""
        if contact.holder_id == self.parent.pk:
            return None
        holder = self.names[contact.holder_id]
        if holder.pk not in self._may_view:
            self._may_view[holder.pk] = self.viewer is not None and can(
                self.viewer, Action.VIEW_PARENT, holder
            )
        return (
            None if self._may_view[holder.pk] else f"The notes are on {holder.full_name}'s record."
        )


@transaction.atomic
def joint_contact_record(
    *,
    episode: Episode,
    partner_episode: Episode,
    recorded_by,
    happened_on: date,
    contact_type: str,
    who_was_there: str = "",
    duration_minutes: int | None = None,
    notes: str = "",
    confidentiality: str = "service_only",
) -> Contact:
    """One contact with both parents of a couple, recorded on `episode` and shown on the
    partner's timeline too. Both pieces of work must be open, and the parents in a
    relationship on the day of the contact."""
    if partner_episode.parent_id == episode.parent_id:
        raise ValidationError(
            {"partner_episode": "A joint contact is with the parent's partner. Choose the partner"}
        )
    # Lock both in a fixed order, so two joint contacts at once cannot deadlock.
    first, second = sorted([episode, partner_episode], key=lambda e: e.pk)
    locked = {e.pk: episode_locked_open(e) for e in (first, second)}
    episode, partner_episode = locked[episode.pk], locked[partner_episode.pk]
    if happened_on < max(episode.opened_on, partner_episode.opened_on):
        raise ValidationError(
            {"happened_on": "The contact cannot be before the work with both parents started"}
        )
    if partner_episode.parent not in partners_on(episode.parent, happened_on):
        raise ValidationError(
            {
                "partner_episode": "The parents were not in a relationship on the date of the "
                "contact. Record the relationship first, or check the date"
            }
        )
    contact = Contact(
        episode=episode,
        joint_with=partner_episode,
        happened_on=happened_on,
        contact_type=contact_type,
        who_was_there=who_was_there,
        duration_minutes=duration_minutes,
        notes=notes,
        confidentiality=confidentiality,
        recorded_by=recorded_by,
    )
    create_audited(contact, actor=recorded_by, description="Joint contact recorded")
    audit_record(
        actor=recorded_by,
        action=AuditAction.CREATE,
        obj=contact,
        parent_id=partner_episode.parent_id,
        description="Joint contact recorded (with a partner)",
    )
    return contact
