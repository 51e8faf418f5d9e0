"""The parent's own space, and the worker's side of it. Views are thin: load through the policy
and the portal's selectors, bind a form, call a service, render.

No portal URL takes a parent's id: the parent is the signed-in user's own record. An object id
in a portal URL is looked up within that parent's records only; anything else is 'not found',
and the attempt is audited as refused."""

import base64
import io
import time
from dataclasses import replace

import segno
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login

from alongside.accounts.models import AuthenticatorDevice, Role
from alongside.accounts.services import authenticator_start, password_change
from alongside.audit.models import AuditAction, AuditOutcome
from alongside.audit.reads import record_read
from alongside.audit.services import Actor, audit_record
from alongside.casework.selectors import parent_for
from alongside.core.access import get_allowed, public, refuse, requires, two_factor_step
from alongside.core.actions import show_errors
from alongside.core.middleware import SIGNED_IN_AT_KEY, IdleTimeoutMiddleware
from alongside.measures.definitions import get_instrument
from alongside.measures.forms import MeasureForm, field_name
from alongside.policy import Action, can

from .forms import (
    AccountForm,
    AchievementForm,
    CodeForm,
    CorrectionForm,
    GoalViewForm,
    MeasureSendForm,
    MessageForm,
    MethodForm,
    PasswordForm,
    ReplyForm,
    SignInForm,
)
from .models import EmailCodeDevice, MeasureRequest, PortalNotice
from .selectors import (
    WELLBEING_WHEEL,
    account_of,
    achievement_of,
    achievements_of,
    consent_of,
    consent_rows,
    corrections_of,
    disclosures_for_parent,
    ended_consents,
    goal_of,
    instruments_to_send,
    invitation_by_token,
    letter_pdf_for_parent,
    measure_request_of,
    measure_requests_open,
    messages_of,
    my_plan,
    portal_parent,
    wellbeing_of,
)
from .services import (
    REQUEST_CLOSED,
    achievement_add_by_parent,
    consent_withdraw_by_parent,
    correction_request,
    email_code_send,
    email_device_start,
    goal_view_add,
    has_parent_second_factor,
    information_exported,
    invitation_accept,
    invitation_email,
    invitation_hours,
    invitation_issue,
    measure_request_answer,
    measure_request_send,
    measure_request_withdraw,
    message_send,
    messages_mark_read,
    notice_deal_with,
    parent_devices,
    parent_second_factor_confirm,
    parent_second_factor_match,
    wellbeing_record,
)

# This browser is setting up the parent's second factor after an invitation.
SETTING_UP_KEY = "portal_setting_up"
PENDING_DEVICE_KEY = "portal_pending_device"


def _is_parent(user) -> bool:
    return getattr(user, "role", None) == Role.PARENT


# --- Leaving quickly, signing in, invitations --------------------------------------------------


@public
@require_GET
def leave(request):
    """'Leave this page quickly': a neutral page with nothing about Alongside. A parent who was
    signed in is signed out, so whoever picks up the phone next finds nothing."""
    if request.user.is_authenticated and _is_parent(request.user):
        audit_record(actor=request.user, action=AuditAction.SIGN_OUT, description="Left quickly")
        logout(request)
    return render(request, "portal/leave.html")


def _start_session(request, user) -> None:
    login(request, user)
    now = int(time.time())
    request.session[SIGNED_IN_AT_KEY] = now
    request.session[IdleTimeoutMiddleware.session_key] = now


@public
@require_http_methods(["GET", "POST"])
def sign_in(request):
    if request.user.is_authenticated and request.user.is_verified() and _is_parent(request.user):
        return redirect("portal:plan")
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
            form.add_error(
                None, "Your sign-in name or password is not right. Check them and try again"
            )
        else:
            _start_session(request, user)
            audit_record(actor=user, action=AuditAction.SIGN_IN, description="Password accepted")
            if not _is_parent(user):
                return redirect("accounts:two-factor")
            return redirect("portal:two-factor")
    return render(
        request,
        "portal/sign_in.html",
        {"form": form, "timed_out": request.GET.get("timed_out") == "1"},
    )


