"""Writes for the parent's own space. Each is one transaction with its audit entry; the audit
log keeps ids and actions, never what the parent or worker typed.

Every write takes the signed-in parent's own record (`parent`) from the page, which got it
from the sign-in, never from the request: an id from a URL or a form is only ever looked up
within that parent's records (`portal.selectors`), and checked again here.
"""

from datetime import date, timedelta

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from alongside.accounts.codes import link_token_digest, link_token_new
from alongside.accounts.models import AuthenticatorDevice, BackupCodeDevice, Role, User
from alongside.accounts.selectors import username_taken
from alongside.audit.models import AuditAction
from alongside.audit.services import audit_record, create_audited
from alongside.casework.models import Episode
from alongside.casework.services import episode_locked_open
from alongside.measures.definitions import get_instrument
from alongside.measures.models import MeasureResponse
from alongside.measures.services import measure_record
from alongside.people.models import Parent
from alongside.plans.models import Achievement, Goal
from alongside.plans.services import achievement_add
from alongside.sharing.models import Consent
from alongside.sharing.services import consent_withdraw

from .codes import email_code_digest, email_code_new
from .models import (
    EmailCodeDevice,
    GoalView,
    MeasureRequest,
    PortalAccount,
    PortalInvitation,
    PortalMessage,
    PortalNotice,
)
from .selectors import instruments_to_send

WELLBEING_WHEEL = "wellbeing_wheel"
MESSAGE_MAX = 5000


def invitation_hours() -> int:
    return getattr(settings, "ALONGSIDE_PARENT_INVITATION_HOURS", 72)


def _open_episode(parent: Parent) -> Episode:
    episode = parent.episodes.exclude(status=Episode.Status.CLOSED).order_by("-opened_on").first()
    if episode is None:
        raise ValidationError("Your work with the service has ended, so this cannot be added now.")
    return episode


# --- Invitations and the account ------------------------------------------------------------


@transaction.atomic
def invitation_issue(*, parent: Parent, issued_by: User) -> str:
    """A single-use link to the parent's space, valid for ALONGSIDE_PARENT_INVITATION_HOURS.
    Any earlier invitation still open is withdrawn. Returns the token (only its digest is
    kept), to give to the parent once. Also how a parent gets back in: a new invitation lets
    them choose a new password and second factor."""
    now = timezone.now()
    PortalInvitation.objects.filter(
        parent=parent, used_at__isnull=True, withdrawn_at__isnull=True, expires_at__gt=now
    ).update(withdrawn_at=now)
    token = link_token_new()
    invitation = PortalInvitation.objects.create(
        parent=parent,
        token_digest=link_token_digest(token),
        issued_by=issued_by,
        issued_at=now,
        expires_at=now + timedelta(hours=invitation_hours()),
    )
    audit_record(
        actor=issued_by,
        action=AuditAction.CREATE,
        obj=invitation,
        parent_id=parent.pk,
        description="Invitation to the parent's space issued",
        detail={"expires_at": invitation.expires_at.isoformat()},
    )
    return token


@transaction.atomic
def invitation_withdraw(*, invitation: PortalInvitation, by: User) -> None:
    if invitation.state != "open":
        raise ValidationError("This invitation is no longer open.")
    invitation.withdrawn_at = timezone.now()
    invitation.save(update_fields=["withdrawn_at"])
    audit_record(
        actor=by,
        action=AuditAction.UPDATE,
        obj=invitation,
        parent_id=invitation.parent_id,
        description="Invitation to the parent's space withdrawn",
    )


def invitation_email(*, parent: Parent, link: str, by: User) -> bool:
    """Email the invitation to the address on the parent's record, if there is one."""
    if not parent.email:
        return False
    send_mail(
        "Your invitation to Alongside",
        f"Hello {parent.preferred_name or parent.given_name},\n\n"
        "Your worker has invited you to your own space in Alongside, where you can see your "
        "plan, your achievements and what is shared about you, and send them messages.\n\n"
        f"Open this link to set up your sign-in. It works once, for {invitation_hours()} "
        f"hours:\n{link}\n\nIf you were not expecting this, tell your worker.",
        None,
        [parent.email],
    )
    audit_record(
        actor=by,
        action=AuditAction.UPDATE,
        obj=parent,
        description="Invitation to the parent's space emailed",
    )
    return True


