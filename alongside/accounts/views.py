"""Signing in with a password and a second factor, setting up the second factor through an
administrator's enrolment link, changing passwords, and signing out; the administrator's pages for
users and teams (adding them, resets, unlocking a locked account)."""

import base64
import io
import time

import segno
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login

from alongside.audit.models import AuditAction, AuditOutcome
from alongside.audit.services import Actor, audit_record
from alongside.core.access import public, refuse, requires, signed_in, two_factor_step
from alongside.core.actions import show_errors
from alongside.core.middleware import SIGNED_IN_AT_KEY, IdleTimeoutMiddleware
from alongside.policy import Action

from .forms import CodeForm, HoursForm, PasswordChangeForm, SignInForm, TeamForm, UserAddForm
from .models import Role, Team, User
from .selectors import (
    authenticator_pending,
    colleague,
    enrolment_link_by_token,
    enrolment_link_for_set_up,
    is_locked,
    lockout_rules,
    team_of,
    teams_of,
    user_rows,
)
from .services import (
    account_unlock,
    authenticator_confirm,
    authenticator_start,
    enrolment_link_hours,
    enrolment_link_issue,
    enrolment_link_use,
    has_two_factor,
    password_change,
    password_reset,
    roles_for,
    second_factor_match,
    team_add,
    team_rename,
    two_factor_reset,
    user_add,
    user_set_hours,
)

NEXT_KEY = "next_after_sign_in"
# The enrolment link this browser opened, and the authenticator it is setting up.
ENROLMENT_LINK_KEY = "enrolment_link_id"
ENROLMENT_DEVICE_KEY = "enrolment_device_id"


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
    # Only a session that has really ended shows these. A GET never ends a session: a time-out
    # is ended by IdleTimeoutMiddleware before this page, which then sends the person here.
    timed_out = request.GET.get("timed_out") == "1" and not request.user.is_authenticated
    expired = request.GET.get("expired") == "1" and not request.user.is_authenticated
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
            now = int(time.time())
            request.session[SIGNED_IN_AT_KEY] = now
            request.session[IdleTimeoutMiddleware.session_key] = now
            if next_url:
                request.session[NEXT_KEY] = next_url
            audit_record(actor=user, action=AuditAction.SIGN_IN, description="Password accepted")
            if user.role == Role.PARENT:
                return redirect("portal:two-factor")  # a parent's own second factors
            if has_two_factor(user):
                return redirect("accounts:two-factor")
            return redirect("accounts:set-up-two-factor")
    return render(
        request,
        "accounts/sign_in.html",
        {"form": form, "next": next_url or "", "timed_out": timed_out, "expired": expired},
    )


def _after_two_factor(request):
    return redirect(_safe_next(request, request.session.pop(NEXT_KEY, None)) or "home")


@two_factor_step
@require_http_methods(["GET", "POST"])
def two_factor(request):
    if request.user.role == Role.PARENT:
        return redirect("portal:two-factor")
    if request.user.is_verified():
        return redirect("home")
    if not has_two_factor(request.user):
        return redirect("accounts:set-up-two-factor")
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        device = second_factor_match(request.user, form.cleaned_data["code"])
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


@public
@require_http_methods(["GET", "POST"])
def enrol(request, token: str):
    """The administrator's enrolment link. Opening it (a button, so that a mail scanner
    fetching the address does not use it up) ties it to this browser; then the person signs in
    with their password and sets up their app."""
    link = enrolment_link_by_token(token)
    if link is None or not link.is_open():
        return render(request, "accounts/enrol.html", {"valid": False})
    other_user = request.user.is_authenticated and request.user.pk != link.user_id
    if request.method == "POST" and not other_user:
        enrolment_link_use(link=link, actor=request.user)
        request.session[ENROLMENT_LINK_KEY] = link.pk
        request.session.pop(ENROLMENT_DEVICE_KEY, None)
        if request.user.is_authenticated:
            return redirect("accounts:set-up-two-factor")
        return redirect(
            f"{reverse('accounts:sign-in')}?next={reverse('accounts:set-up-two-factor')}"
        )
    return render(
        request,
        "accounts/enrol.html",
        {"valid": True, "other_user": other_user, "link_user": link.user},
    )


