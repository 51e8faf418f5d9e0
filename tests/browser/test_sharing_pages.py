"""Consent and the partner view in the browser, with axe-core on every page."""

import pytest
from playwright.sync_api import expect

from alongside.accounts.models import Organisation, Role
from alongside.jobs.services import job_claim_next, job_run
from alongside.linkage import generate_applications
from tests.factories import ContactFactory, OrganisationFactory, UserFactory

from .conftest import assert_no_js_errors, check_accessibility, sign_in, totp_code

pytestmark = pytest.mark.browser


def test_record_consent_and_the_partner_sees_it(live_server, page, browser, practitioner, episode):
    partner_org = OrganisationFactory(
        name="Northbrook Children's Services (test)", kind=Organisation.Kind.PARTNER
    )
    social_worker = UserFactory(organisation=partner_org, team=None, role=Role.PARTNER)
    ContactFactory(
        episode=episode, notes="Went to see the new flat together.", confidentiality="shareable"
    )
    ContactFactory(episode=episode, notes="Private worries about court.")

    sign_in(page, live_server, practitioner, totp_code(practitioner))
    page.goto(f"{live_server.url}/parents/{episode.parent_id}/")
    page.get_by_role("link", name="Sharing and consent").click()
    check_accessibility(page, "sharing overview with no consent")
    page.get_by_role("link", name="Record consent").click()
    page.get_by_role("button", name="Save consent").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    check_accessibility(page, "consent form with errors")

    page.get_by_label("Who may see it?").select_option(label=partner_org.name)
    page.get_by_label("Contacts and their notes, where marked shareable").check()
    page.get_by_label("What will it be used for?").fill("Planning family time")
    page.get_by_label("No condition").check()
    page.get_by_label("Signed consent form").check()
    page.get_by_role("button", name="Save consent").click()
    expect(page.get_by_text("In force")).to_be_visible()
    check_accessibility(page, "sharing overview with a consent")
    assert_no_js_errors(page)

    partner_page = browser.new_context().new_page()
    sign_in(partner_page, live_server, social_worker, totp_code(social_worker))
    partner_page.get_by_role("link", name="Shared with you").first.click()
    check_accessibility(partner_page, "partner list")
    partner_page.get_by_role("link", name=episode.parent.full_name).click()
    expect(partner_page.get_by_text("Went to see the new flat together.")).to_be_visible()
    expect(partner_page.get_by_text("Private worries about court.")).to_have_count(0)
    check_accessibility(partner_page, "partner view")
    partner_page.context.close()


def test_population_pages_are_accessible(live_server, page, service, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    manager = UserFactory(organisation=service, team=None, role=Role.SERVICE_MANAGER)
    generate_applications(tmp_path, records=600, seed=3)
    sign_in(page, live_server, manager, totp_code(manager))
    page.goto(f"{live_server.url}/population/")
    check_accessibility(page, "population runs")
    page.get_by_label("Care applications extracts").set_input_files(
        str(tmp_path / "applications.csv")
    )
    page.get_by_label("Midwifery bookings (optional)").set_input_files(
        str(tmp_path / "midwifery_bookings.csv")
    )
    page.get_by_role("button", name="Start linking").click()
    expect(page.get_by_text("Waiting to start")).to_be_visible()
    check_accessibility(page, "run waiting")
    job_run(job_claim_next())
    # The page's own script notices the run has finished and shows the report.
    expect(page.get_by_role("heading", name="Recurrence report")).to_be_visible(timeout=15_000)
    check_accessibility(page, "run report")
    page.get_by_role("link", name="Parents who could be offered help in pregnancy").click()
    check_accessibility(page, "early-help list")
    assert_no_js_errors(page)
