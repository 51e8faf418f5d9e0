"""The partner API (django-ninja; docs/adr/0006-partner-api.md) and the service's pages for
issuing and revoking its tokens. Referrals in; their status, the service's criteria and its
impact reports (and a network's, for the body overseeing it) out.

Every call is audited: the answer, the token (never the secret) and the path. Tokens are
checked here (bearer, hashed at rest, expiring, revocable, scoped) and counted per minute in
the cache for the rate limit."""

import time

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods
from ninja import Header, NinjaAPI, Path, Query, Status
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer

from alongside.audit.models import AuditAction, AuditOutcome
from alongside.audit.services import Actor, audit_record
from alongside.core.access import get_allowed, public, requires
from alongside.policy import Action
from alongside.referrals.selectors import open_criteria

from . import forms
from .models import ApiToken, Scope
from .schemas import (
    CriteriaOut,
    ErrorOut,
    NetworkOut,
    PeriodIn,
    ReferralIn,
    ReferralOut,
    ReportKind,
    ReportOut,
)
from .selectors import (
    network_report,
    networks_for_token,
    referral_for_token,
    service_report,
    tokens_of,
)
from .services import (
    IdempotencyConflict,
    api_referral_submit,
    api_token_check,
    api_token_issue,
    api_token_revoke,
    token_actor,
)

# Bodies above this many bytes are refused before they are read.
MAX_BODY_BYTES = 64 * 1024


class BodyTooLarge(Exception):
    pass


class RateLimited(Exception):
    pass


def _too_large(request: HttpRequest) -> bool:
    """Judged on the declared length, before the body is read."""
    length = request.META.get("CONTENT_LENGTH") or "0"
    return not length.isdigit() or int(length) > MAX_BODY_BYTES


def _rate_limited(token: ApiToken) -> bool:
    """At most ALONGSIDE_API_CALLS_PER_MINUTE calls per token in each minute (in the cache)."""
    limit = getattr(settings, "ALONGSIDE_API_CALLS_PER_MINUTE", 60)
    key = f"api-rate:{token.pk}:{int(time.time() // 60)}"
    cache.add(key, 0, timeout=120)
    try:
        return cache.incr(key) > limit
    except ValueError:
        cache.set(key, 1, timeout=120)
        return False


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        if _too_large(request):
            raise BodyTooLarge
        found = api_token_check(token)
        if found is not None and _rate_limited(found):
            request.api_token = found
            raise RateLimited
        request.api_token = found
        return found


api = NinjaAPI(
    title="Alongside partner API",
    version="1",
    description="Refer a parent to a service, follow the referral, read the service's "
    "referral criteria and its impact reports (totals only, small numbers suppressed). "
    "See docs/api.md.",
    urls_namespace="api",
    docs_url=None,
    auth=TokenAuth(),
)

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 429: ErrorOut}


def _audit(request, *, status: int, description: str, referral=None, obj=None) -> None:
    token = getattr(request, "api_token", None)
    actor = token_actor(token) if token else Actor(id=None, label="api: no valid token")
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if request.method == "POST" else AuditAction.VIEW,
        obj=referral or obj,
        outcome=AuditOutcome.ALLOWED if status < 400 else AuditOutcome.REFUSED,
        description=f"API: {description}"[:300],
        detail={"path": request.path, "method": request.method, "status": status},
    )


def _error(request, status: int, detail: str, errors=None):
    _audit(request, status=status, description=detail)
    return api.create_response(request, {"detail": detail, "errors": errors or []}, status=status)


@api.exception_handler(ValidationError)
def _invalid(request, exc: ValidationError):
    errors = []
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ()) if part not in ("body", "payload")]
        message = str(error.get("msg", "Invalid value")).removeprefix("Value error, ")
        if error.get("type") == "extra_forbidden":
            message = "Unknown field"
        errors.append({"field": ".".join(location) or "body", "message": message})
    return _error(request, 422, "The request has errors", errors)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return _error(request, 401, "Give a valid token: Authorization: Bearer <token>")


@api.exception_handler(RateLimited)
def _too_many(request, exc):
    response = _error(request, 429, "Too many requests: wait a minute and try again")
    response["Retry-After"] = "60"
    return response


@api.exception_handler(BodyTooLarge)
def _body_too_large(request, exc):
    return _error(request, 413, f"The body must be {MAX_BODY_BYTES} bytes or fewer")


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    if exc.status_code == 400:
        # The only 400 ninja raises: a body that is not JSON.
        return _error(request, 400, "The body is not valid JSON")
    return _error(request, exc.status_code, str(exc))


def _needs(request, scope: Scope) -> ApiToken:
    token = request.auth
    if scope.value not in token.scopes:
        raise HttpError(403, f"This token may not {scope.label.lower()}")
    return token


def _out(tracking) -> dict:
    referral = tracking.referral
    return {
        "reference": tracking.reference,
        "status": referral.status,
        "received_on": referral.received_on,
        "decided_on": referral.decided_on,
        "decision": tracking.referrer_told or None,
    }


@api.post(
    "/referrals",
    response={
        200: ReferralOut,
        201: ReferralOut,
        400: ErrorOut,
        409: ErrorOut,
        413: ErrorOut,
        422: ErrorOut,
        **ERRORS,
    },
    summary="Submit a referral",
    description="Stored whole or not at all. Send an Idempotency-Key header: a retry with the "
    "same key and body returns the first referral (200) instead of storing another.",
)
def submit_referral(
    request,
    payload: ReferralIn,
    idempotency_key: str | None = Header(
        default=None, alias="Idempotency-Key", max_length=100, pattern=r"^[A-Za-z0-9_\-:.]+$"
    ),
):
    token = _needs(request, Scope.SUBMIT)
    try:
        referral, replayed = api_referral_submit(
            token=token, payload=payload.model_dump(), idempotency_key=idempotency_key
        )
    except IdempotencyConflict:
        return _error(request, 409, "This Idempotency-Key was used with a different body")
    except DjangoValidationError as error:
        errors = [
            {"field": f"parent.{field}" if field != "__all__" else "body", "message": m}
            for field, msgs in error.message_dict.items()
            for m in msgs
        ]
        return _error(request, 422, "The request has errors", errors)
    status = 200 if replayed else 201
    _audit(
        request,
        status=status,
        description="referral resubmitted (same key)" if replayed else "referral submitted",
        referral=referral,
    )
    return Status(status, _out(referral.tracking))


