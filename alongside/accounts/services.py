"""Creating users, their passwords and their second factors. Each write is audited."""

import secrets
from datetime import timedelta
from decimal import Decimal

from axes.utils import reset as axes_reset
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from alongside.audit.models import AuditAction
from alongside.audit.services import Actor, audit_record, create_audited

from .codes import (
    backup_code_digest,
    backup_code_new,
    link_token_digest,
    link_token_new,
)
from .models import (
    AuthenticatorDevice,
    BackupCode,
    BackupCodeDevice,
    EnrolmentLink,
    Organisation,
    Role,
    Team,
    User,
)
from .selectors import team_name_taken, username_taken

BACKUP_CODE_COUNT = 10
# Who the audit trail names for `alongside issue-enrolment`.
COMMAND_LINE = Actor(id=None, label="alongside issue-enrolment")


def enrolment_link_hours() -> int:
    return getattr(settings, "ALONGSIDE_ENROLMENT_LINK_HOURS", 72)


def user_create(
    *,
    username: str,
    password: str,
    organisation: Organisation,
    role: Role,
    team: Team | None = None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    job_title: str = "",
    hours_wte: Decimal | None = None,
) -> User:
    user = User(
        username=username,
        organisation=organisation,
        team=team,
        role=role,
        first_name=first_name,
        last_name=last_name,
        email=email,
        job_title=job_title,
    )
    if hours_wte is not None:
        user.hours_wte = hours_wte
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


# --- Second factors --------------------------------------------------------------------------


def has_two_factor(user: User) -> bool:
    """A confirmed authenticator app (our own, with its secret encrypted)."""
    return AuthenticatorDevice.objects.filter(user=user, confirmed=True).exists()


def second_factor_match(user: User, code: str):
    """The device that accepts this code: a confirmed authenticator app or an unused backup
    code. Only Alongside's own devices count: a plain django-otp device row (which would hold
    its secret in clear) is never accepted, wherever it came from."""
    for model in (AuthenticatorDevice, BackupCodeDevice):
        for device in model.objects.filter(user=user, confirmed=True):
            if device.verify_token(code):
                return device
    return None


@transaction.atomic
def authenticator_start(*, user: User) -> AuthenticatorDevice:
    """A new, unconfirmed authenticator with a fresh secret, for one attempt at setting up.
    Any other attempt's secret is thrown away, so no secret is ever shown to two browsers."""
    AuthenticatorDevice.objects.filter(user=user, confirmed=False).delete()
    return AuthenticatorDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def authenticator_create_confirmed(*, user: User) -> AuthenticatorDevice:
    """For synthetic demo users, who sign in with backup codes."""
    return AuthenticatorDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


@transaction.atomic
def authenticator_confirm(*, device: AuthenticatorDevice, link: EnrolmentLink) -> list[str]:
    """The person typed a right code: confirm the app, use up the enrolment link and issue
    fresh backup codes. Returns the codes, to show once."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    link.completed_at = timezone.now()
    link.save(update_fields=["completed_at"])
    codes = backup_codes_issue(user=device.user)
    audit_record(
        actor=device.user, action=AuditAction.TWO_FACTOR, obj=link, description="Two-factor set up"
    )
    return codes


@transaction.atomic
def backup_codes_issue(*, user: User) -> list[str]:
    """Replace the person's backup codes. Returns the codes, to show once: only digests are kept."""
    device, _ = BackupCodeDevice.objects.get_or_create(user=user, name="Backup codes")
    device.codes.all().delete()
    StaticDevice.objects.filter(user=user).delete()
    codes = [backup_code_new() for _ in range(BACKUP_CODE_COUNT)]
    BackupCode.objects.bulk_create(
        BackupCode(device=device, digest=backup_code_digest(code)) for code in codes
    )
    return codes


def backup_codes_left(user: User) -> int:
    return BackupCode.objects.filter(device__user=user).count()


def _devices_delete(user: User) -> None:
    for model in (AuthenticatorDevice, BackupCodeDevice, TOTPDevice, StaticDevice):
        model.objects.filter(user=user).delete()


# --- Enrolment links -------------------------------------------------------------------------


@transaction.atomic
def enrolment_link_issue(*, user: User, issued_by: User | None, reason: str = "") -> str:
    """A single-use link to set up two-factor authentication, valid for
    ALONGSIDE_ENROLMENT_LINK_HOURS. Any earlier link for the person stops working. Returns the
    link's secret token: only its digest is stored, so it can be shown once."""
    now = timezone.now()
    EnrolmentLink.objects.filter(user=user, completed_at__isnull=True, expires_at__gt=now).update(
        expires_at=now
    )
    token = link_token_new()
    link = EnrolmentLink.objects.create(
        user=user,
        token_digest=link_token_digest(token),
        issued_by=issued_by,
        issued_at=now,
        expires_at=now + timedelta(hours=enrolment_link_hours()),
    )
    audit_record(
        actor=issued_by or COMMAND_LINE,
        action=AuditAction.CREATE,
        obj=link,
        description=f"Enrolment link issued for {user.username}"
        + (f": {reason}" if reason else ""),
        detail={"user_id": user.pk, "expires_at": link.expires_at.isoformat()},
    )
    return token


@transaction.atomic
def enrolment_link_use(*, link: EnrolmentLink, actor) -> None:
    """Tie the link to the browser that opened it: it cannot be opened again."""
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    audit_record(
        actor=actor
        if getattr(actor, "is_authenticated", False)
        else Actor(id=None, label=f"enrolment link for {link.user.username}"[:150]),
        action=AuditAction.UPDATE,
        obj=link,
        description="Enrolment link opened",
        detail={"user_id": link.user_id},
    )


