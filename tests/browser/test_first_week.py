"""Each role's first week, walked in headless Chromium.

Every page is checked on a phone (390 px: nothing scrolls sideways) and a desktop (1280 px: the
navigation fits on one line), with axe-core, and a screenshot at each width is kept under
test-artefacts/screenshots/<role>/ for review.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from alongside.plans.services import goal_add, plan_agree
from tests.factories import ContactFactory, EpisodeFactory

from .conftest import assert_no_js_errors, look, sign_in, totp_code

pytestmark = pytest.mark.browser


class Actions:
    """Counts what a person does on the page: each click, choice, selection and typing."""

    def __init__(self, page):
        self.page = page
        self.count = 0

    def click(self, locator):
        self.count += 1
        locator.click()

    def fill(self, locator, text):
        self.count += 1
        locator.fill(text)

    def check(self, locator):
        self.count += 1
        locator.check()

    def select(self, locator, label):
        self.count += 1
        locator.select_option(label=label)


def a_parent_with_a_plan(service, team, practitioner, weeks_ago=10):
    today = timezone.localdate()
    episode = EpisodeFactory(
        organisation=service,
        team=team,
        key_worker=practitioner,
        opened_on=today - timedelta(weeks=weeks_ago),
    )
    plan = plan_agree(
        episode=episode,
        agreed_by=practitioner,
        agreed_on=today - timedelta(weeks=weeks_ago - 2),
        attended="Parent, key worker",
    )
    goal_add(
        plan=plan,
        added_by=practitioner,
        details={
            "family_member": "parent",
            "member_name": "",
            "area": "housing",
            "in_parents_words": "Get my own flat near my sister",
            "in_workers_words": "Secure a tenancy",
            "who_helps": "Housing options",
            "about_ending": False,
        },
        milestones=["Register with the council"],
    )
    ContactFactory(episode=episode, notes="Met at the family centre.")
    return episode


def test_a_practitioners_first_week(live_server, page, service, team, practitioner):
    episode = a_parent_with_a_plan(service, team, practitioner)
    for _ in range(3):
        a_parent_with_a_plan(service, team, practitioner, weeks_ago=20)
    parent = episode.parent
    sign_in(page, live_server, practitioner, totp_code(practitioner))

    expect(page.get_by_role("heading", name="My caseload")).to_be_visible()
    look(page, "caseload", "practitioner")

    page.get_by_role("link", name=parent.full_name).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(parent.full_name)
    look(page, "parent overview", "practitioner")

    # A home visit with progress on one goal: one page, at most eight actions.
    act = Actions(page)
    act.click(page.get_by_role("link", name="Record a contact"))
    expect(page.get_by_role("heading", name="Record a contact")).to_be_visible()
    act.check(page.get_by_role("group", name="Type of contact").get_by_label("Home visit"))
    act.fill(page.get_by_label("Notes"), "Talked about the flat and how she is sleeping.")
    act.click(page.get_by_text("Update goal progress"))
    act.select(page.get_by_label("Goal 1: Get my own flat near my sister"), "Progressing")
    look(page, "contact form", "practitioner")
    act.click(page.get_by_role("button", name="Save contact"))
    expect(page.get_by_text("Contact recorded")).to_be_visible()
    assert act.count <= 8, f"Recording a home visit took {act.count} actions"
    expect(page.locator(".govuk-notification-banner")).to_contain_text("progress on 1 goal")

    page.get_by_role("link", name=re.compile("Measures")).first.click()
    look(page, "measures", "practitioner")

    page.goto(f"{live_server.url}/plans/episodes/{episode.pk}/")
    look(page, "plan", "practitioner")

    page.goto(f"{live_server.url}/find-a-parent/")
    look(page, "find a parent", "practitioner")
    assert_no_js_errors(page)


def test_a_team_managers_first_week(live_server, page, service, team, practitioner, team_manager):
    episode = a_parent_with_a_plan(service, team, practitioner)
    episode.parent  # noqa: B018

    EpisodeFactory(organisation=service, team=team, key_worker=None)  # waiting for a worker
    sign_in(page, live_server, team_manager, totp_code(team_manager))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    look(page, "team home", "team-manager")

    page.get_by_role("link", name=episode.parent.full_name).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(episode.parent.full_name)
    look(page, "parent overview", "team-manager")

    page.get_by_role("link", name="Referrals", exact=True).first.click()
    look(page, "referrals", "team-manager")
    assert_no_js_errors(page)


def test_a_service_manager_and_data_protection_leads_first_week(
    live_server, page, service, team, practitioner
):
    from alongside.accounts.models import Role
    from tests.factories import UserFactory

    lead = UserFactory(
        organisation=service, team=None, role=Role.SERVICE_MANAGER, is_data_protection_lead=True
    )
    episode = a_parent_with_a_plan(service, team, practitioner)
    sign_in(page, live_server, lead, totp_code(lead))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    look(page, "service home", "service-manager")

    page.get_by_role("link", name="Data protection", exact=True).click()
    look(page, "data protection work queue", "service-manager")

    page.goto(f"{live_server.url}/parents/{episode.parent_id}/access-trail/")
    look(page, "access trail", "service-manager")

    page.get_by_role("link", name="Programme", exact=True).click()
    look(page, "programme", "service-manager")

    page.get_by_role("link", name="Hidden population", exact=True).click()
    look(page, "hidden population", "service-manager")
    assert_no_js_errors(page)
