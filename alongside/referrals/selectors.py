from django.db.models import QuerySet

from alongside.policy import Action, role_allows
from alongside.programmes.eligibility import check_parent
from alongside.programmes.selectors import programme_in_use

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


def eligibility_for(referral: Referral) -> list[tuple[str, object]]:
    """The service programme's eligibility check for this parent, per pathway (empty when the
    service has no programme), judged on the facts at the date the referral was received, so a
    referral does not fall out of a rule (20 weeks pregnant, say) while it waits for a
    decision. It says what is missing rather than guessing."""
    programme = programme_in_use(referral.organisation_id)
    if programme is None:
        return []
    spec = programme.current_version().spec
    return [
        (pathway.name, check_parent(spec, referral.parent, referral.received_on, pathway.key))
        for pathway in spec.pathways
    ]