@public
@require_http_methods(["GET", "POST"])
def invitation(request, token: str):
    """The worker's invitation. Opening it shows a form; only choosing a sign-in name and
    password uses it up (a mail scanner fetching the address does not)."""
    invite = invitation_by_token(token)
    state = invite.state if invite else "unknown"
    if state != "open":
        return render(request, "portal/invitation.html", {"state": state}, status=200)
    if request.user.is_authenticated:
        return render(request, "portal/invitation.html", {"state": "signed_in"})
    account = account_of(invite.parent)
    form = AccountForm(
        request.POST if request.method == "POST" else None,
        initial={"username": account.user.username if account else ""},
    )
    if request.method == "POST" and form.is_valid():
        try:
            user = invitation_accept(
                invitation=invite,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["new_password"],
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            signed = authenticate(
                request, username=user.username, password=form.cleaned_data["new_password"]
            )
            _start_session(request, signed)
            request.session[SETTING_UP_KEY] = True
            return redirect("portal:set-up")
    return render(
        request,
        "portal/invitation.html",
        {"state": "open", "form": form, "again": account is not None},
    )


@two_factor_step
@require_http_methods(["GET", "POST"])
def two_factor(request):
    user = request.user
    if not _is_parent(user):
        return redirect("accounts:two-factor")
    if user.is_verified():
        return redirect("portal:plan")
    if not has_parent_second_factor(user):
        if request.session.get(SETTING_UP_KEY):
            return redirect("portal:set-up")
        return render(request, "portal/ask_worker.html")
    email_device = EmailCodeDevice.objects.filter(user=user, confirmed=True).first()
    parent = portal_parent(user)
    sent = False
    form = CodeForm(request.POST if request.POST.get("action") != "send" else None)
    if request.method == "POST" and request.POST.get("action") == "send" and email_device:
        sent = email_code_send(device=email_device, parent=parent)
    elif request.method == "POST" and form.is_valid():
        device = parent_second_factor_match(user, form.cleaned_data["code"])
        if device is None:
            audit_record(actor=user, action=AuditAction.TWO_FACTOR, outcome=AuditOutcome.REFUSED)
            form.add_error("code", "The security code is not right. Check it and try again")
        else:
            otp_login(request, device)
            request.session.cycle_key()
            audit_record(actor=user, action=AuditAction.TWO_FACTOR)
            return redirect("portal:plan")
    return render(
        request,
        "portal/two_factor.html",
        {"form": form, "by_email": email_device is not None, "sent": sent},
    )


def _may_set_up(request) -> bool:
    user = request.user
    return _is_parent(user) and (bool(request.session.get(SETTING_UP_KEY)) or user.is_verified())


def _finish_set_up(request, device, parent):
    parent_second_factor_confirm(device=device, parent=parent)
    otp_login(request, device)
    request.session.cycle_key()
    request.session.pop(SETTING_UP_KEY, None)
    request.session.pop(PENDING_DEVICE_KEY, None)
    messages.success(request, "Your security code is set up. You will use it each time you sign in")
    return redirect("portal:plan")


@two_factor_step
@require_http_methods(["GET", "POST"])
def set_up(request):
    """Choose how to get a security code: an app, or a code by email."""
    if not _may_set_up(request):
        if not _is_parent(request.user):
            return redirect("accounts:two-factor")
        return render(request, "portal/ask_worker.html")
    parent = portal_parent(request.user)
    form = MethodForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["method"] == "email" and not parent.email:
            form.add_error(
                "method",
                "There is no email address on your record. Ask your worker to add it, "
                "or choose an app",
            )
        else:
            return redirect(f"portal:set-up-{form.cleaned_data['method']}")
    return render(
        request, "portal/set_up.html", {"form": form, "has_email": bool(parent and parent.email)}
    )


def _png(qr) -> str:
    buffer = io.BytesIO()
    qr.save(buffer, kind="png", scale=5, border=2)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


@two_factor_step
@require_http_methods(["GET", "POST"])
def set_up_app(request):
    if not _may_set_up(request):
        return redirect("portal:set-up")
    user, parent = request.user, portal_parent(request.user)
    device = AuthenticatorDevice.objects.filter(
        user=user, confirmed=False, pk=request.session.get(PENDING_DEVICE_KEY) or 0
    ).first()
    if device is None:
        device = authenticator_start(user=user)
        request.session[PENDING_DEVICE_KEY] = device.pk
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            return _finish_set_up(request, device, parent)
        form.add_error("code", "The security code is not right. Check the app and try again")
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return render(
        request,
        "portal/set_up_app.html",
        {
            "form": form,
            "qr": _png(segno.make(device.config_url, error="m")),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        },
    )


@two_factor_step
@require_http_methods(["GET", "POST"])
def set_up_email(request):
    if not _may_set_up(request):
        return redirect("portal:set-up")
    user, parent = request.user, portal_parent(request.user)
    if not parent.email:
        return redirect("portal:set-up")
    device = EmailCodeDevice.objects.filter(
        user=user, confirmed=False, pk=request.session.get(PENDING_DEVICE_KEY) or 0
    ).first()
    form = CodeForm(request.POST if request.POST.get("action") != "send" else None)
    if device is None or (request.method == "POST" and request.POST.get("action") == "send"):
        device = device or email_device_start(user=user)
        request.session[PENDING_DEVICE_KEY] = device.pk
        email_code_send(device=device, parent=parent)
    elif request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            return _finish_set_up(request, device, parent)
        form.add_error("code", "The security code is not right. Check the email and try again")
    return render(request, "portal/set_up_email.html", {"form": form})


# --- The parent's pages --------------------------------------------------------------------


def _parent(request):
    """The signed-in parent's own record, recorded as read for the audit trail."""
    parent = portal_parent(request.user)
    if parent is None:
        raise PermissionDenied("No parent's space is linked to this sign-in")
    record_read(parent)
    return parent


def _own(request, obj):
    """An object found within the parent's own records, or 'not found' (audited)."""
    if obj is None:
        raise refuse(request, action=Action.USE_PORTAL)
    return obj


@requires(Action.USE_PORTAL, page="Parent's space: my plan")
@require_GET
def plan(request):
    parent = _parent(request)
    return render(
        request,
        "portal/plan.html",
        {"parent": parent, "asked": list(measure_requests_open(parent)), **my_plan(parent)},
    )


@requires(Action.USE_PORTAL, page="Parent's space: my view on a goal")
@require_http_methods(["GET", "POST"])
def goal_view(request, pk: int):
    parent = _parent(request)
    goal = _own(request, goal_of(parent, pk))
    form = GoalViewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            goal_view_add(parent=parent, goal=goal, text=form.cleaned_data["text"], by=request.user)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, "Thank you. Your worker will see what you wrote")
            return redirect("portal:plan")
    return render(request, "portal/goal_view.html", {"goal": goal, "form": form})


