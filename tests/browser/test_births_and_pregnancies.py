"""Births and pregnancies in the browser, with axe-core on every page: recording a birth and
the baby's story, and a miscarriage ending sharing that was only while pregnant."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from alongside.accounts.models import Organisation, Role
from alongside.people.services import pregnancy_record
from alongside.sharing.services import consent_record
from tests.factories import ContactFactory, OrganisationFactory, UserFactory

from .conftest import assert_no_js_errors, check_accessibility, sign_in, totp_code

pytestmark = pytest.mark.browser


def fill_date(page, legend: str, day) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def choose(page, question: str, answer: str) -> None:
    page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()


def test_record_a_birth_and_the_babys_plan_moving_to_child_in_need(
    live_server, page, practitioner, episode
):
    today = timezone.localdate()
    parent = episode.parent
    sign_in(page, live_server, practitioner, totp_code(practitioner))
    page.goto(f"{live_server.url}/parents/{parent.pk}/")
    page.get_by_role("link", name="Add a pregnancy").click()
    fill_date(page, "Date the pregnancy was confirmed", today - timedelta(days=250))
    fill_date(page, "Due date (optional)", today + timedelta(days=5))
    choose(
        page,
        "Pre-birth assessment by children's social care (optional)",
        "Child protection plan at birth",
    )
    check_accessibility(page, "add a pregnancy")
    page.get_by_role("button", name="Save pregnancy").click()
    expect(page.get_by_text("Current pregnancy")).to_be_visible()
    check_accessibility(page, "the overview with a current pregnancy")

    page.get_by_role("link", name="Record how the pregnancy ended").click()
    born = today - timedelta(days=40)
    choose(page, "How did the pregnancy end?", "The baby was born")
    fill_date(page, "Date the pregnancy ended", born)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    expect(page.get_by_text("Select where the baby is living").first).to_be_visible()
    check_accessibility(page, "the outcome form with an error")

    page.get_by_label("Baby's first name (optional)").fill("Ivy")
    choose(
        page,
        "Where is the baby living, and under what plan or order?",
        "At home, child protection plan",
    )
    choose(page, "How do you know where the baby is living? (optional)", "Children's social care")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Birth recorded")).to_be_visible()
    # Her story, and (since issue 16) its first dated step on the one timeline too.
    expect(page.get_by_role("heading", name="Ivy", exact=True)).to_be_visible()
    check_accessibility(page, "the overview with the baby")

    page.get_by_role("link", name="Record a change in where Ivy lives").click()
    choose(
        page,
        "Where is the child living from this date, and under what plan or order?",
        "At home, child in need plan",
    )
    # A date before the birth is refused beside the field.
    fill_date(page, "Date of the change", born - timedelta(days=1))
    choose(page, "How do you know?", "Children's social care")
    page.get_by_role("button", name="Save change").click()
    expect(page.get_by_text("must be on or after Ivy's date of birth").first).to_be_visible()
    check_accessibility(page, "the status change with an error")

    moved = today - timedelta(days=3)
    fill_date(page, "Date of the change", moved)
    page.get_by_role("button", name="Save change").click()
    expect(page.get_by_text("Now: At home, child in need plan")).to_be_visible()
    story = page.get_by_role("list", name="Where Ivy has lived")
    expect(story.get_by_role("listitem")).to_have_text(
        [
            f"{born.day} {born:%b %Y}: At home, child protection plan",
            f"{moved.day} {moved:%b %Y}: At home, child in need plan",
        ]
    )
    check_accessibility(page, "the overview with the baby's story")
    assert_no_js_errors(page)


def test_a_miscarriage_ends_sharing_that_was_only_while_pregnant(
    live_server, page, browser, practitioner, episode
):
    today = timezone.localdate()
    parent = episode.parent
    partner_org = OrganisationFactory(
        name="Northbrook maternity (test)", kind=Organisation.Kind.PARTNER
    )
    midwife = UserFactory(organisation=partner_org, team=None, role=Role.PARTNER)
    ContactFactory(
        episode=episode, notes="Went to the antenatal clinic together.", confidentiality="shareable"
    )
    pregnancy_record(
        parent=parent,
        recorded_by=practitioner,
        details={
            "confirmed_on": today - timedelta(days=60),
            "due_date": today + timedelta(days=200),
        },
    )
    consent_record(
        parent=parent,
        recorded_by=practitioner,
        organisation=partner_org,
        categories=["contacts"],
        purpose="Support through the pregnancy",
        starts_on=today,
        condition="only_if_pregnant",
        how_given="signed",
    )

    partner_page = browser.new_context().new_page()
    sign_in(partner_page, live_server, midwife, totp_code(midwife))
    partner_page.goto(f"{live_server.url}/shared/{parent.pk}/")
    expect(partner_page.get_by_text("Went to the antenatal clinic together.")).to_be_visible()
    check_accessibility(partner_page, "the partner view while pregnant")

    sign_in(page, live_server, practitioner, totp_code(practitioner))
    page.goto(f"{live_server.url}/parents/{parent.pk}/")
    page.get_by_role("link", name="Record how the pregnancy ended").click()
    choose(page, "How did the pregnancy end?", "Miscarriage")
    # A date before the pregnancy was confirmed is refused.
    fill_date(page, "Date the pregnancy ended", today - timedelta(days=61))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("must be on or after the date it was confirmed").first).to_be_visible()
    check_accessibility(page, "the outcome form with an early date")
    fill_date(page, "Date the pregnancy ended", today)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Pregnancy ended: miscarriage")).to_be_visible()
    expect(page.get_by_text("Current pregnancy")).to_have_count(0)
    check_accessibility(page, "the overview after a miscarriage")

    partner_page.goto(f"{live_server.url}/shared/{parent.pk}/")
    expect(partner_page.get_by_text("Went to the antenatal clinic together.")).to_have_count(0)
    partner_page.goto(f"{live_server.url}/shared/")
    expect(partner_page.get_by_text(parent.full_name)).to_have_count(0)
    check_accessibility(partner_page, "the partner's list after the pregnancy ended")
    partner_page.context.close()
    assert_no_js_errors(page)