@api.get(
    "/referrals/{reference}",
    response={200: ReferralOut, 422: ErrorOut, **ERRORS},
    summary="Read a referral's status and decision",
    description="Only referrals made by the token's own organisation.",
)
def read_referral(request, reference: str):
    token = _needs(request, Scope.READ)
    tracking = referral_for_token(token, reference[:20])
    if tracking is None:
        return _error(request, 404, "No referral from your organisation has this reference")
    _audit(request, status=200, description="referral status read", referral=tracking.referral)
    return Status(200, _out(tracking))


@api.get(
    "/criteria",
    response={200: CriteriaOut, **ERRORS},
    summary="The service's open referral criteria",
)
def criteria(request):
    token = _needs(request, Scope.CRITERIA)
    _audit(request, status=200, description="criteria read")
    return Status(200, {"service": token.organisation.name, **open_criteria(token.organisation_id)})


# Ids in paths are database keys: anything outside this range names nothing.
MAX_ID = 2**31 - 1


@api.get(
    "/services/{service_id}/reports/{report}",
    response={200: ReportOut, 422: ErrorOut, **ERRORS},
    summary="Read one of the service's impact reports for a period",
    description="report: oba (how much, how well, is anyone better off), fidelity, equality, "
    "flow or costs. Only the token's own service: any other service id is 404. Totals only: "
    "a count from 1 to 4, or one hidden so that none can be worked out, is "
    "{'suppressed': true, 'shown_as': ...}, never a number; the figures are those of the "
    "report's pages and files.",
)
def read_service_report(
    request,
    report: ReportKind,
    period: Query[PeriodIn],
    service_id: int = Path(..., ge=1, le=MAX_ID),
):
    token = _needs(request, Scope.REPORTS)
    if service_id != token.organisation_id:
        return _error(request, 404, "Your token is for another service")
    body = service_report(token, report, period.start, period.end)
    _audit(request, status=200, description=f"impact report read ({report})")
    return Status(200, body)


@api.get(
    "/networks",
    response={200: list[NetworkOut], **ERRORS},
    summary="The networks your organisation oversees",
)
def list_networks(request):
    token = _needs(request, Scope.REPORTS)
    out = [
        {"id": n.pk, "name": n.name, "services_taking_part": n.taking_part}
        for n in networks_for_token(token)
    ]
    _audit(request, status=200, description="networks listed")
    return Status(200, out)


@api.get(
    "/networks/{network_id}/reports/{report}",
    response={200: ReportOut, 422: ErrorOut, **ERRORS},
    summary="Read one report across the services taking part in a network",
    description="Only a network the token's organisation oversees: any other is 404. The "
    "services whose agreement is in force today are counted; a service that withdrew is not.",
)
def read_network_report(
    request,
    report: ReportKind,
    period: Query[PeriodIn],
    network_id: int = Path(..., ge=1, le=MAX_ID),
):
    token = _needs(request, Scope.REPORTS)
    network = networks_for_token(token).filter(pk=network_id).first()
    if network is None:
        return _error(request, 404, "Your organisation oversees no network with this id")
    body = network_report(network, report, period.start, period.end)
    _audit(request, status=200, description=f"network report read ({report})", obj=network)
    return Status(200, body)


def api_urls():
    """The API's URL patterns, each declared public to the access policy: the API checks its
    own bearer tokens (AccessPolicyMiddleware is for pages signed in with a session)."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback.access = "public"
    return patterns, app_name, namespace


@public
@require_http_methods(["GET"])
def api_docs(request):
    """The API in words, from its own OpenAPI schema: served here, nothing from a CDN."""
    schema = api.get_openapi_schema()
    operations = [
        {"method": method.upper(), "path": path, **operation}
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    ]
    return render(request, "api/docs.html", {"schema": schema, "operations": operations})


# --- The service's pages: tokens for partner systems -----------------------------------------


@requires(Action.MANAGE_PARTNER_ACCESS)
@require_http_methods(["GET", "POST"])
def token_list(request):
    form = forms.TokenForm(request.POST if request.method == "POST" else None)
    secret = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _, secret = api_token_issue(
                organisation=request.user.organisation,
                partner=data["partner"],
                name=data["name"],
                scopes=data["scopes"],
                days=data["days"],
                created_by=request.user,
            )
        except DjangoValidationError as error:
            for field, msgs in error.message_dict.items():
                for message in msgs:
                    form.add_error(field if field in form.fields else None, message)
        else:
            form = forms.TokenForm()
    return render(
        request,
        "api/tokens.html",
        {"form": form, "secret": secret, "tokens": tokens_of(request.user.organisation_id)},
    )


@requires(Action.MANAGE_PARTNER_ACCESS)
@require_http_methods(["POST"])
def token_revoke(request, pk: int):
    token = get_allowed(request, ApiToken, pk, Action.MANAGE_PARTNER_ACCESS)
    api_token_revoke(token=token, revoked_by=request.user)
    messages.success(request, f"Token {token.name} revoked: it no longer works")
    return redirect("partner_api:tokens")
