"""Journeys through the real pages in headless Chromium, with an axe-core check on each page.

Run with `pytest tests/browser`. Each test signs in through the sign-in and two-factor pages.
"""

import re
import time
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from alongside.accounts.services import backup_codes_issue
from tests.factories import EpisodeFactory

from .conftest import (
    assert_no_js_errors,
    check_accessibility,
    enter_security_code,
    sign_in,
    sign_in_with_password,
    totp_code,
)

pytestmark = pytest.mark.browser

SIGNED_OUT_URL = re.compile(r"/sign-in/\?timed_out=1")


def fill_date(page, legend: str, day) -> None:
    """Type a date into the GOV.UK date input whose fieldset legend is `legend`."""
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def choose(page, question: str, answer: str) -> None:
    page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()


def test_sign_in_two_factor_record_contact_and_see_it_on_timeline(
    live_server, page, practitioner, episode
):
    parent = episode.parent
    notes = "Talked about the review meeting.\nShe wants to go with her sister."

    page.goto(f"{live_server.url}/sign-in/")
    expect(page.get_by_role("heading", name="Sign in to Alongside")).to_be_visible()
    check_accessibility(page, "the sign-in page")
    sign_in_with_password(page, practitioner)
    expect(page.get_by_role("heading", name="Enter your security code")).to_be_visible()
    check_accessibility(page, "the two-factor page")
    enter_security_code(page, totp_code(practitioner))

    expect(page.get_by_role("heading", name="My caseload")).to_be_visible()
    check_accessibility(page, "the caseload")
    page.get_by_role("link", name=parent.full_name).click()

    expect(page.get_by_role("heading", level=1)).to_contain_text(parent.full_name)
    check_accessibility(page, "the parent overview")
    page.get_by_role("link", name="Record a contact").click()

    expect(page.get_by_role("heading", name="Record a contact")).to_be_visible()
    check_accessibility(page, "the contact form")
    group = page.get_by_role("group", name="Date of the contact")
    group.get_by_label("Day").fill("31")
    group.get_by_label("Month").fill("2")
    group.get_by_label("Year").fill("2025")
    choose(page, "Type of contact", "Home visit")
    page.get_by_label("Notes").fill(notes)
    page.get_by_role("button", name="Save contact").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(
        summary.get_by_role("link", name="Date of the contact must be a real date")
    ).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.get_by_label("Notes")).to_have_value(notes)
    expect(
        page.get_by_role("group", name="Type of contact").get_by_label("Home visit")
    ).to_be_checked()
    check_accessibility(page, "the contact form with errors")

    fill_date(page, "Date of the contact", timezone.localdate() - timedelta(days=1))
    page.get_by_role("button", name="Save contact").click()

    expect(page).to_have_url(f"{live_server.url}/parents/{parent.pk}/")
    expect(page.get_by_text("Contact recorded")).to_be_visible()
    timeline = page.locator(".moj-timeline")
    expect(timeline.get_by_role("heading", name="Home visit")).to_be_visible()
    expect(timeline).to_contain_text("Talked about the review meeting.")
    expect(timeline).to_contain_text("She wants to go with her sister.")
    expect(timeline).to_contain_text(f"by {practitioner.display_name}")
    assert_no_js_errors(page)


