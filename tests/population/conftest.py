"""Fixtures shared by the population tests."""

from pathlib import Path

import pytest

from alongside.accounts.models import Role
from alongside.linkage import generate_applications

from ..factories import UserFactory


@pytest.fixture(scope="session")
def extracts(tmp_path_factory) -> Path:
    """A small synthetic extract, with truth.csv (each record's true person)."""
    folder = tmp_path_factory.mktemp("extracts")
    generate_applications(folder, records=1500, seed=7)
    return folder


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def analyst(service):
    return UserFactory(organisation=service, team=None, role=Role.ANALYST)
