"""Fuzzing the partner API from its own OpenAPI schema (schemathesis, in process through
Django's WSGI application): no request it generates, valid or not, gets a server error or an
answer the schema does not describe."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())


@pytest.fixture
def many_calls(settings):
    settings.ALONGSIDE_API_CALLS_PER_MINUTE = 100_000


@pytest.fixture
def keep_test_connection():
    """The WSGI handler closes the database connection after each request, which would end the
    test's transaction; Django's own test client stops that the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_generated_request_breaks_the_api(
    case, db, token_pair, many_calls, keep_test_connection
):
    case.call_and_validate(headers={"Authorization": f"Bearer {token_pair[1]}"}, checks=CHECKS)