@two_factor_step
@require_http_methods(["GET", "POST"])
def set_up_two_factor(request):
    user = request.user
    if user.role == Role.PARENT:
        return redirect("portal:two-factor")
    if has_two_factor(user):
        return redirect("accounts:two-factor")
    link = enrolment_link_for_set_up(user, request.session.get(ENROLMENT_LINK_KEY))
    if link is None:
        return render(request, "accounts/enrolment_needed.html")
    device = authenticator_pending(user, request.session.get(ENROLMENT_DEVICE_KEY))
    if device is None:
        device = authenticator_start(user=user)
        request.session[ENROLMENT_DEVICE_KEY] = device.pk
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            codes = authenticator_confirm(device=device, link=link)
            for key in (ENROLMENT_LINK_KEY, ENROLMENT_DEVICE_KEY):
                request.session.pop(key, None)
            otp_login(request, device)
            request.session.cycle_key()
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
    buffer = io.BytesIO()
    qr.save(buffer, kind="png", scale=5, border=2)
    return buffer.getvalue()


@signed_in
@require_http_methods(["GET", "POST"])
def change_password(request):
    if request.user.role == Role.PARENT:
        # A parent changes theirs inside their own space, with its navigation and plain words.
        return redirect("portal:change-password")
    form = PasswordChangeForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        password_change(user=request.user, new_password=form.cleaned_data["new_password"])
        # This session carries on; every other session of this person ends.
        update_session_auth_hash(request, request.user)
        messages.success(request, "Your password has been changed")
        return redirect("home")
    return render(request, "accounts/change_password.html", {"form": form})


@two_factor_step
@require_POST
def sign_out(request):
    audit_record(actor=request.user, action=AuditAction.SIGN_OUT)
    logout(request)
    return redirect("accounts:signed-out")


@public
def signed_out(request):
    return render(request, "accounts/signed_out.html")


# --- The administrator's actions on a colleague's account ----------------------------------

USER_ACTIONS = {
    "enrolment-link": {
        "title": "Send an enrolment link",
        "explain": "The link lets {name} set up two-factor authentication. It works once.",
        "button": "Create enrolment link",
    },
    "reset-two-factor": {
        "title": "Reset two-factor authentication",
        "explain": (
            "Use this if {name} has lost their phone or has a new one. Their authenticator app "
            "and backup codes stop working, and you get a link for them to set up again."
        ),
        "button": "Reset two-factor authentication",
    },
    "reset-password": {
        "title": "Reset password",
        "explain": (
            "{name} gets a temporary password, is signed out everywhere and must set up "
            "two-factor authentication again with a new enrolment link."
        ),
        "button": "Reset password",
    },
}


def _colleague_or_404(request, pk: int) -> User:
    target = colleague(request.user, pk)
    if target is None:
        other = User.objects.filter(pk=pk).first()
        if other is not None:
            raise refuse(request, action=Action.MANAGE_USERS, obj=other)
        raise Http404("Page not found")
    return target


def _user_action(kind: str):
    @requires(Action.MANAGE_USERS)
    @require_http_methods(["GET", "POST"])
    def view(request, pk: int):
        target = _colleague_or_404(request, pk)
        text = USER_ACTIONS[kind]
        context = {
            "target": target,
            "title": text["title"],
            "explain": text["explain"].format(name=target.display_name),
            "button": text["button"],
            "hours": enrolment_link_hours(),
        }
        problem = None
        if target.pk == request.user.pk:
            problem = "You cannot do this to your own account. Ask another administrator."
        elif kind == "enrolment-link" and has_two_factor(target):
            problem = (
                f"{target.display_name} has already set up two-factor authentication. "
                "If they have lost their phone, reset their two-factor authentication instead."
            )
        if problem or request.method == "GET":
            return render(request, "accounts/user_action.html", {**context, "problem": problem})
        password = None
        if kind == "enrolment-link":
            token = enrolment_link_issue(user=target, issued_by=request.user)
        elif kind == "reset-two-factor":
            token = two_factor_reset(user=target, by=request.user)
        else:
            password, token = password_reset(user=target, by=request.user)
        link = request.build_absolute_uri(reverse("accounts:enrol", args=[token]))
        return render(
            request,
            "accounts/user_action_done.html",
            {**context, "link": link, "password": password},
        )

    return view


