import io

import pytest
from django.core.cache import cache
from django.core.management import call_command


@pytest.fixture(autouse=True)
def fresh_cache():
    """The public pages are cached: each test starts with none of another test's pages."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def directory(db):
    """The directory as shipped: loaded from its data file by the command."""
    call_command("load_directory", stdout=io.StringIO())
