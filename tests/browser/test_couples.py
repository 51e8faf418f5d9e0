"""A father and a mother worked with as a couple, in the browser with axe-core on every page:
a relationship recorded from the father's record, a joint contact that shows on both
timelines, and an individual contact that shows on one only."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from alongside.accounts.models import Role
from tests.factories import ContactFactory, EpisodeFactory, ParentFactory, UserFactory

from .conftest import assert_no_js_errors, check_accessibility, sign_in, totp_code

pytestmark = pytest.mark.browser

JOINT = "Met both parents at home to plan family time with their son."
HIS_OWN = "Talked with Tomas alone about his anger management course."


def fill_date(page, legend: str, day) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def test_a_couple_worked_with_together(live_server, page, service, team):
    today = timezone.localdate()
    worker = UserFactory(organisation=service, team=team, role=Role.PRACTITIONER)
    father = ParentFactory(organisation=service, given_name="Tomas", family_name="Brightwell")
    mother = ParentFactory(organisation=service, given_name="Rosa", family_name="Ashdown")
    for parent in (father, mother):
        EpisodeFactory(
            organisation=service,
            team=team,
            parent=parent,
            key_worker=worker,
            opened_on=today - timedelta(days=40),
        )
    ContactFactory(
        episode=father.episodes.get(), notes=HIS_OWN, recorded_by=worker, contact_type="phone"
    )

    sign_in(page, live_server, worker, totp_code(worker))
    page.goto(f"{live_server.url}/parents/{father.pk}/")
    check_accessibility(page, "the father's overview")

    # His sex and gender, in the census wording.
    page.get_by_role("link", name="Change details").click()
    page.get_by_role("group", name="What is the parent's sex? (optional)").get_by_label(
        "Male", exact=True
    ).check()
    page.get_by_role(
        "group",
        name="Is the gender you identify with the same as your sex registered at birth? (optional)",
    ).get_by_label("Yes", exact=True).check()
    check_accessibility(page, "the details form")
    page.get_by_role("button", name="Save details").click()
    expect(page.get_by_text("Details saved")).to_be_visible()

    # The relationship: first with himself (refused beside the field), then with Rosa.
    page.get_by_role("link", name="Record a relationship with another parent").click()
    page.get_by_label("Who is the other parent?").select_option(label="Tomas Brightwell")
    page.get_by_role("group", name="What is their relationship?").get_by_label(
        "Partners", exact=True
    ).check()
    fill_date(page, "Date the relationship started", today - timedelta(days=900))
    page.get_by_role("button", name="Save relationship").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    expect(
        page.get_by_text("A parent cannot be in a relationship with themselves").first
    ).to_be_visible()
    check_accessibility(page, "the relationship form with an error")
    page.get_by_label("Who is the other parent?").select_option(label="Rosa Ashdown")
    page.get_by_role("button", name="Save relationship").click()
    expect(page.get_by_text("Relationship recorded")).to_be_visible()
    check_accessibility(page, "the overview with a relationship")

    # A joint contact, recorded once.
    page.get_by_role("link", name="Record a joint contact with a partner").click()
    page.get_by_role("group", name="Which partner was there?").get_by_label("Rosa Ashdown").check()
    fill_date(page, "Date of the contact", today - timedelta(days=1))
    page.get_by_role("group", name="Type of contact").get_by_label("Home visit", exact=True).check()
    page.get_by_label("Notes").fill(JOINT)
    check_accessibility(page, "the joint contact form")
    page.get_by_role("button", name="Save joint contact").click()
    expect(page.get_by_text("Joint contact recorded")).to_be_visible()
    expect(
        page.get_by_role("heading", name="Joint contact with Rosa Ashdown: home visit")
    ).to_be_visible()
    expect(page.get_by_text(JOINT)).to_be_visible()
    expect(page.get_by_text(HIS_OWN)).to_be_visible()
    check_accessibility(page, "the father's timeline")

    # On her timeline: the joint contact, and not his individual one.
    page.get_by_role("link", name="Rosa Ashdown", exact=True).click()
    expect(page.get_by_role("heading", name="Rosa Ashdown", level=1)).to_be_visible()
    expect(
        page.get_by_role("heading", name="Joint contact with Tomas Brightwell: home visit")
    ).to_be_visible()
    expect(page.get_by_text(JOINT)).to_be_visible()
    expect(page.get_by_text(HIS_OWN)).to_have_count(0)
    check_accessibility(page, "the mother's timeline")
    assert_no_js_errors(page)