@requires(Action.USE_PORTAL, page="Parent's space: my achievements")
@require_GET
def achievements(request):
    parent = _parent(request)
    return render(
        request,
        "portal/achievements.html",
        {"parent": parent, "achievements": achievements_of(parent)},
    )


@requires(Action.USE_PORTAL, page="Parent's space: add an achievement")
@require_http_methods(["GET", "POST"])
def achievement_new(request):
    parent = _parent(request)
    form = AchievementForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            achievement_add_by_parent(parent=parent, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, "Well done. Your achievement is saved")
            return redirect("portal:achievements")
    return render(request, "portal/achievement_new.html", {"form": form})


@requires(Action.USE_PORTAL, page="Parent's space: certificate")
@require_GET
def certificate(request, pk: int):
    parent = _parent(request)
    achievement = _own(request, achievement_of(parent, pk))
    return render(
        request, "portal/certificate.html", {"parent": parent, "achievement": achievement}
    )


@requires(Action.USE_PORTAL, page="Parent's space: my wellbeing")
@require_GET
def wellbeing(request):
    parent = _parent(request)
    return render(request, "portal/wellbeing.html", {"parent": parent, **wellbeing_of(parent)})


def _parent_measure_form(request, instrument) -> MeasureForm:
    """A measure as the parent answers it, on their own: their own ratings only, every
    question needed, and an error message for each question in plain words. Radios for a
    measure with answers to choose from, a small number box for one with a scale."""
    instrument = replace(instrument, raters=("parent",))
    form = MeasureForm(
        request.POST if request.method == "POST" else None, instrument=instrument, with_date=False
    )
    del form.fields["save_incomplete"]
    bounds = f"from {instrument.scale_min} to {instrument.scale_max}"
    for item in instrument.items:
        field = form.fields[field_name("parent", item.id)]
        field.required = True
        if instrument.uses_options:
            field.error_messages["required"] = f"Choose an answer for question {item.number}"
            field.error_messages["invalid_choice"] = (
                f"Choose one of the answers for question {item.number}"
            )
            continue
        what = item.text.lower()
        field.label = item.text
        field.error_messages["required"] = f"Choose a number for {what}"
        for code in ("invalid", "min_value", "max_value"):
            field.error_messages[code] = f"Enter a whole number {bounds} for {what}"
        field.widget.attrs["class"] = "govuk-input govuk-input--width-2"
    return form