# --- Passwords and resets by an administrator ------------------------------------------------


@transaction.atomic
def password_change(*, user: User, new_password: str) -> None:
    user.set_password(new_password)
    user.save(update_fields=["password"])
    audit_record(actor=user, action=AuditAction.UPDATE, obj=user, description="Password changed")


@transaction.atomic
def two_factor_reset(*, user: User, by: User | None) -> str:
    """Lost or new phone: remove the person's authenticator and backup codes and issue an
    enrolment link. Returns the link's token. `by` is None from the command line."""
    _devices_delete(user)
    audit_record(
        actor=by or COMMAND_LINE,
        action=AuditAction.UPDATE,
        obj=user,
        description="Two-factor reset",
    )
    return enrolment_link_issue(user=user, issued_by=by, reason="two-factor reset")


@transaction.atomic
def password_reset(*, user: User, by: User) -> tuple[str, str]:
    """A temporary password, and two-factor set up again from scratch (so a reset password
    alone never opens the account). Signs the person out everywhere, because their password
    changes. Returns the temporary password and the enrolment link's token."""
    temporary = secrets.token_urlsafe(12)
    user.set_password(temporary)
    user.save(update_fields=["password"])
    _devices_delete(user)
    axes_reset(username=user.username)
    audit_record(actor=by, action=AuditAction.UPDATE, obj=user, description="Password reset")
    token = enrolment_link_issue(user=user, issued_by=by, reason="password reset")
    return temporary, token


@transaction.atomic
def user_set_hours(*, user: User, hours_wte, by) -> User:
    """Set a worker's hours as a share of full time (0.2 to 1.0); audited."""
    user.hours_wte = hours_wte
    user.full_clean(validate_unique=False, exclude=["password"])
    user.save(update_fields=["hours_wte"])
    audit_record(
        actor=by,
        action=AuditAction.UPDATE,
        obj=user,
        description="Working hours set",
        detail={"user_id": user.pk, "hours_wte": str(user.hours_wte)},
    )
    return user


# --- Users and teams, added by an administrator ----------------------------------------------

# Roles that work on cases in a team: their scope is their team's cases.
ROLES_IN_A_TEAM = {Role.PRACTITIONER, Role.TEAM_MANAGER}


def roles_for(organisation: Organisation) -> list[Role]:
    """The roles a user of this organisation may have: partner professionals belong to a
    partner agency, everyone else to the service. Parents are invited by their worker
    (alongside.portal), never added here."""
    if organisation.kind == Organisation.Kind.PARTNER:
        return [Role.PARTNER, Role.ADMINISTRATOR]
    return [r for r in Role if r not in {Role.PARTNER, Role.PARENT}]


@transaction.atomic
def user_add(
    *,
    by: User,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    role: Role,
    team: Team | None,
    hours_wte: Decimal | None = None,
) -> tuple[User, str, str]:
    """A new user in the administrator's organisation, with a temporary password and an
    enrolment link to set up two-factor authentication: neither alone opens the account, and
    only the administrator has seen them. Returns the user, the password and the link's token."""
    organisation = by.organisation
    problems = {}
    if username_taken(username):
        problems["username"] = (
            f"The username {username} is already used by someone. Choose a different username"
        )
    if role not in roles_for(organisation):
        problems["role"] = "Choose a role from the list"
    elif team is not None and team.organisation_id != organisation.pk:
        problems["team"] = "Choose a team from the list"
    elif team is None and role in ROLES_IN_A_TEAM:
        problems["team"] = f"Choose the team this {Role(role).label.lower()} works in"
    if problems:
        raise ValidationError(problems)
    temporary = secrets.token_urlsafe(12)
    user = user_create(
        username=username,
        password=temporary,
        organisation=organisation,
        role=role,
        team=team,
        first_name=first_name,
        last_name=last_name,
        email=email,
        hours_wte=hours_wte,
    )
    audit_record(
        actor=by,
        action=AuditAction.CREATE,
        obj=user,
        description=f"User added: {user.username}",
        detail={
            "user_id": user.pk,
            "role": user.role,
            "team_id": user.team_id,
            "hours_wte": str(user.hours_wte),
        },
    )
    token = enrolment_link_issue(user=user, issued_by=by, reason="new user")
    return user, temporary, token


@transaction.atomic
def team_add(*, by: User, name: str) -> Team:
    """A new team in the administrator's organisation; its name is its own there."""
    if team_name_taken(by.organisation_id, name):
        raise ValidationError({"name": f"There is already a team called {name}"})
    return create_audited(
        Team(organisation_id=by.organisation_id, name=name),
        actor=by,
        description=f"Team added: {name}",
    )


@transaction.atomic
def team_rename(*, team: Team, name: str, by: User) -> Team:
    if team_name_taken(team.organisation_id, name, other_than=team):
        raise ValidationError({"name": f"There is already a team called {name}"})
    old = team.name
    team.name = name
    team.full_clean()
    team.save(update_fields=["name"])
    audit_record(
        actor=by,
        action=AuditAction.UPDATE,
        obj=team,
        description="Team renamed",
        detail={"from": old, "to": name},
    )
    return team


@transaction.atomic
def account_unlock(*, user: User, by: User) -> int:
    """Clear the failed sign-ins that locked the account (django-axes), so the person can sign
    in again at once. Returns how many attempt records were cleared."""
    cleared = axes_reset(username=user.username)
    audit_record(
        actor=by,
        action=AuditAction.UPDATE,
        obj=user,
        description="Account unlocked",
        detail={"user_id": user.pk, "attempts_cleared": cleared},
    )
    return cleared
