import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from alongside.accounts.models import Role

from .factories import EpisodeFactory, OrganisationFactory, TeamFactory, UserFactory


def sign_in(client: Client, user) -> Client:
    """Sign in with password and second factor already passed (for tests of what comes after)."""
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def service(db):
    return OrganisationFactory()


@pytest.fixture
def team(service):
    return TeamFactory(organisation=service)


@pytest.fixture
def practitioner(service, team):
    return UserFactory(organisation=service, team=team, role=Role.PRACTITIONER)


@pytest.fixture
def team_manager(service, team):
    return UserFactory(organisation=service, team=team, role=Role.TEAM_MANAGER)


@pytest.fixture
def service_manager(service):
    return UserFactory(organisation=service, team=None, role=Role.SERVICE_MANAGER)


@pytest.fixture
def episode(service, team, practitioner):
    return EpisodeFactory(organisation=service, team=team, key_worker=practitioner)


@pytest.fixture
def signed_in():
    def _sign_in(user, client=None):
        return sign_in(client or Client(), user)

    return _sign_in


@pytest.fixture(autouse=True)
def audit_checkpoints(settings, tmp_path):
    """Each test keeps the audit log's checkpoints in a folder of its own."""
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "audit-checkpoints"
    return settings.AUDIT_CHECKPOINT_DIR
