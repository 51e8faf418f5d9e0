"""Signing in with a password and a second factor, and signing out."""

import base64

import segno
from django.contrib.auth import authenticate, login, logout
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import match_token

from alongside.audit.models import AuditAction, AuditOutcome
from alongside.audit.services import Actor, audit_record
from alongside.core.access import public, signed_in, two_factor_step

from .forms import CodeForm, SignInForm
from .services import has_two_factor, totp_device_confirm, totp_device_unconfirmed

NEXT_KEY = "next_after_sign_in"


def _safe_next(request, candidate: str | None) -> str | None:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return None


@public
@require_http_methods(["GET", "POST"])
def sign_in(request):
    next_url = _safe_next(request, request.GET.get("next") or request.POST.get("next"))
    timed_out = request.GET.get("timed_out") == "1"
    if timed_out and request.user.is_authenticated:
        # The browser's time-out warning ran out: end the session here too.
        audit_record(actor=request.user, action=AuditAction.SIGN_OUT, description="Idle time-out")
        logout(request)
    form = SignInForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        user = authenticate(request, username=username, password=form.cleaned_data["password"])
        if user is None:
            audit_record(
                actor=Actor(id=None, label=username[:150]),
                action=AuditAction.SIGN_IN_FAILED,
                outcome=AuditOutcome.REFUSED,
            )
            form.add_error(None, "The username or password is not right. Check them and try again")
        else:
            login(request, user)
            if next_url:
                request.session[NEXT_KEY] = next_url
            audit_record(actor=user, action=AuditAction.SIGN_IN, description="Password accepted")
            if has_two_factor(user):
                return redirect("accounts:two-factor")
            return redirect("accounts:set-up-two-factor")
    return render(
        request,
        "accounts/sign_in.html",
        {"form": form, "next": next_url or "", "timed_out": timed_out},
    )


def _after_two_factor(request):
    return redirect(_safe_next(request, request.session.pop(NEXT_KEY, None)) or "home")


@two_factor_step
@require_http_methods(["GET", "POST"])
def two_factor(request):
    if request.user.is_verified():
        return redirect("home")
    if not has_two_factor(request.user):
        return redirect("accounts:set-up-two-factor")
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["code"])
        if device is None:
            audit_record(
                actor=request.user, action=AuditAction.TWO_FACTOR, outcome=AuditOutcome.REFUSED
            )
            form.add_error("code", "The security code is not right. Check it and try again")
        else:
            otp_login(request, device)
            request.session.cycle_key()
            audit_record(actor=request.user, action=AuditAction.TWO_FACTOR)
            return _after_two_factor(request)
    return render(request, "accounts/two_factor.html", {"form": form})


@two_factor_step
@require_http_methods(["GET", "POST"])
def set_up_two_factor(request):
    if has_two_factor(request.user):
        return redirect("accounts:two-factor")
    device = totp_device_unconfirmed(user=request.user)
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            codes = totp_device_confirm(device=device)
            otp_login(request, device)
            request.session.cycle_key()
            audit_record(
                actor=request.user, action=AuditAction.TWO_FACTOR, description="Two-factor set up"
            )
            return render(request, "accounts/backup_codes.html", {"codes": codes})
        form.add_error("code", "The security code is not right. Check the app and try again")
    qr = segno.make(device.config_url, error="m")
    qr_data_uri = "data:image/png;base64," + base64.b64encode(_png_bytes(qr)).decode("ascii")
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return render(
        request,
        "accounts/set_up_two_factor.html",
        {
            "form": form,
            "qr": qr_data_uri,
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        },
    )


def _png_bytes(qr) -> bytes:
    import io

    buffer = io.BytesIO()
    qr.save(buffer, kind="png", scale=5, border=2)
    return buffer.getvalue()


@signed_in
@require_POST
def sign_out(request):
    audit_record(actor=request.user, action=AuditAction.SIGN_OUT)
    logout(request)
    return redirect("accounts:signed-out")


@public
def signed_out(request):
    return render(request, "accounts/signed_out.html")