@transaction.atomic
def invitation_accept(*, invitation: PortalInvitation, username: str, password: str) -> User:
    """The parent chose a sign-in name and password. A new account, or for a parent who already
    has one (recovery) a new name and password, with their old second factors removed: they
    choose a new one next. The invitation is used up."""
    invitation = PortalInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.state != "open":
        raise ValidationError("This invitation link is no longer open.")
    parent = invitation.parent
    account = PortalAccount.objects.filter(parent=parent).select_related("user").first()
    user = account.user if account else None
    if username_taken(username) and (user is None or user.username.lower() != username.lower()):
        raise ValidationError({"username": "Someone already uses this name. Choose another"})
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages[0]}) from error
    if user is None:
        user = User(
            username=username,
            organisation_id=parent.organisation_id,
            role=Role.PARENT,
        )
        user.set_password(password)
        user.full_clean()
        user.save()
        account = PortalAccount.objects.create(user=user, parent=parent)
        description = "Parent's account created"
    else:
        user.username = username
        user.is_active = True
        user.set_password(password)
        user.save(update_fields=["username", "is_active", "password"])
        for model in (AuthenticatorDevice, BackupCodeDevice, EmailCodeDevice):
            model.objects.filter(user=user).delete()
        axes_reset(username=user.username)
        description = "Parent's sign-in set up again"
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    audit_record(
        actor=user,
        action=AuditAction.UPDATE,
        obj=invitation,
        parent_id=parent.pk,
        description=description,
        detail={"user_id": user.pk},
    )
    return user


# --- Second factors: an app, or a code by email ----------------------------------------------


def parent_devices(user: User) -> list:
    return [
        *AuthenticatorDevice.objects.filter(user=user, confirmed=True),
        *EmailCodeDevice.objects.filter(user=user, confirmed=True),
    ]


def has_parent_second_factor(user: User) -> bool:
    return bool(parent_devices(user))


def parent_second_factor_match(user: User, code: str):
    """The parent's own device that accepts this code (only Alongside's devices count)."""
    for device in parent_devices(user):
        if device.verify_token(code):
            return device
    return None


@transaction.atomic
def email_device_start(*, user: User) -> EmailCodeDevice:
    EmailCodeDevice.objects.filter(user=user, confirmed=False).delete()
    return EmailCodeDevice.objects.create(user=user, name="Code by email", confirmed=False)


def email_code_minutes() -> int:
    return getattr(settings, "ALONGSIDE_EMAIL_CODE_MINUTES", 10)


@transaction.atomic
def email_code_send(*, device: EmailCodeDevice, parent: Parent) -> bool:
    """Send a fresh code to the address on the parent's record. False if there is none."""
    if not parent.email:
        return False
    code = email_code_new()
    device.code_digest = email_code_digest(code)
    device.valid_until = timezone.now() + timedelta(minutes=email_code_minutes())
    device.save(update_fields=["code_digest", "valid_until"])
    send_mail(
        "Your Alongside security code",
        f"Your security code is {code}\n\nIt works once, for {email_code_minutes()} minutes. "
        "If you did not ask for it, tell your worker.",
        None,
        [parent.email],
    )
    audit_record(
        actor=device.user,
        action=AuditAction.TWO_FACTOR,
        parent_id=parent.pk,
        description="Security code sent by email",
    )
    return True


