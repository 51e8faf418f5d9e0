import pytest

from alongside.accounts.models import Organisation, Role

from ..factories import ContactFactory, OrganisationFactory, UserFactory


@pytest.fixture
def partner_org(db):
    return OrganisationFactory(
        name="Northbrook Children's Social Care (test)", kind=Organisation.Kind.PARTNER
    )


@pytest.fixture
def social_worker(partner_org):
    return UserFactory(
        organisation=partner_org, team=None, role=Role.PARTNER, job_title="Social worker"
    )


@pytest.fixture
def shareable_contact(episode):
    return ContactFactory(
        episode=episode, notes="Went to the housing office together.", confidentiality="shareable"
    )


@pytest.fixture
def private_contact(episode):
    return ContactFactory(episode=episode, notes="Talked about the last hearing in confidence.")