user_enrolment_link = _user_action("enrolment-link")
user_reset_two_factor = _user_action("reset-two-factor")
user_reset_password = _user_action("reset-password")


@requires(Action.MANAGE_USERS)
@require_http_methods(["GET", "POST"])
def user_hours(request, pk: int):
    """A worker's hours (0.2-1.0 of full time): their caseload cap follows from them."""
    target = _colleague_or_404(request, pk)
    form = HoursForm(
        request.POST if request.method == "POST" else None,
        initial={"hours_wte": target.hours_wte},
    )
    if request.method == "POST" and form.is_valid():
        user_set_hours(user=target, hours_wte=form.cleaned_data["hours_wte"], by=request.user)
        messages.success(request, f"{target.display_name} works {target.hours_wte} of full time")
        return redirect("accounts:users")
    return render(request, "accounts/user_hours.html", {"target": target, "form": form})


# --- Users and teams -------------------------------------------------------------------------


def _team_or_404(request, pk: int) -> Team:
    team = team_of(request.user, pk)
    if team is None:
        other = Team.objects.filter(pk=pk).first()
        if other is not None:
            raise refuse(request, action=Action.MANAGE_USERS, obj=other)
        raise Http404("Page not found")
    return team


@requires(Action.MANAGE_USERS)
@require_GET
def users_and_teams(request):
    return render(
        request,
        "accounts/users_and_teams.html",
        {"rows": user_rows(request.user), "teams": teams_of(request.user), **lockout_rules()},
    )


@requires(Action.MANAGE_USERS)
@require_http_methods(["GET", "POST"])
def user_new(request):
    """Add a user; show their temporary password and enrolment link once."""
    form = UserAddForm(
        request.POST if request.method == "POST" else None,
        roles=roles_for(request.user.organisation),
        teams=teams_of(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            user, password, token = user_add(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            return render(
                request,
                "accounts/user_action_done.html",
                {
                    "target": user,
                    "title": "User added",
                    "added": True,
                    "password": password,
                    "link": request.build_absolute_uri(reverse("accounts:enrol", args=[token])),
                    "hours": enrolment_link_hours(),
                },
            )
    return render(request, "accounts/user_new.html", {"form": form})


@requires(Action.MANAGE_USERS)
@require_http_methods(["GET", "POST"])
def team_new(request):
    form = TeamForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            team = team_add(by=request.user, name=form.cleaned_data["name"])
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, f"Team {team.name} added")
            return redirect("accounts:users")
    return render(request, "accounts/team_form.html", {"form": form, "team": None})


@requires(Action.MANAGE_USERS)
@require_http_methods(["GET", "POST"])
def team_edit(request, pk: int):
    """Rename a team."""
    team = _team_or_404(request, pk)
    form = TeamForm(request.POST if request.method == "POST" else None, initial={"name": team.name})
    if request.method == "POST" and form.is_valid():
        old = team.name
        try:
            team_rename(team=team, name=form.cleaned_data["name"], by=request.user)
        except ValidationError as error:
            team.name = old
            show_errors(form, error)
        else:
            messages.success(request, f"Team {old} is now called {team.name}")
            return redirect("accounts:users")
    return render(request, "accounts/team_form.html", {"form": form, "team": team})


@requires(Action.MANAGE_USERS)
@require_http_methods(["GET", "POST"])
def user_unlock(request, pk: int):
    """Unlock an account locked after too many wrong passwords. Asks first; a POST unlocks."""
    target = _colleague_or_404(request, pk)
    problem = None
    if target.pk == request.user.pk:
        problem = "You cannot do this to your own account. Ask another administrator."
    elif not is_locked(target):
        problem = f"{target.display_name}'s account is not locked. They can sign in."
    if problem or request.method == "GET":
        return render(request, "accounts/user_unlock.html", {"target": target, "problem": problem})
    account_unlock(user=target, by=request.user)
    messages.success(
        request, f"{target.display_name}'s account is unlocked. They can sign in again"
    )
    return redirect("accounts:users")
