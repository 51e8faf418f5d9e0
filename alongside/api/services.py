"""Partner systems' tokens (issue, revoke, check) and referrals they submit, each submission
stored once per idempotency key."""

import hashlib
import json
import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from alongside.audit.models import AuditAction
from alongside.audit.services import Actor, audit_record
from alongside.referrals.models import Channel, Referral
from alongside.referrals.services import digest, referral_submit

from .models import ApiToken, IdempotencyKey, Scope

# A label at the start of every token, not a secret.
TOKEN_PREFIX = "alg_"  # noqa: S105  # nosec B105
DEFAULT_DAYS = 365


class IdempotencyConflict(Exception):
    """The key was used before with a different body."""


def token_actor(token: ApiToken) -> Actor:
    """Who an API call is, in the audit log: the partner organisation's token."""
    return Actor(id=None, label=f"api token {token.prefix} ({token.partner.name})"[:200])


@transaction.atomic
def api_token_issue(
    *, organisation, partner, name: str, scopes: list[str], days: int, created_by
) -> tuple[ApiToken, str]:
    """A new token for a partner organisation. Gives the token itself, shown once; only its
    digest is kept."""
    if partner.kind != "partner":
        raise ValidationError({"partner": "Choose a partner organisation"})
    unknown = set(scopes) - set(Scope.values)
    if unknown or not scopes:
        raise ValidationError({"scopes": "Choose what the token may do"})
    if not 1 <= days <= 730:
        raise ValidationError({"days": "A token lasts from 1 to 730 days"})
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        organisation=organisation,
        partner=partner,
        name=name,
        prefix=secret[:10],
        digest=digest(secret),
        scopes=sorted(scopes),
        expires_at=timezone.now() + timedelta(days=days),
        created_by=created_by,
    )
    audit_record(
        actor=created_by,
        action=AuditAction.CREATE,
        obj=token,
        description="API token issued",
        detail={"partner": partner.pk, "scopes": token.scopes, "days": days},
    )
    return token, secret


@transaction.atomic
def api_token_revoke(*, token: ApiToken, revoked_by) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_by = revoked_by
        token.save(update_fields=["revoked_at", "revoked_by"])
        audit_record(
            actor=revoked_by, action=AuditAction.UPDATE, obj=token, description="API token revoked"
        )
    return token


def api_token_check(secret: str) -> ApiToken | None:
    """The token in force for `secret`: not revoked, not expired. Notes when it was used."""
    if not secret or not secret.startswith(TOKEN_PREFIX) or len(secret) > 100:
        return None
    now = timezone.now()
    token = (
        ApiToken.objects.filter(digest=digest(secret), revoked_at__isnull=True, expires_at__gt=now)
        .select_related("organisation", "partner")
        .first()
    )
    if token is not None:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def body_digest(payload: dict) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def api_referral_submit(
    *, token: ApiToken, payload: dict, idempotency_key: str | None
) -> tuple[Referral, bool]:
    """Store the referral whole or not at all. With an idempotency key, a retry with the same
    body gives the first referral (and True: replayed); a different body is refused."""
    request_digest = body_digest(payload)
    if idempotency_key:
        earlier = _earlier(token, idempotency_key, request_digest)
        if earlier is not None:
            return earlier, True
    try:
        with transaction.atomic():
            parent_details = dict(payload["parent"])
            referral_details = {k: v for k, v in payload.items() if k != "parent"}
            referral_details["referrer_organisation"] = token.partner.name
            referral, _ = referral_submit(
                organisation=token.organisation,
                channel=Channel.API,
                parent_details=parent_details,
                referral_details=referral_details,
                referring_organisation=token.partner,
                actor=token_actor(token),
            )
            if idempotency_key:
                IdempotencyKey.objects.create(
                    token=token,
                    key=idempotency_key,
                    body_digest=request_digest,
                    reference=referral.tracking.reference,
                )
    except IntegrityError:
        # Another request with the same key got there first.
        earlier = _earlier(token, idempotency_key or "", request_digest)
        if earlier is None:
            raise
        return earlier, True
    return referral, False


def _earlier(token: ApiToken, key: str, request_digest: str) -> Referral | None:
    stored = IdempotencyKey.objects.filter(token=token, key=key).first()
    if stored is None:
        return None
    if stored.body_digest != request_digest:
        raise IdempotencyConflict
    return Referral.objects.get(tracking__reference=stored.reference)
