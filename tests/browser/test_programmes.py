"""The programme pages in headless Chromium, with axe-core on each: choose a pathway, record a
blocker and proceedings, change phase, and see the clocks on the caseload."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from alongside.programmes.loader import load_file, shipped_templates
from alongside.programmes.services import programme_adopt
from tests.factories import ChildFactory

from .conftest import assert_no_js_errors, check_accessibility, sign_in, totp_code
from .test_journeys import choose, fill_date

pytestmark = pytest.mark.browser


def test_pathway_phase_blocker_proceedings_and_clocks(
    live_server, page, practitioner, episode, service_manager
):
    today = timezone.localdate()
    programme_adopt(
        organisation=episode.organisation,
        template_key="breaking-the-cycle",
        adopted_by=service_manager,
    )
    ChildFactory(
        parent=episode.parent,
        legal_status="unborn",
        date_of_birth=None,
        due_date=today + timedelta(days=140),
    )
    parent = episode.parent
    sign_in(page, live_server, practitioner, totp_code(practitioner))
    expect(page.get_by_text("20 weeks pregnant, due in 140 days")).to_be_visible()
    check_accessibility(page, "the caseload with clocks")

    page.get_by_role("link", name=parent.full_name).click()
    check_accessibility(page, "the overview before a pathway")
    page.get_by_role("link", name="Choose a pathway").click()
    expect(page.get_by_role("heading", name="Choose a pathway")).to_be_visible()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("link", name="Select a pathway")).to_be_visible()
    check_accessibility(page, "the pathway page with errors")
    pregnancy = load_file(shipped_templates()["breaking-the-cycle"]).pathway("pregnancy")
    choose(page, "Which pathway?", f"{pregnancy.name}: {pregnancy.description}")
    fill_date(page, "Date decided", today)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Stabilisation, since")).to_be_visible()

    page.get_by_role("link", name="Record a blocker").click()
    check_accessibility(page, "the blocker page")
    choose(page, "What is holding things up?", "Housing")
    fill_date(page, "Date it started", today)
    page.get_by_role("button", name="Save").click()

    page.get_by_role("link", name="Record care proceedings").click()
    check_accessibility(page, "the proceedings page")
    fill_date(page, "Date the proceedings were issued", today - timedelta(days=7))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Proceedings: week 2 of 26")).to_be_visible()

    page.get_by_role("link", name="Change phase").click()
    expect(page.get_by_text("Still holding things up: housing")).to_be_visible()
    check_accessibility(page, "the phase page")
    page.get_by_role("group", name="Which phase is the parent moving to?").get_by_role(
        "radio"
    ).first.check()
    fill_date(page, "Date decided", today)
    page.get_by_role("button", name="Save").click()
    # Breaking the Cycle needs a manager's sign-off for a phase change.
    expect(page.get_by_text("Sent to a manager for approval")).to_be_visible()
    expect(page.get_by_text("Awaiting approval")).to_be_visible()
    assert_no_js_errors(page)

    page.context.clear_cookies()
    sign_in(page, live_server, service_manager, totp_code(service_manager))
    page.get_by_role("link", name="Awaiting your approval: move to consolidation").click()
    expect(page.get_by_role("heading", name="Approve a decision")).to_be_visible()
    check_accessibility(page, "the approval page")
    choose(page, "Your decision", "Approve it")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Consolidation, since")).to_be_visible()
    check_accessibility(page, "the overview on a pathway")
    assert_no_js_errors(page)


def test_service_manager_chooses_and_edits_the_programme(live_server, page, service_manager):
    sign_in(page, live_server, service_manager, totp_code(service_manager))
    page.get_by_role("link", name="Programme", exact=True).click()
    expect(page.get_by_text("The service has not chosen a programme yet.")).to_be_visible()
    check_accessibility(page, "the programme page")
    choose(page, "Which programme does the service run?", "Breaking the Cycle")
    page.get_by_role("button", name="Use this programme").click()
    expect(page.get_by_text("The service now runs Breaking the Cycle")).to_be_visible()

    page.get_by_role("link", name="Edit the programme definition").click()
    check_accessibility(page, "the edit page")
    box = page.get_by_label("Programme definition (YAML)")
    box.fill(box.input_value().replace("cap: 8", "cap: lots"))
    page.get_by_label("What changed and why").fill("Try a word")
    page.get_by_role("button", name="Save as a new version").click()
    expect(page.get_by_role("link", name="caseload.cap").first).to_be_visible()
    check_accessibility(page, "the edit page with errors")
    box.fill(box.input_value().replace("cap: lots", "cap: 6"))
    page.get_by_role("button", name="Save as a new version").click()
    expect(page.get_by_text("Saved as version 2")).to_be_visible()
    check_accessibility(page, "the programme page with versions")

    # Switching asks first, saying what changes.
    choose(page, "Which programme does the service run?", "Pause-style programme")
    page.get_by_role("button", name="Use this programme").click()
    expect(page.get_by_text("Pathways no longer offered to new work")).to_be_visible()
    check_accessibility(page, "the switch confirmation")
    page.get_by_role("button", name="Yes, switch the programme").click()
    expect(page.get_by_text("The service now runs Pause-style")).to_be_visible()
    assert_no_js_errors(page)