@transaction.atomic
def parent_second_factor_confirm(*, device, parent: Parent) -> None:
    """The parent typed a right code for a new app or email: it becomes their one way in, and
    any other way they had stops working."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    user = device.user
    for model in (AuthenticatorDevice, EmailCodeDevice):
        others = model.objects.filter(user=user)
        if isinstance(device, model):
            others = others.exclude(pk=device.pk)
        others.delete()
    BackupCodeDevice.objects.filter(user=user).delete()
    audit_record(
        actor=user,
        action=AuditAction.TWO_FACTOR,
        parent_id=parent.pk,
        description=f"Second factor set up: {device.name}",
    )


# --- My plan, achievements and wellbeing -----------------------------------------------------


@transaction.atomic
def goal_view_add(*, parent: Parent, goal: Goal, text: str, by: User) -> GoalView:
    if goal.plan.episode.parent_id != parent.pk:
        raise ValidationError("Choose one of your own goals.")
    if not text.strip():
        raise ValidationError({"text": "Write how you feel this goal is going"})
    return create_audited(
        GoalView(parent=parent, goal=goal, text=text.strip()[:MESSAGE_MAX]),
        actor=by,
        description="Parent's view on a goal added",
    )


@transaction.atomic
def achievement_add_by_parent(
    *, parent: Parent, text: str, happened_on: date, by: User
) -> Achievement:
    if not text.strip():
        raise ValidationError({"text": "Write what you achieved"})
    return achievement_add(
        episode=_open_episode(parent),
        recorded_by=by,
        happened_on=happened_on,
        text=text.strip()[:MESSAGE_MAX],
        whose=Achievement.Whose.PARENT,
    )


@transaction.atomic
def wellbeing_record(*, parent: Parent, answers: dict, by: User):
    """The parent's own ratings on the wellbeing wheel (rater 'parent'); the worker's side of
    the wheel stays empty until they fill it in together."""
    return measure_record(
        episode=_open_episode(parent),
        recorded_by=by,
        instrument_code=WELLBEING_WHEEL,
        completed_on=timezone.localdate(),
        answers={"parent": answers},
        by_parent=True,
    )


# --- Measures the worker sends to the parent's space -----------------------------------------

REQUEST_CLOSED = {
    "completed": "You have already filled this in. Thank you. Your worker has your answers.",
    "withdrawn": "Your worker took this back, so you do not need to fill it in.",
    "ended": "Your work with the service has ended, so this cannot be filled in now.",
}


@transaction.atomic
def measure_request_send(
    *, episode: Episode, instrument_code: str, due_on: date | None, sent_by: User
) -> MeasureRequest:
    """Ask the parent to fill in a measure in their own space. Only a measure the work's
    programme uses that the parent answers themselves; one at a time for each measure."""
    episode = episode_locked_open(episode)
    instrument = next((i for i in instruments_to_send(episode) if i.code == instrument_code), None)
    if instrument is None:
        raise ValidationError({"instrument": "Choose a measure from the list"})
    if due_on is not None and due_on < timezone.localdate():
        raise ValidationError({"due_on": "The date to fill it in by must be today or later"})
    waiting = MeasureRequest.objects.filter(
        episode=episode,
        instrument=instrument.code,
        completed_at__isnull=True,
        withdrawn_at__isnull=True,
    )
    if waiting.exists():
        raise ValidationError(
            {
                "instrument": f"The parent already has the {instrument.name} to fill in. "
                "Withdraw it first to send it again"
            }
        )
    return create_audited(
        MeasureRequest(
            parent_id=episode.parent_id,
            episode=episode,
            instrument=instrument.code,
            instrument_name=instrument.name,
            due_on=due_on,
            sent_by=sent_by,
            sent_at=timezone.now(),
        ),
        actor=sent_by,
        description="Measure sent to the parent's space",
        detail={"instrument": instrument.code},
    )


@transaction.atomic
def measure_request_withdraw(*, request: MeasureRequest, by: User) -> MeasureRequest:
    """The worker takes a request back before the parent has answered it."""
    request = (
        MeasureRequest.objects.select_for_update().select_related("episode").get(pk=request.pk)
    )
    if request.completed_at is not None:
        raise ValidationError("The parent has already filled this in.")
    if request.withdrawn_at is not None:
        raise ValidationError("This was already withdrawn.")
    request.withdrawn_at = timezone.now()
    request.withdrawn_by = by
    request.save(update_fields=["withdrawn_at", "withdrawn_by"])
    audit_record(
        actor=by,
        action=AuditAction.UPDATE,
        obj=request,
        parent_id=request.parent_id,
        description="Measure sent to the parent's space withdrawn",
    )
    return request


@transaction.atomic
def measure_request_answer(
    *, parent: Parent, request: MeasureRequest, answers: dict, by: User
) -> MeasureResponse:
    """The parent's answers to a measure their worker sent. Recorded and scored by the measures
    app exactly as when the worker records it (so any alert, such as the PHQ-9's question 9,
    reaches the worker and manager the same way), marked as the parent's own, once. The worker
    gets a notice on the parent's overview."""
    request = (
        MeasureRequest.objects.select_for_update().select_related("episode").get(pk=request.pk)
    )
    if request.parent_id != parent.pk:
        raise ValidationError("Choose one of your own questionnaires.")
    if request.state != "open":
        raise ValidationError(REQUEST_CLOSED[request.state])
    instrument = get_instrument(request.instrument)
    if instrument is None:
        raise ValidationError("This questionnaire is no longer used. Tell your worker.")
    unanswered = [item for item in instrument.items if answers.get(item.id) is None]
    if unanswered:
        raise ValidationError(f"Answer question {unanswered[0].number}.")
    response = measure_record(
        episode=request.episode,
        recorded_by=by,
        instrument_code=instrument.code,
        completed_on=timezone.localdate(),
        answers={"parent": answers},
        by_parent=True,
    )
    request.response = response
    request.completed_at = timezone.now()
    request.save(update_fields=["response", "completed_at"])
    audit_record(
        actor=by,
        action=AuditAction.UPDATE,
        obj=request,
        parent_id=parent.pk,
        description="Parent filled in a measure sent to their space",
    )
    create_audited(
        PortalNotice(parent=parent, kind=PortalNotice.Kind.MEASURE_DONE, measure_request=request),
        actor=by,
        description="Parent filled in a measure: worker told",
    )
    return response


