"""Reads for signing in and for the administrator's user pages."""

from dataclasses import dataclass

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Count, QuerySet, Sum
from django.utils import timezone

from .codes import link_token_digest
from .models import AuthenticatorDevice, EnrolmentLink, Team, User


def enrolment_link_by_token(token: str) -> EnrolmentLink | None:
    if not token or len(token) > 200:
        return None
    return (
        EnrolmentLink.objects.select_related("user")
        .filter(token_digest=link_token_digest(token))
        .first()
    )


def enrolment_link_for_set_up(user: User, link_id) -> EnrolmentLink | None:
    """The link this browser opened, if it is the person's and still allows setting up."""
    if not isinstance(link_id, int):
        return None
    link = EnrolmentLink.objects.filter(pk=link_id, user=user).first()
    return link if link is not None and link.allows_set_up() else None


def authenticator_pending(user: User, device_id) -> AuthenticatorDevice | None:
    if not isinstance(device_id, int):
        return None
    return AuthenticatorDevice.objects.filter(pk=device_id, user=user, confirmed=False).first()


def colleague(admin: User, pk: int) -> User | None:
    """A user in the administrator's own organisation."""
    return User.objects.filter(pk=pk, organisation_id=admin.organisation_id).first()


# --- The administrator's users and teams page -------------------------------------------------


@dataclass(frozen=True)
class UserRow:
    """One line of the users page: the user and what the administrator needs to know."""

    user: User
    two_factor: bool
    locked: bool


def _lockout_window_start():
    """Failed sign-ins older than the cool-off no longer count (None: they always count)."""
    cool_off = get_cool_off()
    return None if cool_off is None else timezone.now() - cool_off


def locked_usernames(usernames) -> set[str]:
    """The usernames django-axes refuses now: as many failed sign-ins as AXES_FAILURE_LIMIT
    within the cool-off, counted per username (AXES_LOCKOUT_PARAMETERS), as its database
    handler counts them."""
    attempts = AccessAttempt.objects.filter(username__in=list(usernames))
    since = _lockout_window_start()
    if since is not None:
        attempts = attempts.filter(attempt_time__gte=since)
    return set(
        attempts.values("username")
        .annotate(failures=Sum("failures_since_start"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .values_list("username", flat=True)
    )


def is_locked(user: User) -> bool:
    return user.username in locked_usernames([user.username])


def user_rows(admin: User) -> list[UserRow]:
    """Everyone in the administrator's organisation, with two-factor and lockout status."""
    users = list(
        User.objects.filter(organisation_id=admin.organisation_id)
        .select_related("team")
        .order_by("last_name", "first_name", "username")
    )
    with_app = set(
        AuthenticatorDevice.objects.filter(user__in=users, confirmed=True).values_list(
            "user_id", flat=True
        )
    )
    locked = locked_usernames(u.username for u in users)
    return [
        UserRow(user=u, two_factor=u.pk in with_app, locked=u.username in locked) for u in users
    ]


def teams_of(admin: User) -> QuerySet[Team]:
    """The teams of the administrator's organisation, each with its number of members."""
    return Team.objects.filter(organisation_id=admin.organisation_id).annotate(
        member_count=Count("members")
    )


def team_of(admin: User, pk: int) -> Team | None:
    """A team in the administrator's own organisation."""
    return Team.objects.filter(pk=pk, organisation_id=admin.organisation_id).first()


def username_taken(username: str) -> bool:
    """Taken by anyone, in any organisation, whatever the capitals."""
    return User.objects.filter(username__iexact=username).exists()


def team_name_taken(organisation_id: int, name: str, *, other_than: Team | None = None) -> bool:
    teams = Team.objects.filter(organisation_id=organisation_id, name__iexact=name)
    if other_than is not None:
        teams = teams.exclude(pk=other_than.pk)
    return teams.exists()


def lockout_rules() -> dict:
    """How many wrong passwords lock an account, and for how many minutes (for the page)."""
    cool_off = get_cool_off()
    return {
        "lockout_after": settings.AXES_FAILURE_LIMIT,
        "lockout_minutes": None if cool_off is None else int(cool_off.total_seconds() // 60),
    }
