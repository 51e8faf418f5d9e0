"""Counts for people who see totals only (analysts). Small numbers are never shown."""

from alongside.linkage.suppression import shown_count as suppressed
from alongside.policy import Action, role_allows
from alongside.referrals.models import Referral

from .models import Episode
from .support import reproductive_health_totals


def service_totals(user) -> list[tuple[str, str]]:
    if not role_allows(user, Action.VIEW_TOTALS):
        return []
    org = user.organisation_id
    episodes = Episode.objects.filter(organisation_id=org)
    # The parent's own sexual and reproductive health choices: counted here, and only here,
    # in aggregate. There is no list of who.
    health = [
        (
            "Parents who recorded a sexual or reproductive health choice"
            if label == "any"
            else f"Sexual and reproductive health: {label.lower()}",
            suppressed(count),
        )
        for label, count in reproductive_health_totals(org)
    ]
    return [
        (
            "Parents being worked with now",
            suppressed(episodes.filter(status=Episode.Status.ACTIVE).count()),
        ),
        (
            "Parents waiting for a key worker",
            suppressed(episodes.filter(status=Episode.Status.WAITING).count()),
        ),
        ("Episodes closed", suppressed(episodes.filter(status=Episode.Status.CLOSED).count())),
        (
            "Referrals awaiting a decision",
            suppressed(
                Referral.objects.filter(
                    organisation_id=org, status=Referral.Status.AWAITING_DECISION
                ).count()
            ),
        ),
        *health,
    ]
