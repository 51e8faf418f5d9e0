"""Onward referrals, groups and health choices in headless Chromium, with an axe-core check
on every page: record an onward referral (first turned back for a first appointment before
the referral), see its first appointment on the timeline, record a group session and who
came, and the parent's own health choice page."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import EpisodeFactory, ParentFactory

from .conftest import assert_no_js_errors, check_accessibility, sign_in, totp_code

pytestmark = pytest.mark.browser


def fill_date(page, legend: str, day) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def test_an_onward_referrals_first_appointment_shows_on_the_timeline(
    live_server, browser, page, service, team, practitioner
):
    today = timezone.localdate()
    episode = EpisodeFactory(
        organisation=service,
        team=team,
        key_worker=practitioner,
        opened_on=today - timedelta(days=90),
        parent=ParentFactory(organisation=service, given_name="Delphine", family_name="Marlow"),
    )
    sign_in(page, live_server, practitioner, totp_code(practitioner))
    page.goto(f"{live_server.url}/parents/{episode.parent_id}/")
    check_accessibility(page, "the parent overview with onward referrals")

    page.get_by_role("link", name="Record an onward referral").click()
    expect(page.get_by_role("heading", name="Record an onward referral")).to_be_visible()
    check_accessibility(page, "the onward referral form")
    page.get_by_role("group", name="What kind of service?").get_by_label(
        "Housing", exact=True
    ).check()
    page.get_by_label("Name of the service").fill("Housing options team")
    fill_date(page, "Date referred", today - timedelta(days=20))
    fill_date(page, "Date of the first appointment (optional)", today - timedelta(days=25))
    page.get_by_role("group", name="Outcome so far").get_by_label("Attended", exact=True).check()
    page.get_by_role("button", name="Save").click()

    # Turned back: the message beside the field and in the summary, nothing saved.
    expect(page.locator("#id_first_appointment_on-error")).to_contain_text(
        "The first appointment must be on or after the date of the referral"
    )
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_accessibility(page, "the onward referral form with an error")
    fill_date(page, "Date of the first appointment (optional)", today - timedelta(days=6))
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_text("Onward referral recorded")).to_be_visible()
    timeline = page.locator(".moj-timeline")
    expect(timeline.get_by_role("heading", name="First appointment: housing")).to_be_visible()
    expect(timeline.get_by_role("heading", name="Onward referral: housing")).to_be_visible()
    expect(timeline).to_contain_text("Housing options team: attended")
    check_accessibility(page, "the parent overview with the referral on the timeline")

    # Update the referral.
    page.get_by_role("link", name=re.compile(r"^update")).click()
    check_accessibility(page, "the onward referral update form")
    page.get_by_role("group", name="Outcome").get_by_label("Closed", exact=True).check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Onward referral updated")).to_be_visible()

    # The parent's own health choice: only with her agreement.
    page.get_by_role("link", name="Record a choice the parent wants recorded").click()
    check_accessibility(page, "the health choice form")
    page.get_by_role("group", name="What did the parent choose?").get_by_label(
        "Sexual health check or screening"
    ).check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#id_parent_agreed-error")).to_be_visible()
    check_accessibility(page, "the health choice form with an error")
    page.get_by_label("The parent agreed to this being recorded").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Recorded, for the service only")).to_be_visible()

    # A group, a session and who came.
    page.goto(f"{live_server.url}/")
    check_accessibility(page, "the caseload with groups")
    page.get_by_text("Set up a group").click()
    page.get_by_label("Name of the group").fill("Tuesday women's group")
    page.get_by_role("button", name="Set up the group").click()
    expect(page.get_by_role("heading", name="Tuesday women's group")).to_be_visible()
    check_accessibility(page, "the group page")
    page.get_by_role("link", name="Record a session").click()
    check_accessibility(page, "the session form")
    fill_date(page, "Date of the session", today - timedelta(days=1))
    page.get_by_role("group", name="Facilitators from the service").get_by_label(
        practitioner.display_name
    ).check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Session recorded")).to_be_visible()
    check_accessibility(page, "the session page")
    page.get_by_role("group", name="Who came?").get_by_label("Delphine Marlow").check()
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_role("link", name="Delphine Marlow")).to_be_visible()
    page.get_by_role("link", name="Delphine Marlow").click()
    expect(
        page.locator(".moj-timeline").get_by_role(
            "heading", name="Group session: Tuesday women's group"
        )
    ).to_be_visible()
    assert_no_js_errors(page)
