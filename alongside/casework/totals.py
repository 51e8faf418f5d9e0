"""Counts for people who see totals only (analysts). Small numbers are never shown."""

from alongside.policy import Action, role_allows
from alongside.referrals.models import Referral

from .models import Episode

SMALL_NUMBER = 5


def suppressed(count: int) -> str:
    """Fewer than 5 could identify a parent, so it is shown as 'fewer than 5'."""
    return "fewer than 5" if 0 < count < SMALL_NUMBER else str(count)


def service_totals(user) -> list[tuple[str, str]]:
    if not role_allows(user, Action.VIEW_TOTALS):
        return []
    org = user.organisation_id
    episodes = Episode.objects.filter(organisation_id=org)
    return [
        ("Parents being worked with now", suppressed(episodes.filter(status="active").count())),
        ("Parents waiting for a key worker", suppressed(episodes.filter(status="waiting").count())),
        ("Episodes closed", suppressed(episodes.filter(status="closed").count())),
        (
            "Referrals awaiting a decision",
            suppressed(
                Referral.objects.filter(organisation_id=org, status="awaiting_decision").count()
            ),
        ),
    ]
