import pytest
from django.test import Client

from alongside.accounts.models import Organisation, Role
from alongside.api.models import Scope
from alongside.api.services import api_token_issue

from ..factories import OrganisationFactory, UserFactory


@pytest.fixture
def partner_org(db):
    return OrganisationFactory(name="Northbrook midwifery (test)", kind=Organisation.Kind.PARTNER)


@pytest.fixture
def token_pair(service, partner_org):
    manager = UserFactory(organisation=service, team=None, role=Role.SERVICE_MANAGER)
    return api_token_issue(
        organisation=service,
        partner=partner_org,
        name="Midwifery system",
        scopes=list(Scope.values),
        days=30,
        created_by=manager,
    )


class PartnerClient:
    """A partner system: a test client that sends its bearer token on every call."""

    def __init__(self, secret: str):
        self.client = Client()
        self.auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}

    def post(self, path, body, **headers):
        data = body if isinstance(body, str | bytes) else __import__("json").dumps(body)
        return self.client.post(
            path, data=data, content_type="application/json", **self.auth, **headers
        )

    def get(self, path, **headers):
        return self.client.get(path, **self.auth, **headers)


@pytest.fixture
def partner_client(token_pair):
    return PartnerClient(token_pair[1])


def a_referral(**parent) -> dict:
    return {
        "parent": {
            "given_name": "Rowan",
            "family_name": "Thistlewood",
            "previous_names": ["Rowan Birch"],
            "date_of_birth": "1996-04-12",
            "nhs_number": "943 476 5919",
            "postcode": "NB1 2ZZ",
            **parent,
        },
        "source": "midwifery",
        "referrer_name": "Sam Midwife",
        "referrer_contact": "sam@example.org",
        "parent_agrees": True,
        "reason": "Pregnant again; her first child was adopted.",
    }


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate limits are counted in the cache: each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