@requires(Action.USE_PORTAL, page="Parent's space: fill in the wellbeing wheel")
@require_http_methods(["GET", "POST"])
def wellbeing_new(request):
    parent = _parent(request)
    form = _parent_measure_form(request, get_instrument(WELLBEING_WHEEL))
    instrument = form.instrument
    if request.method == "POST" and form.is_valid():
        try:
            wellbeing_record(parent=parent, answers=form.answers()["parent"], by=request.user)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, "Thank you. Your wellbeing wheel is saved")
            return redirect("portal:wellbeing")
    return render(request, "portal/wellbeing_new.html", {"form": form, "instrument": instrument})


@requires(Action.USE_PORTAL, page="Parent's space: fill in a measure from my worker")
@require_http_methods(["GET", "POST"])
def measure_answer(request, pk: int):
    """A measure the worker sent: the parent fills it in, once. One that is already filled in
    or was withdrawn gets a plain message, and nothing is saved."""
    parent = _parent(request)
    asked = _own(request, measure_request_of(parent, pk))
    instrument = get_instrument(asked.instrument)
    if asked.state != "open" or instrument is None:
        return render(
            request,
            "portal/measure_closed.html",
            {"asked": asked, "message": REQUEST_CLOSED.get(asked.state, REQUEST_CLOSED["ended"])},
        )
    form = _parent_measure_form(request, instrument)
    if request.method == "POST" and form.is_valid():
        try:
            measure_request_answer(
                parent=parent, request=asked, answers=form.answers()["parent"], by=request.user
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            return redirect("portal:measure-thanks", pk=asked.pk)
    return render(
        request,
        "portal/measure_answer.html",
        {"asked": asked, "form": form, "instrument": form.instrument},
    )


@requires(Action.USE_PORTAL, page="Parent's space: thank you for filling in a measure")
@require_GET
def measure_thanks(request, pk: int):
    """Thanks, and where to get help now if an answer raised an alert: a kind message, never
    a score or its label."""
    parent = _parent(request)
    asked = _own(request, measure_request_of(parent, pk))
    if asked.state != "completed":
        return redirect("portal:measure-answer", pk=asked.pk)
    return render(
        request,
        "portal/measure_thanks.html",
        {"asked": asked, "help_now": asked.response.has_alert},
    )


@requires(Action.USE_PORTAL, page="Parent's space: what is shared about me")
@require_GET
def shared(request):
    parent = _parent(request)
    return render(
        request,
        "portal/shared.html",
        {
            "consents": consent_rows(parent),
            "ended": ended_consents(parent),
            "disclosures": disclosures_for_parent(parent),
        },
    )


@requires(Action.USE_PORTAL, page="Parent's space: stop sharing")
@require_http_methods(["GET", "POST"])
def consent_withdraw(request, pk: int):
    parent = _parent(request)
    consent = _own(request, consent_of(parent, pk))
    if request.method == "POST":
        consent_withdraw_by_parent(parent=parent, consent=consent, by=request.user)
        messages.success(
            request,
            f"We have stopped sharing with {consent.organisation.name}. "
            "Your worker and their manager have been told",
        )
        return redirect("portal:shared")
    row = next(r for r in consent_rows(parent) if r.consent.pk == consent.pk)
    return render(request, "portal/consent_withdraw.html", {"row": row})


@requires(Action.USE_PORTAL, page="Parent's space: my information")
@require_http_methods(["GET", "POST"])
def information(request):
    parent = _parent(request)
    form = CorrectionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        correction_request(parent=parent, text=form.cleaned_data["text"], by=request.user)
        messages.success(request, "Thank you. Your worker will look at this and tell you")
        return redirect("portal:information")
    return render(
        request,
        "portal/information.html",
        {"form": form, "corrections": corrections_of(parent)},
    )


@requires(Action.USE_PORTAL, page="Parent's space: download my information")
@require_GET
def information_download(request):
    parent = _parent(request)
    information_exported(parent=parent, by=request.user)
    response = HttpResponse(letter_pdf_for_parent(parent), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="my-information.pdf"'
    return response


@requires(Action.USE_PORTAL, page="Parent's space: messages")
@require_http_methods(["GET", "POST"])
def conversation(request):
    parent = _parent(request)
    form = MessageForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            message_send(parent=parent, author=request.user, text=form.cleaned_data["text"])
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, "Your message is sent")
            return redirect("portal:messages")
    if request.method == "GET":
        messages_mark_read(parent=parent, reader=request.user)
    return render(
        request,
        "portal/messages.html",
        {"form": form, "conversation": messages_of(parent), "parent": parent},
    )


@requires(Action.USE_PORTAL, page="Parent's space: my sign-in")
@require_GET
def account(request):
    parent = _parent(request)
    return render(
        request,
        "portal/account.html",
        {"devices": parent_devices(request.user), "has_email": bool(parent.email)},
    )


@requires(Action.USE_PORTAL, page="Parent's space: change my password")
@require_http_methods(["GET", "POST"])
def change_password(request):
    """The parent's own password page, inside their space. The rule is everyone's
    (`accounts.forms.PasswordChangeForm`); only the words are the parent's."""
    _parent(request)
    form = PasswordForm(request.POST if request.method == "POST" else None, request=request)
    if request.method == "POST" and form.is_valid():
        password_change(user=request.user, new_password=form.cleaned_data["new_password"])
        # This browser stays signed in; anywhere else the parent was signed in is signed out.
        update_session_auth_hash(request, request.user)
        messages.success(request, "Your password is changed. Use the new one next time you sign in")
        return redirect("portal:account")
    return render(request, "portal/change_password.html", {"form": form})


# --- The worker's side ------------------------------------------------------------------------


@requires(Action.INVITE_PARENT, page="Invite a parent to their space")
@require_http_methods(["GET", "POST"])
def invite(request, pk: int):
    parent = parent_for(request, pk, Action.INVITE_PARENT)
    context = {"parent": parent, "account": account_of(parent), "hours": invitation_hours()}
    if request.method == "POST":
        token = invitation_issue(parent=parent, issued_by=request.user)
        link = request.build_absolute_uri(reverse("portal:invitation", args=[token]))
        emailed = invitation_email(parent=parent, link=link, by=request.user)
        return render(
            request, "portal/staff/invite_done.html", {**context, "link": link, "emailed": emailed}
        )
    return render(request, "portal/staff/invite.html", context)


@requires(Action.MESSAGE_PARENT, page="Messages with the parent")
@require_http_methods(["GET", "POST"])
def worker_messages(request, pk: int):
    parent = parent_for(request, pk, Action.MESSAGE_PARENT)
    form = ReplyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        message_send(parent=parent, author=request.user, text=form.cleaned_data["text"])
        messages.success(request, "Your reply is sent")
        return redirect("portal:worker-messages", pk=parent.pk)
    if request.method == "GET":
        messages_mark_read(parent=parent, reader=request.user)
    return render(
        request,
        "portal/staff/messages.html",
        {"parent": parent, "form": form, "conversation": messages_of(parent)},
    )


@requires(Action.SEND_MEASURE, page="Send a measure to the parent's space")
@require_http_methods(["GET", "POST"])
def measure_send(request, pk: int):
    """Send the parent a measure to fill in in their own space: one their programme uses,
    with a date to fill it in by if the worker wants one."""
    parent = parent_for(request, pk)
    episode = next((e for e in parent.episodes.all() if e.is_open), None)
    if episode is None or not can(request.user, Action.SEND_MEASURE, episode):
        raise refuse(request, action=Action.SEND_MEASURE, obj=episode or parent)
    instruments = instruments_to_send(episode)
    form = MeasureSendForm(
        request.POST if request.method == "POST" else None, instruments=instruments
    )
    if request.method == "POST" and instruments and form.is_valid():
        try:
            asked = measure_request_send(
                episode=episode,
                instrument_code=form.cleaned_data["instrument"],
                due_on=form.cleaned_data["due_on"],
                sent_by=request.user,
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request,
                f"{asked.instrument_name} sent. The parent will see it on their wellbeing page",
            )
            return redirect("people:overview", pk=parent.pk)
    return render(
        request,
        "portal/staff/measure_send.html",
        {
            "parent": parent,
            "episode": episode,
            "form": form,
            "instruments": instruments,
            "account": account_of(parent),
            "waiting": list(measure_requests_open(parent)),
        },
    )


@requires(Action.SEND_MEASURE, page="Withdraw a measure sent to the parent")
@require_POST
def measure_withdraw(request, pk: int):
    asked = get_allowed(
        request, MeasureRequest.objects.select_related("episode"), pk, Action.SEND_MEASURE
    )
    try:
        measure_request_withdraw(request=asked, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, f"{asked.instrument_name} withdrawn. The parent no longer sees it"
        )
    return redirect("people:overview", pk=asked.parent_id)


@requires(Action.MESSAGE_PARENT, page="Notice from the parent's space")
@require_POST
def notice_done(request, pk: int):
    notice = get_allowed(request, PortalNotice.objects.all(), pk, Action.MESSAGE_PARENT)
    if notice.dealt_with_at is None:
        notice_deal_with(notice=notice, by=request.user)
    messages.success(request, "Marked as dealt with")
    return redirect("people:overview", pk=notice.parent_id)
