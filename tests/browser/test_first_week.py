"""Each role's first week, walked in headless Chromium.

Every page is checked on a phone (390 px: nothing scrolls sideways) and a desktop (1280 px: the
navigation fits on one line), with axe-core, and a screenshot at each width is kept under
test-artefacts/screenshots/<role>/ for review.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from faker import Faker
from playwright.sync_api import expect

from alongside.accounts.models import Organisation, Role
from alongside.plans.services import goal_add, plan_agree
from alongside.sharing.services import consent_record
from tests.factories import ContactFactory, EpisodeFactory, OrganisationFactory, UserFactory
from tests.population.test_early_help_worklist import candidate, run_with_list
from tests.population.test_extract_upload_checks import LOCAL_HEADING, LOCAL_ROWS

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
    live_server, page, service, team, practitioner, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
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

    fake = Faker("en_GB")
    fake.seed_instance(7)
    run = run_with_list(
        settings.MEDIA_ROOT,
        service,
        lead,
        [candidate(fake, f"P000000{n}", p) for n, p in enumerate([0.93, 0.998, 0.87])],
    )
    page.goto(f"{live_server.url}/population/runs/{run.pk}/early-help/")
    expect(page.get_by_text("This page shows identifiable data")).to_have_count(1)
    look(page, "early help worklist", "service-manager")

    page.goto(f"{live_server.url}/parents/{episode.parent_id}/subject-access/")
    look(page, "subject access letter", "service-manager")
    assert_no_js_errors(page)


def test_an_analysts_first_week(live_server, page, service, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    analyst = UserFactory(organisation=service, team=None, role=Role.ANALYST)
    extract = tmp_path / "care-2025.csv"
    extract.write_text(LOCAL_HEADING + "\n" + LOCAL_ROWS, encoding="utf-8")
    sign_in(page, live_server, analyst, totp_code(analyst))
    look(page, "analyst home", "analyst")

    page.get_by_role("link", name="Hidden population", exact=True).click()
    look(page, "hidden population", "analyst")
    page.get_by_label("Care applications extracts").set_input_files(str(extract))
    page.get_by_role("button", name="Start linking").click()
    expect(page.get_by_text("care-2025.csv")).not_to_have_count(0)
    look(page, "matching the columns", "analyst")
    assert_no_js_errors(page)


def test_a_partners_first_week(live_server, page, practitioner, episode):
    partner_org = OrganisationFactory(kind=Organisation.Kind.PARTNER)
    social_worker = UserFactory(organisation=partner_org, team=None, role=Role.PARTNER)
    consent_record(
        parent=episode.parent,
        recorded_by=practitioner,
        organisation=partner_org,
        categories=["engagement", "contacts"],
        purpose="Planning family time",
        starts_on=timezone.localdate(),
        how_given="signed",
    )
    ContactFactory(episode=episode, notes="Went to see the new flat.", confidentiality="shareable")
    sign_in(page, live_server, social_worker, totp_code(social_worker))
    look(page, "partner home", "partner")
    page.get_by_role("link", name="Shared with you").first.click()
    look(page, "shared with you", "partner")
    page.get_by_role("link", name=episode.parent.full_name).click()
    expect(page.get_by_text("Went to see the new flat.")).to_be_visible()
    expect(page.get_by_text(practitioner.display_name).first).to_be_visible()  # who to contact
    look(page, "what is shared about a parent", "partner")
    assert_no_js_errors(page)


def test_an_administrators_first_week(live_server, page, service, team):
    administrator = UserFactory(organisation=service, team=None, role=Role.ADMINISTRATOR)
    sign_in(page, live_server, administrator, totp_code(administrator))
    look(page, "administrator home", "administrator")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Users and teams").click()
    look(page, "users and teams", "administrator")
    page.get_by_role("link", name="Add a user").first.click()
    look(page, "add a user", "administrator")
    page.get_by_label("Given name").fill("Robin")
    page.get_by_label("Family name").fill("Testworker")
    page.get_by_label("Username").fill("robin.testworker")
    page.get_by_label("Email address").fill("robin.testworker@example.org")
    page.get_by_role("group", name="Role").get_by_label("Practitioner", exact=True).check()
    page.get_by_label("Team", exact=True).select_option(label=team.name)
    page.get_by_role("button", name=re.compile("Add")).last.click()
    expect(page.get_by_text("robin.testworker").first).to_be_visible()
    look(page, "user added", "administrator")
    assert_no_js_errors(page)