# --- What is shared, and my information ------------------------------------------------------


@transaction.atomic
def consent_withdraw_by_parent(*, parent: Parent, consent: Consent, by: User) -> PortalNotice:
    """The parent withdraws a consent: it stops at once (sharing.rules counts a withdrawal from
    the moment it is recorded), and their worker and the manager are told."""
    if consent.parent_id != parent.pk:
        raise ValidationError("Choose one of your own consents.")
    consent_withdraw(
        consent=consent, withdrawn_by=by, note="Withdrawn by the parent in their own space"
    )
    return create_audited(
        PortalNotice(parent=parent, kind=PortalNotice.Kind.CONSENT_WITHDRAWN, consent=consent),
        actor=by,
        description="Parent withdrew a consent: worker and manager told",
    )


@transaction.atomic
def correction_request(*, parent: Parent, text: str, by: User) -> PortalNotice:
    if not text.strip():
        raise ValidationError({"text": "Write what is wrong and what it should say"})
    return create_audited(
        PortalNotice(
            parent=parent, kind=PortalNotice.Kind.CORRECTION, text=text.strip()[:MESSAGE_MAX]
        ),
        actor=by,
        description="Parent asked for a correction",
    )


@transaction.atomic
def notice_deal_with(*, notice: PortalNotice, by: User) -> PortalNotice:
    if notice.dealt_with_at is not None:
        raise ValidationError("This has already been dealt with.")
    notice.dealt_with_at = timezone.now()
    notice.dealt_with_by = by
    notice.save(update_fields=["dealt_with_at", "dealt_with_by"])
    audit_record(
        actor=by,
        action=AuditAction.UPDATE,
        obj=notice,
        parent_id=notice.parent_id,
        description="Notice from the parent's space dealt with",
    )
    return notice


def information_exported(*, parent: Parent, by: User) -> None:
    audit_record(
        actor=by,
        action=AuditAction.EXPORT,
        obj=parent,
        description="Parent downloaded their information",
    )


# --- Messages --------------------------------------------------------------------------------


@transaction.atomic
def message_send(*, parent: Parent, author: User, text: str) -> PortalMessage:
    """A message from the parent (author is their account) or from the service to them."""
    if not text.strip():
        raise ValidationError({"text": "Write your message"})
    if len(text) > MESSAGE_MAX:
        raise ValidationError({"text": f"Your message must be {MESSAGE_MAX} characters or fewer"})
    from_parent = author.role == Role.PARENT
    return create_audited(
        PortalMessage(parent=parent, from_parent=from_parent, author=author, text=text.strip()),
        actor=author,
        description="Message from the parent" if from_parent else "Message to the parent",
    )


@transaction.atomic
def messages_mark_read(*, parent: Parent, reader: User) -> int:
    """Messages from the other side, now read by `reader` (the parent, or a worker)."""
    unread = PortalMessage.objects.filter(
        parent=parent, read_at__isnull=True, from_parent=reader.role != Role.PARENT
    )
    count = unread.update(read_at=timezone.now())
    if count:
        audit_record(
            actor=reader,
            action=AuditAction.UPDATE,
            obj=parent,
            description="Messages read",
            detail={"messages": count},
        )
    return count
