import time as _real_time

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY

from alongside.accounts.models import AuthenticatorDevice, Role

from .factories import EpisodeFactory, OrganisationFactory, TeamFactory, UserFactory


def sign_in(client: Client, user) -> Client:
    """Sign in with password and second factor already passed (for tests of what comes after)."""
    client.force_login(user)
    device = AuthenticatorDevice.objects.filter(user=user, confirmed=True).first()
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


class FakeClock:
    """`time` as the session code sees it, moved on by the test instead of by sleeping, so tests
    of time-outs do not depend on how busy the machine is."""

    def __init__(self, start: float):
        self.now = start

    def time(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds

    def __getattr__(self, name):
        return getattr(_real_time, name)


@pytest.fixture
def clock(monkeypatch):
    # On a whole second: the session code counts whole seconds.
    fake = FakeClock(float(int(_real_time.time())))
    for module in ("alongside.core.middleware", "alongside.accounts.views", "alongside.core.views"):
        monkeypatch.setattr(f"{module}.time", fake)
    return fake