def test_manager_journey_pages_are_accessible(
    live_server, page, service, team, team_manager, practitioner, episode
):
    waiting = EpisodeFactory(organisation=service, team=team)
    today = timezone.localdate()

    sign_in(page, live_server, team_manager, totp_code(team_manager))
    expect(page.get_by_role("heading", name=f"{team.name}: team caseload")).to_be_visible()
    check_accessibility(page, "the team home")

    # A manager records a referral from the referrals page (the menu's 'Referrals').
    page.get_by_role("link", name="Referrals", exact=True).click()
    page.get_by_role("link", name="Record a new referral").click()
    expect(page.get_by_role("heading", name="New referral")).to_be_visible()
    check_accessibility(page, "the referral form")
    page.get_by_role("button", name="Save referral").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_role("link", name="Enter the parent's first name")).to_be_visible()
    check_accessibility(page, "the referral form with errors")

    page.goto(f"{live_server.url}/episodes/{waiting.pk}/allocate/")
    expect(page.get_by_role("heading", name="Allocate a key worker")).to_be_visible()
    check_accessibility(page, "the allocation page")
    page.goto(f"{live_server.url}/episodes/{episode.pk}/close/")
    expect(page.get_by_role("heading", name="Close the work")).to_be_visible()
    check_accessibility(page, "the closure page")

    # A new referral, accepted and allocated to the practitioner.
    page.get_by_role("link", name="Referrals", exact=True).click()
    page.get_by_role("link", name="Record a new referral").click()
    page.get_by_label("First name").fill("Jolene")
    page.get_by_label("Last name", exact=True).fill("Testcase")
    fill_date(page, "Date the referral was received", today - timedelta(days=3))
    choose(page, "Who made the referral?", "Midwifery or health visiting")
    choose(page, "Does the parent know about this referral and agree to it?", "Yes")
    page.get_by_label("Why is the parent being referred?").fill("Expecting a baby; wants support.")
    page.get_by_label("Ethnic group").select_option(label="Irish")
    choose(page, "Has the parent been in care themselves?", "Yes")
    page.get_by_role("button", name="Save referral").click()

    expect(page.get_by_role("heading", name="Decide on the referral")).to_be_visible()
    expect(page.get_by_text("Referral for Jolene Testcase recorded")).to_be_visible()
    choose(page, "Decision", "Accept into the service")
    expect(page.get_by_label("Team (if accepted)")).to_have_value(str(team.pk))
    fill_date(page, "Date of the decision", today)
    page.get_by_role("button", name="Save decision").click()

    expect(page.get_by_role("heading", name="Allocate a key worker")).to_be_visible()
    workers = page.get_by_label("Key worker")
    option = workers.locator("option", has_text=practitioner.display_name)
    workers.select_option(label=option.text_content())
    fill_date(page, "Date of allocation", today)
    page.get_by_role("button", name="Allocate").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Jolene Testcase")
    expect(page.get_by_text(f"{practitioner.display_name} is now the key worker")).to_be_visible()
    key_worker = page.locator(".govuk-summary-list__row", has_text="Key worker")
    expect(key_worker.locator("dd")).to_have_text(practitioner.display_name)
    assert_no_js_errors(page)


def test_timeout_warning_appears_and_stay_signed_in_works(
    live_server, page, settings, practitioner
):
    settings.SESSION_IDLE_TIMEOUT_SECONDS = 8
    settings.SESSION_TIMEOUT_WARNING_SECONDS = 6
    sign_in(page, live_server, practitioner, totp_code(practitioner))
    page.goto(f"{live_server.url}/")
    loaded = time.monotonic()  # the page's own deadline is at most 8 s from here

    dialog = page.locator("#timeout-warning")
    expect(dialog).to_be_visible(timeout=5_000)
    expect(dialog.get_by_role("heading", name="You’re about to be signed out")).to_be_visible()
    stay = dialog.get_by_role("button", name="Stay signed in")
    expect(stay).to_be_focused()
    check_accessibility(page, "the caseload with the time-out warning open")

    stay.click()
    expect(dialog).to_be_hidden()
    page.wait_for_timeout(max(0, loaded + 8.5 - time.monotonic()) * 1000)
    expect(page).to_have_url(f"{live_server.url}/")
    page.reload()
    expect(page.get_by_role("heading", name="My caseload")).to_be_visible()
    assert_no_js_errors(page)


def test_draft_is_kept_through_timeout(live_server, page, settings, practitioner, episode):
    settings.SESSION_IDLE_TIMEOUT_SECONDS = 6
    settings.SESSION_TIMEOUT_WARNING_SECONDS = 3
    backup_code = backup_codes_issue(user=practitioner)[0]
    form_url = f"{live_server.url}/plans/episodes/{episode.pk}/contacts/new/"
    notes = "Started writing this before the phone rang."

    sign_in(page, live_server, practitioner, totp_code(practitioner))
    page.goto(form_url)
    page.get_by_label("Notes").fill(notes)
    expect(page.locator(".app-draft-status")).to_have_text(
        "Your answers have been saved as a draft."
    )
    # Typed shortly before the time-out: kept by the autosave or the save made at the time-out.
    page.get_by_label("Who was there (optional)").fill("Her sister")

    expect(page).to_have_url(SIGNED_OUT_URL, timeout=15_000)
    settings.SESSION_IDLE_TIMEOUT_SECONDS = 600  # no more time-outs from here on
    expect(page.get_by_text("You were signed out because you had not")).to_be_visible()
    home = page.request.get(f"{live_server.url}/", max_redirects=0)  # shares the page's cookies
    assert home.status == 302, (
        "The page says the person was signed out, but their session is still signed in: "
        f"GET / answered {home.status} instead of redirecting to sign in"
    )
    sign_in_with_password(page, practitioner)
    enter_security_code(page, backup_code)

    expect(page).to_have_url(form_url)  # back where they were, as the sign-in page's next= says
    banner = page.get_by_role("region", name="Saved draft")
    expect(banner).to_be_visible()
    banner.get_by_role("link", name="Restore what you typed").click()
    expect(page.get_by_label("Notes")).to_have_value(notes)
    expect(page.get_by_label("Who was there (optional)")).to_have_value("Her sister")
    assert page.locator(".govuk-error-summary").count() == 0, (
        "Restoring a draft should fill the form in, not report errors the person has not made yet"
    )
    assert_no_js_errors(page)
