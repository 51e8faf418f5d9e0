"""The impact report in headless Chromium as an analyst: filter it, see charts with their
tables, and check it with axe at 390 and 1280 px."""

import re

import pytest
from playwright.sync_api import expect

from alongside.accounts.models import Organisation, Role
from tests.factories import ContactFactory, EpisodeFactory, OrganisationFactory, UserFactory

from .conftest import assert_no_js_errors, look, sign_in, totp_code

pytestmark = pytest.mark.browser


def test_an_analyst_reads_the_impact_report(live_server, page, service, team, practitioner):
    analyst = UserFactory(organisation=service, team=None, role=Role.ANALYST)
    for _ in range(6):
        episode = EpisodeFactory(organisation=service, team=team, key_worker=practitioner)
        ContactFactory(episode=episode)
    sign_in(page, live_server, analyst, totp_code(analyst))
    page.get_by_role("link", name=re.compile("Impact report")).click()
    expect(page.get_by_role("heading", name="Impact report", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="How much did we do?", level=2)).to_be_visible()
    expect(page.locator("svg").first).to_be_visible()
    look(page, "the impact report", "reports")
    # An end before the start is refused with a clear message.
    end = page.get_by_role("group", name="End date")
    end.get_by_label("Year").fill("2000")
    page.get_by_role("button", name="Show the report").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The end date must be the same as or after the start date"
    )
    assert_no_js_errors(page)


def test_a_network_is_set_up_agreed_to_and_read_in_the_browser(live_server, page, service):
    """The host's administrator creates a network and invites a service; the service's
    manager agrees; the host's analyst finds the network in the menu and reads it. Each page
    is checked with axe."""
    host = OrganisationFactory(name="Regional partnership (test)", kind=Organisation.Kind.PARTNER)
    admin = UserFactory(organisation=host, team=None, role=Role.ADMINISTRATOR)
    manager = UserFactory(organisation=service, team=None, role=Role.SERVICE_MANAGER)
    analyst = UserFactory(organisation=host, team=None, role=Role.ANALYST)

    sign_in(page, live_server, admin, totp_code(admin))
    page.get_by_role("link", name="Networks").click()
    page.get_by_role("button", name="Create the network").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the name of the network")
    page.get_by_label("Name of the network").fill("North partnership")
    page.get_by_role("button", name="Create the network").click()
    expect(page.get_by_role("heading", name="North partnership", level=1)).to_be_visible()
    page.get_by_label("Service to invite").select_option(label=service.name)
    page.get_by_role("button", name="Invite the service").click()
    expect(page.get_by_role("cell", name="Invited: not yet agreed")).to_be_visible()
    look(page, "a network and the services it invited", "reports")

    page.context.clear_cookies()  # the service's manager, in the same browser
    sign_in(page, live_server, manager, totp_code(manager))
    page.goto(f"{live_server.url}/reports/")
    page.get_by_role("link", name="Networks your service takes part in").click()
    page.get_by_role("button", name="Agree to take part in North partnership").click()
    expect(page.get_by_role("cell", name=re.compile("Taking part since"))).to_be_visible()
    look(page, "taking part in networks", "reports")

    page.context.clear_cookies()  # the host's analyst
    sign_in(page, live_server, analyst, totp_code(analyst))
    page.get_by_role("link", name="Networks", exact=True).click()
    page.get_by_role("link", name="North partnership").click()
    expect(page.get_by_role("heading", name="North partnership", level=1)).to_be_visible()
    expect(page.get_by_text(f"Services taking part today: {service.name}")).to_be_visible()
    look(page, "the network view", "reports")
    assert_no_js_errors(page)
