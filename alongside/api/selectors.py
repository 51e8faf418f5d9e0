from django.db.models import QuerySet

from alongside.referrals.models import Tracking

from .models import ApiToken


def tokens_of(organisation_id: int) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(organisation_id=organisation_id).select_related(
        "partner", "created_by", "revoked_by"
    )


def referral_for_token(token: ApiToken, reference: str) -> Tracking | None:
    """A referral the token's partner organisation made to the token's service; None for any
    other (so another organisation's reference reads as 'not found')."""
    return (
        Tracking.objects.filter(
            reference=reference,
            referring_organisation_id=token.partner_id,
            referral__organisation_id=token.organisation_id,
        )
        .select_related("referral")
        .first()
    )
