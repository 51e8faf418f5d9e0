"""Reads for signing in and for the administrator's user pages."""

from .codes import link_token_digest
from .models import AuthenticatorDevice, EnrolmentLink, User


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
