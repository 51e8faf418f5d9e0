from django.db.models import QuerySet

from alongside.policy import Action, role_allows

from .models import Referral


def referrals_awaiting_decision(user) -> QuerySet[Referral]:
    if not role_allows(user, Action.VIEW_REFERRALS):
        return Referral.objects.none()
    return (
        Referral.objects.filter(
            organisation_id=user.organisation_id, status=Referral.Status.AWAITING_DECISION
        )
        .select_related("parent")
        .order_by("received_on", "pk")
    )
