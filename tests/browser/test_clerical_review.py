"""Checking a sample of a linkage run's links in headless Chromium, with axe-core on the review
page (with and without the error), the decisions page and the run's results: decide one pair
with the keyboard, one with clicks, and see the next pair each time."""

import re

import pytest
from playwright.sync_api import expect

from alongside.population.models import ReviewDecision, ReviewPair
from tests.population.test_clerical_review import finished_review_run

from .conftest import assert_no_js_errors, check_accessibility, look, sign_in, totp_code

pytestmark = pytest.mark.browser

QUESTION = "Are these records the same person?"


def test_check_a_sample_of_links(live_server, page, settings, tmp_path, service, service_manager):
    settings.MEDIA_ROOT = tmp_path / "media"
    run = finished_review_run(service, service_manager, settings.MEDIA_ROOT, pairs=400)
    total = ReviewPair.objects.filter(run=run).count()
    sign_in(page, live_server, service_manager, totp_code(service_manager))
    page.goto(f"{live_server.url}/population/runs/{run.pk}/")
    expect(page.get_by_role("heading", name="How accurate the links are")).to_be_visible()
    page.get_by_role("link", name="Check a sample of links").click()

    expect(page.get_by_role("heading", name="Check a sample of links", level=1)).to_be_visible()
    pair = page.get_by_role("table", name=f"Pair 1 of {total}")
    expect(pair).to_be_visible()
    expect(pair.get_by_role("columnheader", name="First record")).to_be_visible()
    expect(pair.get_by_role("columnheader", name="Second record")).to_be_visible()
    expect(pair.get_by_role("rowheader", name="Date of birth")).to_be_visible()
    look(page, "the clerical review page", "population")

    # Nothing chosen: the error, in the summary and by the question.
    page.get_by_role("button", name="Save and continue").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Select whether these records are the same person")
    expect(page).to_have_title(re.compile(r"^Error: Check a sample of links"))
    check_accessibility(page, "the clerical review page with an error")

    # The keyboard: the error's link takes focus to the first radio; space chooses it, tab
    # moves to the button and enter saves.
    summary.get_by_role("link", name="Select whether these records are the same person").click()
    same = page.get_by_role("group", name=QUESTION).get_by_label("Same person", exact=True)
    expect(same).to_be_focused()
    page.keyboard.press("Space")
    expect(same).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Save and continue")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("table", name=f"Pair 2 of {total}")).to_be_visible()
    expect(page.get_by_text(f"You have checked 1 of {total} pairs")).to_be_visible()
    check_accessibility(page, "the clerical review page after a decision")

    # Clicks.
    page.get_by_role("group", name=QUESTION).get_by_label("Different people").check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("table", name=f"Pair 3 of {total}")).to_be_visible()
    decisions = dict(
        ReviewDecision.objects.filter(pair__run=run).values_list("pair__position", "decision")
    )
    assert decisions == {0: "same", 1: "different"}

    # Change the first decision.
    page.get_by_role("link", name="Your decisions so far, to change one").click()
    expect(
        page.get_by_role("heading", name="Your decisions on the sample of links")
    ).to_be_visible()
    check_accessibility(page, "the clerical review decisions")
    page.get_by_role("link", name="Change the decision on pair 1").click()
    expect(page.get_by_role("table", name=f"Pair 1 of {total}")).to_be_visible()
    expect(page.get_by_role("group", name=QUESTION).get_by_label("Same person")).to_be_checked()
    page.get_by_role("group", name=QUESTION).get_by_label("Cannot tell").check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text("Your decision on pair 1 was changed")).to_be_visible()
    expect(page.get_by_role("table", name=f"Pair 3 of {total}")).to_be_visible()

    # The results on the run's page.
    page.get_by_role("link", name="Back to the run").click()
    results = page.locator("main")
    expect(results).to_contain_text("Of the links we checked, 0 of 1 were the same person.")
    expect(results).to_contain_text("1 marked ‘cannot tell’")
    page.get_by_text("How the estimate is made", exact=True).click()
    expect(page.get_by_role("table", name="Pairs checked in each band")).to_be_visible()
    look(page, "the run with the clerical review results", "population")
    assert_no_js_errors(page)
