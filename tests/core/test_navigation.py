"""Each role finds its pages from the menu, and nothing it may not open."""

import re

import pytest

from alongside.accounts.models import Organisation, Role

from ..factories import OrganisationFactory, UserFactory


def menu(client) -> list[str]:
    page = client.get("/").content.decode()
    if 'id="navigation"' not in page:
        page = client.get("/", follow=True).content.decode()
    nav = page.split('id="navigation"')[1].split("</ul>")[0]
    return re.findall(r'class="govuk-service-navigation__link" href="[^"]*">([^<]+)</a>', nav)


@pytest.mark.parametrize(
    "role, expected",
    [
        (
            Role.PRACTITIONER,
            ["Home", "Find a parent", "New referral"],
        ),
        (
            Role.SERVICE_MANAGER,
            ["Home", "Referrals", "Programme", "Hidden population", "Find a parent", "Reports"],
        ),
        (Role.ANALYST, ["Home", "Hidden population", "Reports"]),
        # Networks: the ones the organisation oversees (create them, invite services).
        (Role.ADMINISTRATOR, ["Home", "Users and teams", "Networks", "Directory"]),
    ],
)
def test_the_menu_names_the_roles_own_pages(signed_in, service, team, role, expected):
    user = UserFactory(organisation=service, team=team, role=role)
    assert menu(signed_in(user)) == expected


def test_a_partner_can_refer_from_the_menu(db, signed_in):
    partner = OrganisationFactory(kind=Organisation.Kind.PARTNER)
    user = UserFactory(organisation=partner, team=None, role=Role.PARTNER)
    assert menu(signed_in(user)) == [
        "Home",
        "Shared with you",
        "Refer a parent",
        "Referrals you sent",
    ]


def test_partner_links_are_found_from_the_referrals_page_and_the_administrators_home(
    signed_in, service, service_manager
):
    page = signed_in(service_manager).get("/referrals/").content.decode()
    assert 'href="/referrals/partners/"' in page
    admin = UserFactory(organisation=service, team=None, role=Role.ADMINISTRATOR)
    assert 'href="/referrals/partners/"' in signed_in(admin).get("/").content.decode()


def test_a_service_manager_can_check_for_another_record_of_the_parent(
    signed_in, service_manager, practitioner, episode
):
    link = f'href="/referrals/parents/{episode.parent_id}/duplicates/"'
    overview = f"/parents/{episode.parent_id}/"
    assert link in signed_in(service_manager).get(overview).content.decode()
    assert link not in signed_in(practitioner).get(overview).content.decode()
