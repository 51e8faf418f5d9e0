"""Security headers, idle time-out and the deny-by-default access check."""

import json
import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpResponseForbidden, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect, render
from django.urls import reverse

from alongside.accounts.models import Role
from alongside.audit.models import AuditAction, AuditOutcome
from alongside.audit.services import audit_record
from alongside.policy import decisions_remembered, role_allows

from .access import PUBLIC, SIGNED_IN, TWO_FACTOR_STEP
from .services import draft_save

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    """No inline script or style, nothing from another site; signed-in pages are not cached."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"
        )
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            response.headers["Cache-Control"] = "no-store"
        return response


SIGNED_IN_AT_KEY = "signed_in_at"


def idle_timeout_seconds(user) -> int:
    """Parents (alongside.portal) get a shorter idle time-out: a shared or borrowed phone."""
    if getattr(user, "role", None) == Role.PARENT:
        return getattr(settings, "ALONGSIDE_PARENT_IDLE_TIMEOUT_SECONDS", 10 * 60)
    return settings.SESSION_IDLE_TIMEOUT_SECONDS


class IdleTimeoutMiddleware:
    """Sign out after SESSION_IDLE_TIMEOUT_SECONDS without a request, and in any case
    ALONGSIDE_SESSION_MAX_SECONDS after signing in.

    A form posted after the time-out is kept as a draft for the same person and page, so
    signing back in offers it again instead of losing it. Only a fully signed-in session
    (password and second factor) whose request passes the CSRF check may leave a draft: this
    runs before Django's CSRF check, and a draft is offered back into the person's forms.
    """

    session_key = "last_seen"
    autosave_key = "last_autosave"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            signed_in_at = request.session.get(SIGNED_IN_AT_KEY)
            if signed_in_at is None:
                signed_in_at = request.session[SIGNED_IN_AT_KEY] = now
            max_seconds = getattr(settings, "ALONGSIDE_SESSION_MAX_SECONDS", 12 * 60 * 60)
            if now - signed_in_at >= max_seconds:
                return self._time_out(request, reason="expired")
            # Two clocks. Pages (and 'Stay signed in') keep the session alive; autosaves keep
            # only autosaving alive. So the session ends when the page's own warning
            # (timeout-warning.mjs, counting from when the page loaded) says it has, and the
            # sign-in page the browser then opens never has to end it: a GET never does.
            key = self.autosave_key if request.path == reverse("draft-save") else self.session_key
            last_seen = request.session.get(self.session_key, now)
            if key == self.autosave_key:
                last_seen = max(last_seen, request.session.get(self.autosave_key, last_seen))
            idle = idle_timeout_seconds(request.user)
            if now - last_seen >= idle:
                return self._time_out(request, reason="timed_out")
            # Saving the session costs a database write; a few seconds' precision is plenty.
            resolution = min(15, idle // 4)
            if now - request.session.get(key, 0) >= resolution:
                request.session[key] = now
        return self.get_response(request)

    def _time_out(self, request, *, reason: str):
        user = request.user
        if self._may_keep_draft(request):
            self._keep_draft(request)
        audit_record(
            actor=user,
            action=AuditAction.SIGN_OUT,
            description="Idle time-out" if reason == "timed_out" else "Session lifetime reached",
        )
        is_parent = getattr(user, "role", None) == Role.PARENT
        logout(request)
        if wants_json(request):
            return JsonResponse({"error": "You have been signed out."}, status=401)
        if is_parent:
            return redirect(f"{reverse('portal:sign-in')}?{urlencode({reason: '1'})}")
        query = {reason: "1"}
        if request.path == reverse("accounts:sign-in"):
            # The page's own time-out sent the browser here; keep where it came from.
            if request.GET.get("next"):
                query["next"] = request.GET["next"]
        elif request.path != reverse("accounts:sign-out"):
            query["next"] = request.path
        return redirect(f"{reverse('accounts:sign-in')}?{urlencode(query)}")

    @staticmethod
    def _may_keep_draft(request) -> bool:
        user = request.user
        return (
            request.method == "POST"
            and user.is_verified()
            and role_allows(user, "use_drafts")
            and csrf_passes(request)
        )

    @staticmethod
    def _keep_draft(request) -> None:
        user = request.user
        if request.path == reverse("draft-save"):
            # The page's last autosave, arriving just after the time-out: keep it.
            body = json_body(request)
            form_key, fields = body.get("form_key"), body.get("fields")
            if isinstance(form_key, str) and isinstance(fields, dict):
                draft_save(user=user, form_key=form_key, fields=fields)
        else:
            fields = {
                key: request.POST.getlist(key)
                for key in request.POST
                if key not in {"csrfmiddlewaretoken", "password"}
            }
            if fields:
                draft_save(user=user, form_key=request.path, fields=fields)


def csrf_passes(request) -> bool:
    """Django's own CSRF check, for middleware that acts before it would run."""
    checker = CsrfViewMiddleware(lambda _request: None)
    return checker.process_view(request, None, (), {}) is None


class AccessPolicyMiddleware:
    """Every view must say who may use it (alongside.core.access); undeclared views are refused.
    A read-only request answers each of the policy's scope questions once
    (alongside.policy.decisions_remembered)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in {"GET", "HEAD"}:
            with decisions_remembered():
                return self.get_response(request)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        rule = getattr(view_func, "access", None)
        if rule is None:
            return HttpResponseForbidden("This page has no access rule, so it is closed.")
        if rule == PUBLIC:
            return None
        user = request.user
        if not user.is_authenticated:
            if wants_json(request):
                return JsonResponse({"error": "Sign in first."}, status=401)
            return redirect(f"{reverse('accounts:sign-in')}?{urlencode({'next': request.path})}")
        if rule == TWO_FACTOR_STEP:
            return None
        if not user.is_verified():
            return redirect("accounts:two-factor")
        if rule == SIGNED_IN:
            return None
        if all(role_allows(user, action) for action in rule):
            return None
        audit_record(
            actor=user,
            action=AuditAction.VIEW,
            outcome=AuditOutcome.REFUSED,
            description=f"Refused: {', '.join(rule)}",
            detail={"path": request.path, "method": request.method},
        )
        return render(request, "403.html", status=403)


def wants_json(request) -> bool:
    """A script's request (autosave, keep-alive) gets a JSON answer, never a sign-in page."""
    return "application/json" in request.headers.get("Accept", "")


def json_body(request) -> dict:
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return {}
    return body if isinstance(body, dict) else {}
