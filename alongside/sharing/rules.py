"""The sharing rules in one place: when a consent is in force, and which items it lets a
partner see. Pure functions over plain values, so they can be tested exhaustively, and
`consents_in_force_for`, which applies them to a parent's consents for a partner now."""

from datetime import date, datetime

from django.utils import timezone

from alongside.accounts.models import Role

from .choices import Category, Condition, Confidentiality

# Items whose level lets them leave the service at all, given a consent that covers them.
LEAVES_THE_SERVICE = {Confidentiality.SHAREABLE, Confidentiality.TEAM_AROUND_FAMILY}


def consent_in_force(consent, *, today: date, now: datetime, pregnant: bool) -> bool:
    """Started, not ended, not withdrawn (withdrawal counts from the moment it is recorded),
    and its condition met."""
    if consent.withdrawn_at is not None and consent.withdrawn_at <= now:
        return False
    if consent.starts_on > today:
        return False
    if consent.ends_on is not None and consent.ends_on < today:
        return False
    return not (consent.condition == Condition.ONLY_IF_PREGNANT and not pregnant)


def consent_covers_user(consent, user) -> bool:
    if consent.organisation_id != user.organisation_id:
        return False
    wanted = consent.job_role.strip().lower()
    return not wanted or wanted == (user.job_title or "").strip().lower()


def item_visible(*, category: str, level: str, consents_in_force: list) -> bool:
    """May a partner covered by `consents_in_force` see an item of this category and level?

    Service-only and safeguarding items never reach a partner through consent. A
    'team around the family' item is seen by any partner with a consent in force for this
    parent; a 'shareable' item only where a consent covers its category."""
    if level not in LEAVES_THE_SERVICE or not consents_in_force:
        return False
    if level == Confidentiality.TEAM_AROUND_FAMILY:
        return True
    return any(category in consent.categories for consent in consents_in_force)


CATEGORY_LEVEL = {
    # Items that are facts about the parent rather than recorded notes carry this level.
    Category.ENGAGEMENT: Confidentiality.SHAREABLE,
    Category.CHILDREN: Confidentiality.SHAREABLE,
    Category.CONTACT_DETAILS: Confidentiality.SHAREABLE,
}


def consents_in_force_for(user, parent) -> list:
    """The consents that let this partner see something of this parent, right now."""
    if user.role != Role.PARTNER:
        return []
    now = timezone.now()
    today = timezone.localdate()
    pregnant = parent.current_pregnancy(today) is not None
    return [
        c
        for c in parent.consents.all()
        if consent_covers_user(c, user)
        and consent_in_force(c, today=today, now=now, pregnant=pregnant)
    ]
