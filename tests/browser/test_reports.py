"""The impact report in headless Chromium as an analyst: filter it, see charts with their
tables, and check it with axe at 390 and 1280 px."""

import re

import pytest
from playwright.sync_api import expect

from alongside.accounts.models import Role
from tests.factories import ContactFactory, EpisodeFactory, UserFactory

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
